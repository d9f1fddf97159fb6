import type { RequestCase } from '../../../generators/requests/types';
import { caseToWire } from '../../../generators/requests/wire';
import type { CaseInfo } from '../../checks/types';
import type { Operation } from '../../contract/types';
import { breakages, proveInvalid } from '../../oracle/prove-invalid';
import type { Binding } from '../../stateful/bindings';
import type { RunContext } from '../context';
import { finding } from '../finding';
import { checkBase, runChecks } from '../run-checks';
import { simplifyRequest } from '../simplify';
import type { Finding, Phase } from '../types';
import { infoOf } from './generated-case';
import { sendCase, stillValid } from './send-case';
import { TAMED_LABEL, wasTamed } from './tamed';

/** Candidates sent per finding to simplify its evidence (after the shrink, and for coverage cases). */
const SIMPLIFY_BUDGET = 40;

/**
 * Simplifies a finding's evidence (src/runner/simplify.ts), starting from the request that was sent: one
 * change at a time, each candidate judged on the bytes it would send (admissible) before it is sent as it is
 * (not tamed again), and kept when it still fails the same check with the same title and cause. The simplest
 * failing answer becomes the evidence; when none fails, the finding stays as it was.
 */
export async function simplifyFinding(
  ctx: RunContext,
  operation: Operation,
  phase: Phase,
  request: RequestCase,
  original: Finding,
  auth: Record<string, string>,
  bound: Binding,
): Promise<{ finding: Finding; requests: number }> {
  const check = ctx.checks.find((c) => c.id === original.checkId)!;
  const before = breakages(operation, caseToWire(operation, request, auth), ctx.compiler);
  // A boundary's label no longer describes a simplified value; "tamed" still does.
  const tame = wasTamed(original.case);
  const infoFor = (c: RequestCase): CaseInfo => (tame ? { kind: 'valid', label: TAMED_LABEL } : infoOf(c));
  let best: Finding | undefined;
  const count = { requests: 0 };
  await simplifyRequest(request, {
    budget: SIMPLIFY_BUDGET,
    admissible: (candidate) => admissible(ctx, operation, candidate, auth, before),
    stillFails: async (candidate) => {
      const sent = await sendCase(ctx, operation, { request: candidate, info: infoFor(candidate) }, auth, bound, count);
      if (!sent) return false;
      const outcome = runChecks([check], { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange }).get(check);
      if (outcome?.status !== 'failed' || outcome.violation.title !== original.title || outcome.violation.cause !== original.cause) return false;
      best = finding(ctx, operation, phase, check, outcome, sent, { ...original.replay, shrunk: true });
      return true;
    },
  });
  return { finding: best ? { ...best, occurrences: original.occurrences } : original, requests: count.requests };
}

/**
 * Whether a simplified candidate is still a case of the same kind, judged on the bytes it would send: a valid
 * case still routes to its operation and validates (stillValid); an invalid one is still proven invalid
 * (proveInvalid), still breaks what its mutation broke, and breaks nothing the original request did not.
 */
function admissible(ctx: RunContext, operation: Operation, candidate: RequestCase, auth: Record<string, string>, before: Set<string>): boolean {
  const wire = caseToWire(operation, candidate, auth);
  if (candidate.kind === 'valid') return stillValid(ctx, operation, candidate, wire);
  const m = candidate.mutation;
  if (!m || proveInvalid(operation, ctx.contract.operations, wire, ctx.compiler).verdict !== 'invalid') return false;
  const after = breakages(operation, wire, ctx.compiler);
  const own = m.location !== 'body' ? `${m.location} ${m.name}` : candidate.body?.kind === 'json' ? `body${m.pointer} ${m.keyword}` : 'body';
  return after.has(own) && [...after].every((b) => before.has(b));
}
