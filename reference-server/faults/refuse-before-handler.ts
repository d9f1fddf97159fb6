/**
 * What the `strict-*` faults (and `refuses-every-create`) share: a route-level refusal that a real server's
 * body validator (Zod, with rules the docs do not state) makes after authentication and before the handler
 * runs. The refusal is the documented route-level shape, 400 flat `{"error": message}`; the handler never
 * runs, so nothing changes.
 *
 * The request is authenticated as its route declares (no key → 401, a plain member on an admin-only route
 * → 403); what follows is the order of the reference server's handlers, body first: a refused body is
 * refused before the project context is read (an organization key without X-Project-Id) and before the
 * resource named by the path is looked up (404).
 *
 * @example
 * wrap: refuseBeforeHandler({ createAgent: (body) => (isObject(body) && body['name'] === 'x' ? 'name: no x' : undefined) })
 */
import { HttpError } from '../errors.ts';
import type { AppRequest } from '../http.ts';
import type { Fault } from './types.ts';

/** The message of the refusal a request gets, or undefined when the request goes on to the handler. */
export type Refusal = (body: unknown, req: AppRequest) => string | undefined;

/** A wrap that refuses, per operationId, what its refusal names; other operations are untouched. */
export function refuseBeforeHandler(refusals: Readonly<Record<string, Refusal>>): Fault['wrap'] {
  return (next) => async (req) => {
    const match = req.match;
    const refusal = match ? refusals[match.route.operationId] : undefined;
    if (!match || !refusal) return next(req);
    const route = match.route;
    // The route as it is, authentication included, with its handler behind the refusal.
    return next({
      ...req,
      match: {
        ...match,
        route: {
          ...route,
          handler: (ctx) => {
            const message = refusal(ctx.req.body, ctx.req);
            if (message !== undefined) throw HttpError.validation(message);
            return route.handler(ctx);
          },
        },
      },
    });
  };
}

/** A JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The same refusal for each of the operations. */
export function forOperations(operationIds: readonly string[], refusal: Refusal): Record<string, Refusal> {
  return Object.fromEntries(operationIds.map((id) => [id, refusal]));
}
