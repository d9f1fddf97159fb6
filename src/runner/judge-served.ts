import type { Operation } from '../contract/types';
import type { RunContext } from './context';
import { finding } from './finding';
import { withVariant } from './phases/auth-variant';
import type { SentCase } from './phases/types';
import { checkBase, runChecks } from './run-checks';
import { send } from './send';
import { tally } from './tally';
import type { Finding, PhaseResult } from './types';

/**
 * Feeds an answer to the run's ServedTracker. When the operation's answers so far say it is not served, asks
 * once without the key if that is needed to tell (a served route refuses it with 401), and lets the
 * operation-served check judge; returns its finding when the operation is not served.
 */
export async function judgeServed(
  ctx: RunContext,
  operation: Operation,
  sent: SentCase,
  result: PhaseResult,
  replay: { seed: number; index: number },
): Promise<Finding | undefined> {
  const check = ctx.checks.find((c) => c.id === 'operation-served');
  if (!check) return undefined;
  const keyed = 'authorization' in sent.exchange.request.headers;
  // Only a path that names what exists (or no path parameter at all) tells a missing route from a missing resource.
  const names = !operation.path.includes('{') || sent.info.kind === 'stateful' || (sent.info.kind === 'valid' && !sent.info.namesNothing);
  let state = ctx.served.observe(operation, sent.exchange, keyed, names);
  let last: SentCase = sent;
  if (state.state === 'suspect' && state.confirm) {
    const request = { ...sent.exchange.request, headers: withVariant(sent.exchange.request.headers, 'missing-key') };
    // Not a case: nothing it makes is the run's to record, and a broken exchange ends the phase.
    const response = await send(ctx, operation, request, { record: false, onFault: 'throw', count: result });
    last = { exchange: { request, response }, info: { kind: 'auth', variant: 'missing-key' } };
    state = ctx.served.observe(operation, last.exchange, false, names);
  }
  if (state.state !== 'suspect') return undefined;
  const onGateway = operation.servedBy === 'gateway' && ctx.edition !== 'cloud' && !ctx.gateway;
  const info = ctx.served.caseOf(
    operation,
    onGateway
      ? { severity: 'warning', hint: 'A self-hosted OneCLI serves it from its gateway, not the API base URL: give --gateway-target (ONECLI_GATEWAY_URL) to test it there.' }
      : {},
  );
  const outcome = runChecks([check], { ...checkBase(ctx, operation), case: info, exchange: last.exchange }).get(check);
  tally(result.checks[check.id]!, outcome);
  if (outcome?.status !== 'failed') {
    ctx.served.markServed(operation);
    return undefined;
  }
  ctx.served.markGone(operation, last.exchange.response.status);
  return finding(ctx, operation, result.phase, check, outcome, { ...last, info }, replay);
}
