import { statusCodeConformance, statusCodeConformanceAccepting } from '../checks/status-code-conformance';
import type { Operation } from '../contract/types';
import type { RunContext } from '../runner/context';

/**
 * The context one operation's phases run in, with the config file's overrides for it applied (its
 * `examples`, `checks`, `excludeChecks`, `timeout`) and the extra statuses (global and its own) accepted by
 * status-code-conformance. The context itself when the config says nothing about the operation. Everything
 * else (binder, ledger, learner, served tracker) is the context's own, shared.
 */
export function operationContext(ctx: RunContext, operation: Operation): RunContext {
  const override = ctx.config?.operations?.[operation.operationId];
  const extra = [...(ctx.config?.extraStatuses ?? []), ...(override?.statusCodes?.extra ?? [])];
  if (!override && !extra.length) return ctx;
  const checks = ctx.checks
    .filter((c) => (!override?.checks || override.checks.includes(c.id)) && !override?.excludeChecks?.includes(c.id))
    .map((c) => (c.id === statusCodeConformance.id ? statusCodeConformanceAccepting(extra) : c));
  return {
    ...ctx,
    examples: override?.examples ?? ctx.examples,
    checks,
    ...(override?.timeout !== undefined ? { client: ctx.clientWithTimeout(override.timeout) } : {}),
  };
}

/** The reason the config file gives for not running an operation, if it skips it. */
export function skippedBy(config: RunContext['config'], operation: Operation): string | undefined {
  return config?.operations?.[operation.operationId]?.skip;
}
