import { shapeOf } from './error-shape';
import { type Check, failed, passed } from './types';

/** Statuses that say a route is not there at all, whatever was sent. */
export const NOT_SERVED_STATUSES: readonly number[] = [404, 405, 410, 501];
/** Statuses that say so on their own: the route was there and is gone (410), or never implemented (501). */
const GONE_STATUSES: readonly number[] = [410, 501];
/** Authenticated answers, all alike, before an operation can be judged not served. */
export const ANSWERS_BEFORE_JUDGING = 2;

/** Whether an error body says the route itself is unknown (a router's not-found), not a resource. */
export function unknownRouteBody(json: unknown, text: string): boolean {
  const shape = shapeOf(json);
  const message =
    shape === 'flat' ? (json as { error: string }).error : shape === 'envelope' ? String((json as { error: { message?: unknown } }).error.message ?? '') : text;
  return /unrecognized request url|no route|route not found|unknown (route|endpoint)|cannot (get|post|put|patch|delete) \//i.test(message);
}

export const operationServed: Check = {
  id: 'operation-served',
  severity: 'error',
  doc:
    'The operation is served at the target: it does not answer every request alike with 410 Gone or 501, nor ' +
    'with the same 404 or 405 to requests with and without a key (a route the server does not have; a served ' +
    'route refuses a request without a key with 401 first) or a not-found body that names the route. After ' +
    `${ANSWERS_BEFORE_JUDGING} such answers the operation is reported once and no more requests are sent to it.`,
  cases: ['served'],
  appliesTo: (ctx) => ctx.case.kind === 'served',
  run(ctx) {
    if (ctx.case.kind !== 'served') return passed;
    const { answers, hint, severity } = ctx.case;
    const statuses = new Set(answers.map((a) => a.status));
    const status = answers[0]?.status;
    if (status === undefined || statuses.size !== 1 || !NOT_SERVED_STATUSES.includes(status)) return passed;
    // The answer judged (a replay's fresh one) must still be that status.
    if (ctx.exchange.response.status !== status) return passed;
    const authenticated = answers.filter((a) => a.authenticated).length;
    if (authenticated < ANSWERS_BEFORE_JUDGING && ctx.operation.authenticated) return passed;
    const withoutKey = answers.length - authenticated;
    const { response } = ctx.exchange;
    const alike = withoutKey > 0 || !ctx.operation.authenticated;
    if (!GONE_STATUSES.includes(status) && !alike && !unknownRouteBody(response.json, response.bodyText)) return passed;
    const what = status === 410 ? '410 Gone' : status === 501 ? '501 Not Implemented' : `${status}`;
    return failed(
      {
        title: `Operation not served (${what})`,
        message:
          `Every request was answered ${what}: ${authenticated} with the key` +
          (withoutKey ? ` and ${withoutKey} without it` : '') +
          `; the operation is not served at this base URL, so no more requests were sent to it.` +
          (hint ? ` ${hint}` : ''),
        received: status,
        documented: Object.keys(ctx.operation.responses),
        cause: `not served: ${status}`,
      },
      severity,
    );
  },
};
