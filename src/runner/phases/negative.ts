import fc from 'fast-check';
import type { Operation } from '../../contract/types';
import type { RunContext } from '../context';
import { credentialGuard, generatedPlan, generatedSetup, shrinkThenSimplify } from './generated-plan';
import { infoOf } from './generated-case';
import { type NotRun, type PhaseInput, type PhasePlan, type PlannedPhase, why } from './types';

/**
 * The negative phase: --examples invalid requests (RunContext.invalidArbitrary: one mutation each, of the
 * body, the query or a header), path parameters bound to real resources, never broken. Each is proven
 * invalid on the bytes sent (oracle/prove-invalid.ts); a failure is shrunk, then simplified.
 */
export const negativePhase: PlannedPhase = { guard, plan, caseKinds: ['invalid'], probes: true };

function guard(ctx: RunContext, operation: Operation): NotRun | undefined {
  const refused = credentialGuard(ctx, operation);
  if (refused) return refused;
  if (!ctx.invalidArbitrary(operation)) {
    return why('nothing-to-generate', 'nothing in the request can be made invalid as sent (no body, and no parameter whose wire string can break its schema)');
  }
  return undefined;
}

async function plan(input: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  const { ctx, operation, seed } = input;
  const refused = guard(ctx, operation);
  if (refused) return { notRun: refused };
  const setup = await generatedSetup(input, ctx.invalidArbitrary(operation)!, 'plain');
  const cases = fc.sample(setup.arbitrary, { seed, numRuns: ctx.examples }).map((request) => ({ request, info: infoOf(request) }));
  return generatedPlan(ctx, operation, cases, setup, { minimize: shrinkThenSimplify(input, 'negative', setup) });
}
