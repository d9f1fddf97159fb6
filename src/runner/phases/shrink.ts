import fc from 'fast-check';
import type { RequestCase } from '../../../generators/requests/types';
import type { Operation } from '../../contract/types';
import type { RunContext } from '../context';
import { finding } from '../finding';
import { checkBase, runChecks } from '../run-checks';
import type { Finding, Phase } from '../types';
import { type GeneratedCase, infoOf } from './generated-case';
import { sendCase } from './send-case';
import { tamed, wasTamed } from './tamed';

const SHRINK_TIME_LIMIT_MS = 5000;

/**
 * Replays the failing case with fast-check (same seed, its path) and shrinks it to a smaller request that
 * still fails the same check with the same title and cause. The shrunk case becomes the evidence; `request`
 * is what it sent, for simplifyFinding to start from (absent when nothing failed again).
 */
export async function shrink(
  ctx: RunContext,
  operation: Operation,
  phase: Phase,
  arbitrary: fc.Arbitrary<RequestCase>,
  seed: number,
  index: number,
  original: Finding,
  auth: Record<string, string>,
): Promise<{ finding: Finding; requests: number; request?: RequestCase }> {
  const count = { requests: 0 };
  let best: Finding | undefined;
  let bestRequest: RequestCase | undefined;
  const check = ctx.checks.find((c) => c.id === original.checkId)!;
  // A failure of a tamed case shrinks tamed; an untamed refusal shrinks as it was generated.
  const tame = wasTamed(original.case);
  const property = fc.asyncProperty(arbitrary, async (request) => {
    const generated: GeneratedCase = { request, info: infoOf(request) };
    const toSend = tame ? tamed(ctx, operation, generated) : generated;
    const sent = await sendCase(ctx, operation, toSend, auth, {}, count);
    if (!sent) return true;
    const outcome = runChecks([check], { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange }).get(check);
    if (outcome?.status === 'failed' && outcome.violation.title === original.title && outcome.violation.cause === original.cause) {
      best = finding(ctx, operation, phase, check, outcome, sent, { seed, index, shrunk: true });
      bestRequest = toSend.request;
      return false;
    }
    return true;
  });
  const details = await fc.check(property, {
    seed,
    path: String(index),
    numRuns: ctx.examples,
    interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS,
  });
  if (!details.failed || !best) return { finding: original, requests: count.requests };
  const shrunk: Finding = best;
  shrunk.replay.path = details.counterexamplePath ?? String(index);
  shrunk.replay.shrunk = details.numShrinks > 0;
  shrunk.occurrences = original.occurrences;
  return { finding: shrunk, requests: count.requests, request: bestRequest };
}
