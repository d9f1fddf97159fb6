import fc from 'fast-check';
import { boundaryValues } from '../../../generators/index';
import { validRequest } from '../../../generators/requests/operation-request';
import type { RequestCase } from '../../../generators/requests/types';
import type { Operation } from '../../contract/types';
import type { RunContext } from '../context';
import { credentialGuard, generatedPlan, generatedSetup } from './generated-plan';
import { type GeneratedCase, infoOf } from './generated-case';
import { simplifyFinding } from './simplify-finding';
import { type NotRun, type PhaseInput, type PhasePlan, type PlannedPhase, why } from './types';

/**
 * The coverage phase: deterministic cases, each boundary of the request body (valid and invalid,
 * generators/values boundaries) on top of a valid request. Judged by every check; a failure's evidence is
 * simplified (there is no fast-check path to shrink along).
 */
export const coveragePhase: PlannedPhase = { guard, plan, caseKinds: ['valid', 'invalid'], probes: true };

/**
 * `--plan` also tells an operation without a body apart; a run finds it out once bound, as a phase with
 * nothing to generate (the binding is made all the same, as other phases reuse it).
 */
function guard(ctx: RunContext, operation: Operation): NotRun | undefined {
  const refused = credentialGuard(ctx, operation);
  if (refused) return refused;
  if (!operation.requestBody) return why('nothing-to-generate', 'no request body to take boundary values from');
  return undefined;
}

async function plan(input: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  const { ctx, operation, seed } = input;
  const refused = credentialGuard(ctx, operation);
  if (refused) return { notRun: refused };
  const setup = await generatedSetup(input, validRequest(operation), 'prepared');
  const cases = coverageCases(ctx, operation, seed, setup.arbitrary);
  return generatedPlan(ctx, operation, cases, setup, {
    minimize: (index, found) => simplifyFinding(ctx, operation, 'coverage', cases[index]!.request, found, setup.auth, setup.bound),
  });
}

/**
 * Each body boundary (valid and invalid) on top of a valid request. Each case gets its own base request, so
 * boundaries are not masked by a conflict with the previous case (same identifier).
 */
function coverageCases(ctx: RunContext, operation: Operation, seed: number, arbitrary: fc.Arbitrary<RequestCase>): GeneratedCase[] {
  const body = operation.requestBody;
  if (!body) return [];
  const boundaries = boundaryValues(body.schema, (v) => ctx.compiler.validate(body.schema, v).valid);
  const total = boundaries.valid.length + boundaries.invalid.length;
  if (total === 0) return [];
  const bases = fc.sample(arbitrary, { seed, numRuns: total });
  const cases: GeneratedCase[] = boundaries.valid.map(({ value, label, pointer }, i) => ({
    request: { ...bases[i]!, body: { kind: 'json', value: transplant(bases[i]!.body, value, pointer) } },
    info: { kind: 'valid', label },
  }));
  boundaries.invalid.forEach((inv, i) => {
    const request: RequestCase = {
      ...bases[boundaries.valid.length + i]!,
      kind: 'invalid',
      body: { kind: 'json', value: inv.value },
      mutation: { ...inv, location: 'body' },
    };
    cases.push({ request, info: infoOf(request) });
  });
  return cases;
}

/**
 * The covered top-level property of a boundary value, put into the base request's own (valid) body, so
 * that the rest of the body (identifiers, names) stays as fresh as the base. Both bodies are valid objects
 * of the same schema, so swapping one property keeps the body valid unless properties depend on each
 * other; sendCase drops the case if the body no longer validates.
 */
function transplant(base: RequestCase['body'], value: unknown, pointer = ''): unknown {
  const segment = pointer.split('/')[1];
  const baseValue = base?.kind === 'json' ? base.value : undefined;
  if (segment === undefined || !isObject(baseValue) || !isObject(value)) return value;
  const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return key in value ? { ...baseValue, [key]: value[key] } : value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
