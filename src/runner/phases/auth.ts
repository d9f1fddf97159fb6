import fc from 'fast-check';
import { validRequest } from '../../../generators/requests/operation-request';
import type { Operation } from '../../contract/types';
import type { RunContext } from '../context';
import { generatedPlan, generatedSetup } from './generated-plan';
import type { GeneratedCase } from './generated-case';
import { type NotRun, type PhaseInput, type PhasePlan, type PlannedPhase, why } from './types';

/**
 * The auth phase: one valid request of an authenticated operation, sent twice, without the Authorization
 * header and with a key no server issued (auth-variant.ts). It needs no key of the run's: the operation's own
 * credentials are only the starting point. Judged by every check, as auth cases.
 */
export const authPhase: PlannedPhase = { guard, plan, caseKinds: ['auth'], probes: true };

function guard(_ctx: RunContext, operation: Operation): NotRun | undefined {
  return operation.authenticated ? undefined : why('not-applicable', 'the operation is public');
}

async function plan(input: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  const { ctx, operation, seed } = input;
  const refused = guard(ctx, operation);
  if (refused) return { notRun: refused };
  const setup = await generatedSetup(input, validRequest(operation), 'prepared');
  const [base] = fc.sample(setup.arbitrary, { seed, numRuns: 1 });
  const cases: GeneratedCase[] = (['missing-key', 'malformed-key'] as const).map((variant) => ({
    request: base!,
    info: { kind: 'auth', variant },
    auth: variant,
  }));
  return generatedPlan(ctx, operation, cases, setup);
}
