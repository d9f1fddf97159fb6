import type fc from 'fast-check';
import type { RequestCase } from '../../../generators/requests/types';
import type { Operation } from '../../contract/types';
import type { Binding } from '../../stateful/bindings';
import type { RunContext } from '../context';
import { authFor } from '../credentials';
import { requestSize } from '../simplify';
import type { Finding, Phase } from '../types';
import { boundArbitrary, type Binds } from './bound-arbitrary';
import type { GeneratedCase } from './generated-case';
import { sendCase } from './send-case';
import { shrink } from './shrink';
import { simplifyFinding } from './simplify-finding';
import { tamed } from './tamed';
import { type NotRun, type PhaseInput, type PhasePlan, why } from './types';

/** What a generated phase's cases are sent with: its bound requests, the binding, and the credentials. */
export interface GeneratedSetup {
  arbitrary: fc.Arbitrary<RequestCase>;
  bound: Binding;
  auth: Record<string, string>;
}

/** Why a generated phase that sends the operation's own key cannot: the run has no key for it. */
export function credentialGuard(ctx: RunContext, operation: Operation): NotRun | undefined {
  const auth = authFor(operation, ctx.credentials);
  return 'missing' in auth ? why('no-credential', auth.missing) : undefined;
}

/**
 * Binds a generated phase's requests (boundArbitrary), takes its credentials, and remembers what the
 * operation may change, in that order. A probe names nothing, so there is nothing to put back (and no
 * read-and-restore on state the run does not own).
 */
export async function generatedSetup({ ctx, operation, auth }: PhaseInput, base: fc.Arbitrary<RequestCase>, binds: Binds): Promise<GeneratedSetup> {
  const { arbitrary, bound } = await boundArbitrary(ctx, operation, base, binds);
  const headers = await auth();
  if (!ctx.probeOnly(operation)) await ctx.binder.rememberRestore(operation);
  return { arbitrary, bound, auth: headers };
}

/**
 * The plan of a generated phase: its cases are independent requests, sent in windows through sendCase (with
 * `tame`, each valid body first takes what earlier refusals taught, as it is sent); of the cases failing
 * alike, the smallest request is the evidence.
 */
export function generatedPlan(
  ctx: RunContext,
  operation: Operation,
  cases: GeneratedCase[],
  setup: GeneratedSetup,
  options: { tame?: boolean; minimize?: PhasePlan['minimize'] } = {},
): PhasePlan {
  return {
    cases: cases.map((c) => () => sendCase(ctx, operation, options.tame ? tamed(ctx, operation, c) : c, setup.auth, setup.bound)),
    concurrent: true,
    sizeOf: (index) => requestSize(cases[index]!.request),
    ...(options.minimize ? { minimize: options.minimize } : {}),
  };
}

/**
 * The minimize step of the phases whose cases fast-check sampled from `setup.arbitrary` (positive,
 * negative): shrink the failing case (same seed, its path), then simplify what the shrink sent.
 */
export function shrinkThenSimplify(input: PhaseInput, phase: Phase, setup: GeneratedSetup): NonNullable<PhasePlan['minimize']> {
  const { ctx, operation, seed } = input;
  return async (index: number, found: Finding) => {
    const shrunk = await shrink(ctx, operation, phase, setup.arbitrary, seed, index, found, setup.auth);
    if (!shrunk.request) return { finding: shrunk.finding, requests: shrunk.requests };
    const simpler = await simplifyFinding(ctx, operation, phase, shrunk.request, shrunk.finding, setup.auth, setup.bound);
    return { finding: simpler.finding, requests: shrunk.requests + simpler.requests };
  };
}
