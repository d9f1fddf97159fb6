import { emptyResult } from './phase-result';
import type { Operation } from '../contract/types';
import { EngineError } from '../errors';
import { faultResponse, TransportFault } from '../http/transport-fault';
import type { RunContext } from './context';
import { finding } from './finding';
import type { SentCase } from './phases/types';
import { checkBase, runChecks } from './run-checks';
import type { Phase, PhaseResult } from './types';

/**
 * A case whose exchange (or a read around it) broke off twice and threw (send's `onFault: 'throw'`): its
 * status-0 answer, for transport-error. Anything but a TransportFault is thrown on.
 */
export function brokenCase(error: unknown): SentCase {
  if (!(error instanceof TransportFault)) throw error;
  return { exchange: { request: error.request, response: faultResponse(error) }, info: { kind: 'valid', namesNothing: true } };
}

/**
 * The result of a phase cut short by an exchange of its setup that broke off twice: one transport-error
 * finding. Without the transport-error check selected, the target is unusable.
 */
export function brokenOff(ctx: RunContext, operation: Operation, phase: Phase, fault: TransportFault): PhaseResult {
  const check = ctx.checks.find((c) => c.id === 'transport-error');
  if (!check) throw new EngineError('TARGET_UNUSABLE', `${fault.request.method} ${ctx.redactor.path(fault.request.path)}: ${fault.detail}`);
  const sent: SentCase = brokenCase(fault);
  const outcome = runChecks([check], { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange }).get(check);
  const result = emptyResult(operation, phase, ctx.checks.map((c) => c.id));
  for (const c of ctx.checks) result.checks[c.id]!.skipped = c === check ? 0 : 1;
  result.checks[check.id]!.failed = 1;
  return {
    ...result,
    cases: 1,
    requests: 1,
    statuses: { '0': 1 },
    findings: outcome?.status === 'failed' ? [finding(ctx, operation, phase, check, outcome, sent, { seed: ctx.seed, index: 0 })] : [],
    durationMs: fault.durationMs,
  };
}
