import { caseToWire } from '../../../generators/requests/wire';
import type { HttpMethod, Operation } from '../../contract/types';
import type { WireRequest } from '../../http/types';
import { routeOperation } from '../../oracle/route';
import { pathParamsOf, sourceOf } from '../../stateful/resources';
import type { RunContext } from '../context';
import { authFor } from '../credentials';
import { send } from '../send';
import { boundRequest } from './bound-request';
import { notRun, type NotRun, type PhaseInput, type PhasePlan, type PlannedPhase, why } from './types';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** The checks that may judge an answer to another method than the operation's. */
const JUDGED_BY = ['not-a-server-error', 'unsupported-method', 'max-response-time'] as const;

/**
 * The methods phase: each method the contract does not list for the operation's path, sent to that path
 * with the operation's credentials and bound path parameters (`{}` as the body of POST, PUT and PATCH).
 * Once per path: on its first operation (document order) served by the edition, so that reports name an
 * operation. Judged by unsupported-method (and the checks that hold for any answer).
 *
 * On an external target a server may serve methods the contract does not list (other API versions do), so an
 * unlisted method other than GET is sent only to a path whose every parameter names a resource the run
 * created: never to a collection, a catalogue entry or the caller's own settings, where it could change
 * state the run does not own.
 */
export const methodsPhase: PlannedPhase = { guard, plan, caseKinds: ['unlisted-method'], judgedBy: JUDGED_BY, unsafeMethods: true };

function unlistedMethods(ctx: RunContext, operation: Operation): HttpMethod[] {
  const onPath = ctx.contract.operations.filter((o) => o.path === operation.path);
  const unlisted = METHODS.filter((m) => !onPath.some((o) => o.method === m));
  return ctx.embedded || runOwnsPath(ctx, operation) ? unlisted : unlisted.filter((m) => m === 'GET');
}

/** Every path parameter is bound to a resource the run creates (not one it lists), and there is one. */
function runOwnsPath(ctx: RunContext, operation: Operation): boolean {
  const params = pathParamsOf(operation);
  return params.length > 0 && params.every((p) => sourceOf(ctx.contract.operations, operation, p)?.kind === 'create');
}

function guard(ctx: RunContext, operation: Operation): NotRun | undefined {
  const host = ctx.contract.operations.find((o) => o.path === operation.path && o.availability[ctx.edition]);
  if (host !== operation) return why('not-applicable', `unlisted methods of ${operation.path} are sent once, on ${host?.operationId}`);
  if (!unlistedMethods(ctx, operation).length) {
    return ctx.embedded || runOwnsPath(ctx, operation)
      ? why('not-applicable', `the contract lists every method for ${operation.path}`)
      : why('not-covered', `on an external target, unlisted methods other than GET go only to resources the run created; ${operation.path} is not one`);
  }
  const choice = authFor(operation, ctx.credentials);
  if ('missing' in choice) return why('no-credential', choice.missing);
  return undefined;
}

async function plan({ ctx, operation, seed, auth }: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  await ctx.binder.rememberRestore(operation);
  const refused = guard(ctx, operation);
  if (refused) return { notRun: refused };
  const unlisted = unlistedMethods(ctx, operation);
  const made = await boundRequest(ctx, operation, seed, { prepare: false });
  if (!made) return notRun('nothing-to-generate', 'no valid request routes to this operation');
  const headers = await auth();
  const { path } = caseToWire(operation, { ...made.request, query: {}, headers: {} }, {});
  return {
    cases: unlisted.map((method) => async () => {
      // A path another operation serves with this method (PATCH /agents/default is renameAgent's) is not unlisted.
      if (routeOperation(ctx.contract.operations, method, path)) return undefined;
      const request: WireRequest =
        method === 'GET' || method === 'DELETE'
          ? { method, path, headers }
          : { method, path, headers: { ...headers, 'content-type': 'application/json' }, body: '{}' };
      // Not the operation's own request: nothing it makes is recorded as the operation's.
      const response = await send(ctx, operation, request, { record: false, onFault: 'throw' });
      return { exchange: { request, response }, info: { kind: 'unlisted-method', method } };
    }),
    foreign: { checkIds: JUDGED_BY },
    concurrent: true,
  };
}
