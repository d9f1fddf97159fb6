import { emptyResult } from './phase-result';
import { asBulk } from '../http/limiter';
import type { Operation } from '../contract/types';
import { TransportFault } from '../http/transport-fault';
import { brokenCase, brokenOff } from './broken-off';
import type { RunContext } from './context';
import { alsoOf, finding } from './finding';
import { judgeServed } from './judge-served';
import { PLANNED } from './phases/index';
import { phaseAuth } from './phases/phase-auth';
import type { NotRun } from './phases/types';
import { primaryFailure } from './primary-failure';
import { checkBase, runChecks } from './run-checks';
import { phaseSeed } from './seed';
import { tally } from './tally';
import type { Finding, Phase, PhaseResult } from './types';

/**
 * Runs one phase of one operation, whichever it is (phases/index.ts): the run's reasons not to run it, then
 * the phase's plan, its cases in windows, every answer judged, and each finding confirmed or minimized as the
 * plan says (phases/types.ts states the shape).
 */
export async function runPhase(ctx: RunContext, operation: Operation, phase: Phase): Promise<PhaseResult> {
  try {
    return await phaseRun(ctx, operation, phase);
  } catch (error) {
    if (!(error instanceof TransportFault)) throw error;
    // A setup call (a binding, a read around a case) broke off twice: that exchange is the phase's finding.
    return brokenOff(ctx, operation, phase, error);
  }
}

async function phaseRun(ctx: RunContext, operation: Operation, phase: Phase): Promise<PhaseResult> {
  const started = performance.now();
  const result: PhaseResult = { ...emptyResult(operation, phase, ctx.checks.map((c) => c.id)), valid: { sent: 0, accepted: 0 } };
  const skip = whyNotRun(ctx, operation, phase);
  if (skip) return { ...result, notRun: skip };

  const seed = phaseSeed(ctx.seed, operation.operationId, phase);
  const plan = await PLANNED[phase].plan({ ctx, operation, seed, auth: () => phaseAuth(ctx, operation) });
  if ('notRun' in plan) return { ...result, notRun: plan.notRun };
  if (plan.cases.length === 0) {
    return { ...result, notRun: { reason: 'nothing-to-generate', detail: `no ${phase} case can be generated for this operation` } };
  }
  const judges = plan.foreign ? ctx.checks.filter((c) => plan.foreign!.checkIds.includes(c.id)) : ctx.checks;

  const firstFailure = new Map<string, { index: number; finding: Finding }>();
  cases: for (const [start, end] of windows(plan.cases.length, plan.concurrent ? undefined : 1)) {
    // --max-duration, or a target gone: what was sent is judged, nothing more is sent.
    if (ctx.stopped()) break;
    // The cases of a window go out together; their answers are judged (and learned from) in order.
    const window = () => Promise.all(plan.cases.slice(start, end).map((send) => send().catch((error) => brokenCase(error))));
    // Independent cases go as bulk: the limiter serves the chains other work waits on (sequence steps,
    // bindings, the cases of sequential phases) first.
    const answers = await (plan.concurrent ? asBulk(window) : window());
    for (const [offset, answer] of answers.entries()) {
      const index = start + offset;
      if (!answer || (Array.isArray(answer) && answer.length === 0)) continue;
      result.cases++;
      // A stateful case is a sequence: each of its answers is judged.
      for (const sent of Array.isArray(answer) ? answer : [answer]) {
        result.requests += sent.requests ?? 1;
        if (!plan.foreign) {
          const status = String(sent.exchange.response.status);
          result.statuses[status] = (result.statuses[status] ?? 0) + 1;
          if (sent.info.kind === 'valid' && !sent.exchange.response.transport) {
            result.valid!.sent++;
            if (sent.exchange.response.status < 300) result.valid!.accepted++;
            // A 400 flat to a valid request names the fields the server wants otherwise (runner/learn.ts).
            ctx.learner.answered(operation, sent.exchange.request, sent.exchange.response);
          }
        }
        for (const check of ctx.checks) if (!judges.includes(check)) result.checks[check.id]!.skipped++;
        const outcomes = runChecks(judges, { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange });
        for (const [check, outcome] of outcomes) tally(result.checks[check.id]!, outcome);
        // One answer, one finding: the check that speaks for it, the others listed on it.
        const primary = primaryFailure(outcomes, sent.exchange.response.status);
        if (primary) {
          const { check, outcome } = primary;
          const key = `${check.id}\u0000${outcome.violation.title}\u0000${outcome.violation.cause ?? ''}`;
          const seen = firstFailure.get(key);
          // Of the cases that fail the same way, the smallest is the evidence (and where minimizing starts).
          const smaller = seen && plan.sizeOf && plan.sizeOf(index) < plan.sizeOf(seen.index);
          if (seen && !smaller) seen.finding.occurrences++;
          else {
            const f = finding(ctx, operation, phase, check, outcome, sent, { seed, index }, primary.also);
            firstFailure.set(key, { index, finding: seen ? { ...f, occurrences: seen.finding.occurrences + 1 } : f });
          }
        }
        if (plan.foreign) continue;
        const gone = await judgeServed(ctx, operation, sent, result, { seed, index });
        if (gone) {
          // Not served: one finding says so, with what this phase had found on the way; nothing more is sent.
          const earlier = [...firstFailure.values()].map((f) => f.finding);
          gone.also = [...(gone.also ?? []), ...earlier.map(alsoOf)];
          result.findings.push(gone);
          firstFailure.clear();
          break cases;
        }
      }
    }
  }

  for (const { index, finding: f } of firstFailure.values()) {
    if (plan.confirm) {
      // Re-run before reporting: a failure that does not recur is inconclusive, one that does is shrunk.
      const check = ctx.checks.find((c) => c.id === f.checkId)!;
      const confirmed = await plan.confirm(index, { checkId: f.checkId, title: f.title });
      result.requests += confirmed.requests;
      const sent = confirmed.sent;
      const outcome = sent && runChecks([check], { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange }).get(check);
      if (sent && outcome?.status === 'failed') {
        const shrunk = finding(ctx, operation, phase, check, outcome, sent, { seed, index, path: confirmed.path, shrunk: confirmed.shrunk });
        result.findings.push({ ...shrunk, occurrences: f.occurrences });
      } else {
        const t = result.checks[f.checkId]!;
        t.failed -= f.occurrences;
        t.inconclusive += f.occurrences;
      }
    } else if (plan.minimize) {
      const minimal = await plan.minimize(index, f);
      result.requests += minimal.requests;
      result.findings.push(minimal.finding);
    } else {
      result.findings.push(f);
    }
  }
  const learned = ctx.learner.learned()[operation.operationId];
  if (learned?.length) result.learned = learned;
  result.durationMs = performance.now() - started;
  return result;
}

/**
 * Why a phase will not run for an operation, as far as can be told without sending anything (`--plan`):
 * the run's own reasons, then the phase's guard. Undefined: the phase runs (it may still find nothing to
 * generate once bound).
 */
export function staticNotRun(ctx: RunContext, operation: Operation, phase: Phase): NotRun | undefined {
  return whyNotRun(ctx, operation, phase) ?? PLANNED[phase].guard(ctx, operation);
}

/** The run's own reasons not to run a phase for an operation, whichever the phase; its guard says the rest. */
function whyNotRun(ctx: RunContext, operation: Operation, phase: Phase): NotRun | undefined {
  const gone = ctx.served.notServed(operation);
  if (gone !== undefined) return { reason: 'not-served', detail: `the target answered every request ${gone}: it does not serve the operation` };
  if (!operation.availability[ctx.edition]) {
    return { reason: 'not-applicable', detail: `not served by the ${ctx.edition} edition` };
  }
  if (ctx.readOnly && operation.method !== 'GET') return { reason: 'not-applicable', detail: 'read-only run' };
  if (ctx.readOnly && PLANNED[phase].unsafeMethods) return { reason: 'not-applicable', detail: `read-only run (the ${phase} phase sends unsafe methods)` };
  const coverage = ctx.coverage(operation);
  if (coverage !== true && !(ctx.probeOnly(operation) && PLANNED[phase].probes)) {
    const probes = Object.entries(PLANNED).filter(([, p]) => p.probes).map(([name]) => name);
    const probed = ctx.probeOnly(operation) ? `; it is only probed (${probes.join(', ')}) with paths that name nothing` : '';
    return { reason: 'not-covered', detail: coverage + probed };
  }
  return undefined;
}

/**
 * The windows a phase's cases go out in: 2 first (two alike answers can already tell an operation is not
 * served), then 4, 8, 16, 16…; one at a time for a phase whose cases depend on each other. The windows do not
 * depend on `--concurrency` (the limiter decides how many requests are really in flight), so what each case
 * sends, learned rules included, is the same at any concurrency.
 */
export function windows(count: number, size?: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let next = size ?? 2;
  for (let start = 0; start < count; start += next, next = size ?? Math.min(next * 2, MAX_WINDOW)) {
    out.push([start, Math.min(start + next, count)]);
  }
  return out;
}

/** The largest window of cases sent together. */
const MAX_WINDOW = 16;
