import { DOCUMENTED_EXAMPLE } from '../../checks/positive-data-acceptance';
import { documentsWholly, exampleRequest, hasExample } from '../../../generators/requests/example-request';
import type { RequestCase } from '../../../generators/requests/types';
import { caseToWire } from '../../../generators/requests/wire';
import type { Operation } from '../../contract/types';
import { routeOperation } from '../../oracle/route';
import { withHarvested } from '../../stateful/harvest';
import type { Binding } from '../../stateful/bindings';
import { pathParamsOf } from '../../stateful/resources';
import type { RunContext } from '../context';
import { authFor } from '../credentials';
import { send } from '../send';
import { routedRequest } from './bound-request';
import { notRun, type NotRun, type PhaseInput, type PhasePlan, type PlannedPhase, why } from './types';

/** Path-value combinations sent per operation. */
const MAX_CASES = 12;

/**
 * The examples phase: the operation's documented example (generators/requests/example-request.ts), sent
 * once for each resource the binder can name in its path (every app of the catalogue, each created
 * secret…), up to MAX_CASES. It is deterministic: it reaches what the docs describe (an API-key app
 * connected with the example credentials) where random requests, which add optional fields at random,
 * rarely get through the server's business rules. The answers are judged by every check, as valid cases.
 */
export const examplesPhase: PlannedPhase = { guard, plan, caseKinds: ['valid'] };

function guard(ctx: RunContext, operation: Operation): NotRun | undefined {
  const varies = operation.requestBody || operation.parameters.some((p) => p.in === 'path' || p.in === 'query');
  if (!varies) return why('nothing-to-generate', 'no body and no parameters: the positive phase sends the only request there is');
  const auth = authFor(operation, ctx.credentials);
  if ('missing' in auth) return why('no-credential', auth.missing);
  return undefined;
}

async function plan({ ctx, operation, seed, auth }: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  await ctx.binder.rememberRestore(operation);
  const refused = guard(ctx, operation);
  if (refused) return { notRun: refused };
  const base = routedRequest(ctx, operation, seed, (sample) => exampleRequest(operation, sample));
  if (!base) return notRun('nothing-to-generate', 'no request built from the documented examples routes to this operation');
  const body = operation.requestBody;
  if (body && base.body?.kind === 'json' && !ctx.compiler.validate(body.schema, base.body.value).valid) {
    return notRun('nothing-to-generate', "the documented examples do not satisfy the request body's schema together");
  }
  const binding = pathParamsOf(operation).length ? await ctx.binder.bindPrepared(operation) : {};
  // Only a request that carries something the docs give is their example; with no example anywhere it is just
  // the required parts (`{}` for a PATCH), which a server may refuse as "at least one field" without the docs being wrong.
  const label = documentsExample(operation) ? DOCUMENTED_EXAMPLE : 'required parts only';
  const headers = await auth();
  return {
    cases: combinations(binding).map((values, index) => async () => {
      const one = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [v]]));
      // The first choice was prepared with the binding.
      if (index > 0) await ctx.binder.prepare(operation, one);
      const request = await withRealIds(ctx, operation, { ...base, pathParams: { ...base.pathParams, ...values } }, one);
      const wire = caseToWire(operation, request, headers);
      if (routeOperation(ctx.contract.operations, wire.method, wire.path.split('?')[0]!) !== operation) return undefined;
      const response = await send(ctx, operation, wire, { onFault: 'throw' });
      // With nothing bound the path keeps its generated values: it names nothing known to exist.
      const namesNothing = pathParamsOf(operation).some((name) => !(name in values));
      return { exchange: { request: wire, response }, info: { kind: 'valid', label, ...(namesNothing ? { namesNothing } : {}) } };
    }),
  };
}

/**
 * Whether the request is the docs' example and nothing of ours: for a body, the media type's example, or
 * schema examples for every required part (with some of them missing, exampleRequest fills in generated
 * values, and a refusal may be about those); for an operation without a body, an example of a parameter.
 */
function documentsExample(operation: Operation): boolean {
  const body = operation.requestBody;
  if (body) return !!body.examples?.length || (hasExample(body.schema) && documentsWholly(body.schema));
  return operation.parameters.some((p) => !!p.examples?.length || hasExample(p.schema));
}

/**
 * Each choice of bound path values (parents stay pinned by the binder), at most MAX_CASES; a single empty
 * choice when nothing is bound, so that the request goes out with its generated path values.
 */
function combinations(binding: Binding): Array<Record<string, string>> {
  let out: Array<Record<string, string>> = [{}];
  for (const [name, values] of Object.entries(binding)) {
    out = out.flatMap((combo) => values.map((v) => ({ ...combo, [name]: v }))).slice(0, MAX_CASES);
  }
  return out;
}

/** Ids the request carries (a required toolId) replaced by ones the server listed for these path values. */
async function withRealIds(ctx: RunContext, operation: Operation, request: RequestCase, binding: Binding): Promise<RequestCase> {
  const carriesIds = (v: unknown) => /[a-z]Ids?"\s*:/.test(JSON.stringify(v) ?? '');
  const body = request.body?.kind === 'json' ? request.body.value : undefined;
  if (!carriesIds(body) && !carriesIds(request.query)) return request;
  const { values } = await ctx.binder.harvest(operation, binding);
  if (values.size === 0) return request;
  return {
    ...request,
    query: withHarvested(request.query, values) as Record<string, unknown>,
    ...(request.body?.kind === 'json' ? { body: { kind: 'json' as const, value: withHarvested(body, values) } } : {}),
  };
}
