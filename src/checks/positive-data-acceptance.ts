import { shapeOf } from './error-shape';
import { type Check, failed, inconclusive, passed } from './types';

/** Whether a JSON value holds, at any depth, a non-empty string of whitespace only. */
export function hasWhitespaceOnlyString(value: unknown): boolean {
  if (typeof value === 'string') return value.length > 0 && value.trim() === '';
  if (Array.isArray(value)) return value.some(hasWhitespaceOnlyString);
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasWhitespaceOnlyString);
  return false;
}

function parsedBody(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const positiveDataAcceptance: Check = {
  id: 'positive-data-acceptance',
  severity: 'error',
  doc:
    'A request the contract accepts must not be refused by route-level validation: a 400 flat {"error": "..."} ' +
    'to a valid request means the server is stricter than the contract. A 400 envelope is service-level ' +
    'validation (a state the request conflicts with) and passes. A refused body holding a whitespace-only string ' +
    'the schema allows is reported as a warning only: servers that trim strings refuse it knowingly.',
  cases: ['valid'],
  appliesTo: (ctx) => ctx.case.kind === 'valid' && ctx.exchange.response.status === 400,
  run({ exchange: { request, response } }) {
    const shape = shapeOf(response.json);
    if (shape === 'envelope') return passed;
    if (shape === 'other') return inconclusive('the 400 body has neither error shape, so route- and service-level validation cannot be told apart');
    const trimmed = hasWhitespaceOnlyString(parsedBody(request.body));
    return failed(
      {
        title: trimmed ? 'Valid request with a whitespace-only string rejected' : 'Valid request rejected',
        message:
          `Received 400 flat (${JSON.stringify((response.json as { error: string }).error).slice(0, 120)}) to a request that satisfies the contract; ` +
          `documented: the request is accepted (a 400 to a valid request can only be the envelope of service-level validation).` +
          (trimmed ? ' The body holds a whitespace-only string the schema allows; the server likely trims it.' : ''),
        received: { status: 400, shape },
        documented: 'accepted',
      },
      trimmed ? 'warning' : undefined,
    );
  },
};
