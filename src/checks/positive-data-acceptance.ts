import { documentedResponse } from '../contract/operations';
import { normalizedMessage } from '../report/finding-id';
import { shapeOf } from './error-shape';
import { type Check, type CheckContext, failed, inconclusive, passed } from './types';

/** The label the examples phase gives its cases: a refused documented example is an error, not a warning. */
export const DOCUMENTED_EXAMPLE = 'documented example';

/** Every whitespace-only string of a JSON value, with the property that holds it (`''` at the top level). */
function whitespaceOnly(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return value.length > 0 && value.trim() === '' ? [key] : [];
  if (Array.isArray(value)) return value.flatMap((v) => whitespaceOnly(v, key));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => whitespaceOnly(v, k));
  return [];
}

/** Whether a JSON value holds, at any depth, a non-empty string of whitespace only. */
export function hasWhitespaceOnlyString(value: unknown): boolean {
  return whitespaceOnly(value).length > 0;
}

function parsedBody(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Whether the refusal is a reason the docs themselves give for this operation's 400 beyond validation
 * ("Validation error or provider not available"): the message says the same thing (not available, not
 * configured) as the documented description.
 */
function documentedReason(ctx: CheckContext, message: string): string | undefined {
  const description = documentedResponse(ctx.operation, 400)?.description ?? '';
  for (const phrase of ['not available', 'not configured', 'not supported']) {
    if (description.toLowerCase().includes(phrase) && message.toLowerCase().includes(phrase)) return description;
  }
  return undefined;
}

/** The values the request's path gives the operation's path parameters (decoded). */
function pathValues(template: string, path: string): string[] {
  const want = template.split('/');
  const got = path.split('?')[0]!.split('/').slice(-want.length);
  return want.flatMap((segment, i) => {
    if (!segment.startsWith('{') || got[i] === undefined) return [];
    try {
      return [decodeURIComponent(got[i]!)];
    } catch {
      return [got[i]!];
    }
  });
}

/**
 * The hint that the refusal is about a whitespace-only string, given only when the message is about such a
 * string: it names the property that holds one, or speaks of emptiness or a minimum length.
 */
function whitespaceHint(body: unknown, message: string): string | undefined {
  const keys = whitespaceOnly(body);
  if (keys.length === 0) return undefined;
  const named = keys.filter((k) => k && new RegExp(`\\b${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(message));
  const aboutEmptiness = /\b(empty|blank|whitespace|too small|too short|at least 1|>=\s*1|required|min(imum)?)\b/i.test(message);
  if (named.length === 0 && !aboutEmptiness) return undefined;
  const which = named.length ? `"${named[0]}"` : keys.filter(Boolean).map((k) => `"${k}"`)[0] ?? 'a string';
  return ` The body's ${which} is whitespace-only, which the schema allows; the server likely trims it before validating it.`;
}

export const positiveDataAcceptance: Check = {
  id: 'positive-data-acceptance',
  severity: 'error',
  doc:
    'A request the contract allows should not be refused by route-level validation (400 flat {"error": "..."}). ' +
    'Real servers validate rules the docs do not state (trimmed names, UTF-16 lengths, cross-field rules); such a ' +
    'refusal is reported once per server message as a warning, "stricter than the contract", when the operation ' +
    'accepted other valid requests in the run, and as an error when it refused its documented example or accepted ' +
    'no valid request at all (the report decides the latter once the run is over). A 400 envelope is service-level ' +
    'validation and passes; a request whose path names no resource known to exist, and a refusal the docs list ' +
    'for the operation (a provider not available), are inconclusive.',
  cases: ['valid'],
  appliesTo: (ctx) => ctx.case.kind === 'valid' && ctx.exchange.response.status === 400,
  run(ctx) {
    const { request, response } = ctx.exchange;
    const shape = shapeOf(response.json);
    if (shape === 'envelope') return passed;
    if (shape === 'other') return inconclusive('the 400 body has neither error shape, so route- and service-level validation cannot be told apart');
    if (ctx.case.kind === 'valid' && ctx.case.namesNothing) {
      return inconclusive('the path names no resource known to exist, so the server may refuse the request for that alone');
    }
    const message = String((response.json as { error: string }).error);
    const listed = documentedReason(ctx, message);
    if (listed) return inconclusive(`a refusal the docs list for this operation (${JSON.stringify(listed)})`);
    // `Provider "x" is not available`: a refusal about the state of what the path names, not about the data sent.
    const named = pathValues(ctx.operation.path, request.path).find((v) => v.length > 1 && message.includes(v));
    if (named !== undefined) return inconclusive(`the refusal names ${JSON.stringify(named)}, which the path names: it is about that resource's state, not about the data sent`);
    const example = ctx.case.kind === 'valid' && ctx.case.label === DOCUMENTED_EXAMPLE;
    const quoted = JSON.stringify(message.length > 160 ? `${message.slice(0, 160)}…` : message);
    return failed(
      {
        title: example ? 'Documented example refused' : 'Valid request refused',
        message:
          `Received 400 flat ${quoted} to a request that satisfies the contract` +
          (example ? ': the documented example itself is refused.' : '; the server is stricter than the contract.') +
          (whitespaceHint(parsedBody(request.body), message) ?? ''),
        received: { status: 400, shape, error: message },
        documented: 'accepted',
        cause: `400 flat: ${normalizedMessage(message).toLowerCase()}`,
      },
      example ? 'error' : 'warning',
    );
  },
};
