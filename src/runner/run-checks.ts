import { transportError } from '../checks/transport-error';
import type { Check, CheckContext, CheckOutcome } from '../checks/types';
import type { Operation } from '../contract/types';
import type { RunContext } from './context';

/**
 * Runs every applicable check on one exchange. A check that throws fails itself (with the exception as
 * its message) instead of crashing the run. `undefined` marks a check that does not apply (skipped).
 * An exchange that broke off (`response.transport`: status 0, no headers, no body) gets the transport-error
 * check alone, when selected: every other check would misjudge it; the map then holds only that check.
 */
export function runChecks(checks: Check[], ctx: CheckContext): Map<Check, CheckOutcome | undefined> {
  const outcomes = new Map<Check, CheckOutcome | undefined>();
  const selected = ctx.exchange.response.transport ? checks.filter((check) => check.id === transportError.id) : checks;
  for (const check of selected) {
    try {
      outcomes.set(check, check.appliesTo(ctx) ? check.run(ctx) : undefined);
    } catch (error) {
      outcomes.set(check, {
        status: 'failed',
        violation: { title: 'Check crashed', message: `The check threw: ${(error as Error).message}` },
      });
    }
  }
  return outcomes;
}

/** What every check of an operation's answers is given besides the case and the exchange. */
export function checkBase(ctx: RunContext, operation: Operation): Omit<CheckContext, 'case' | 'exchange'> {
  return { operation, operations: ctx.contract.operations, compiler: ctx.compiler, maxResponseTimeMs: ctx.maxResponseTimeMs };
}
