import fc from 'fast-check';
import { validRequest } from '../../../generators/requests/operation-request';
import { credentialGuard, generatedPlan, generatedSetup, shrinkThenSimplify } from './generated-plan';
import { infoOf } from './generated-case';
import type { NotRun, PhaseInput, PhasePlan, PlannedPhase } from './types';

/**
 * The positive phase: --examples valid requests fast-check generates from the contract, path parameters bound
 * to real resources for three in four (bound-arbitrary.ts), each valid body tamed by what the target's
 * earlier refusals taught (tamed.ts). Judged by every check; a failure is shrunk, then simplified.
 */
export const positivePhase: PlannedPhase = { guard: credentialGuard, plan, caseKinds: ['valid'], probes: true };

async function plan(input: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  const { ctx, operation, seed } = input;
  const refused = credentialGuard(ctx, operation);
  if (refused) return { notRun: refused };
  const setup = await generatedSetup(input, validRequest(operation), 'prepared');
  const cases = fc.sample(setup.arbitrary, { seed, numRuns: ctx.examples }).map((request) => ({ request, info: infoOf(request) }));
  return generatedPlan(ctx, operation, cases, setup, { tame: true, minimize: shrinkThenSimplify(input, 'positive', setup) });
}
