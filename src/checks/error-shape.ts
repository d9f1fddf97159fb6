import { documentedResponse } from '../contract/operations';
import type { ErrorShapeRule } from '../contract/types';
import { type Check, type CheckContext, failed, inconclusive, passed } from './types';

type Shape = 'flat' | 'envelope';

/** The docs' rule for an error status the operation does not document. */
function docsRule(status: number): ErrorShapeRule | undefined {
  if (status === 400) return 'by-request';
  if ([401, 403, 404, 409, 410, 500].includes(status)) return 'envelope';
  return undefined;
}

function ruleFor(ctx: CheckContext): ErrorShapeRule | undefined {
  const status = ctx.exchange.response.status;
  return documentedResponse(ctx.operation, status)?.errorShape ?? docsRule(status);
}

/** Which shape a body has: `{"error": "..."}` is flat, `{"error": {...}}` the envelope. */
export function shapeOf(body: unknown): Shape | 'other' {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return 'other';
  const error = (body as Record<string, unknown>).error;
  if (typeof error === 'string') return 'flat';
  if (error !== null && typeof error === 'object' && !Array.isArray(error)) {
    const { message, type } = error as Record<string, unknown>;
    if ((message === undefined || typeof message === 'string') && (type === undefined || typeof type === 'string')) return 'envelope';
  }
  return 'other';
}

function describe(shape: Shape | 'other', body: string): string {
  if (shape === 'flat') return 'the flat shape {"error": "..."}';
  if (shape === 'envelope') return 'the envelope {"error": {"message", "type"}}';
  return `a body of neither shape (${body.slice(0, 80) || 'empty'})`;
}

export const errorShape: Check = {
  id: 'error-shape',
  severity: 'error',
  doc:
    'OneCLI has two error bodies. Route-level validation (a request that breaks the contract) answers 400 flat ' +
    '{"error": "..."}; authentication (401/403) and service errors (404, 409, and 400 to a request the contract ' +
    'accepts) answer the envelope {"error": {"message", "type"}}. The expected shape of a 400 is decided from the ' +
    'request actually sent: proven invalid means flat; unproven is inconclusive; and to a request the contract ' +
    'allows the envelope passes, a flat 400 is inconclusive (route-level validation of a rule the docs do not ' +
    'state looks the same from outside; positive-data-acceptance judges it) and a body of neither shape fails.',
  appliesTo: (ctx) => ctx.exchange.response.status >= 400 && ruleFor(ctx) !== undefined,
  run(ctx) {
    const { response } = ctx.exchange;
    if (response.truncated) return inconclusive(`the body was longer than the client reads (${response.bodyText.length} bytes kept)`);
    const rule = ruleFor(ctx)!;
    const received = shapeOf(response.json);
    let expected: Shape;
    let why: string;
    if (rule === 'any') {
      if (received !== 'other') return passed;
      expected = 'envelope';
      why = 'an error body must have one of the two documented shapes';
    } else if (rule === 'envelope') {
      expected = 'envelope';
      why = `the docs give ${response.status} the envelope`;
    } else if (ctx.case.kind === 'invalid') {
      if (ctx.case.proof.verdict !== 'invalid') {
        return inconclusive(`the request was not proven to break the contract (${ctx.case.proof.reason})`);
      }
      expected = 'flat';
      why = `the request breaks the contract (${ctx.case.proof.reason}), so this is route-level validation`;
    } else if (ctx.case.kind === 'valid' || ctx.case.kind === 'stateful') {
      // A flat 400 to a request the contract allows is route-level validation of a rule the docs do not state
      // (trimming, UTF-16 lengths, cross-field rules), and a service error cannot be told from it from outside:
      // positive-data-acceptance judges the refusal; only a body of neither shape is decidedly wrong here.
      if (received === 'envelope') return passed;
      if (received === 'flat') {
        return inconclusive('a flat 400 to a request the contract allows: route-level validation of an unstated rule or a service error, which cannot be told apart from outside');
      }
      expected = 'envelope';
      why = 'an error body must have one of the two documented shapes';
    } else {
      expected = 'envelope';
      why = 'the request satisfies the contract, so a 400 can only be service-level validation';
    }
    if (received === expected) return passed;
    return failed({
      title: `Wrong error shape for ${response.status}`,
      message: `Received ${describe(received, response.bodyText)}; expected ${describe(expected, '')} because ${why}.`,
      received,
      documented: expected,
      cause: `${response.status} ${received}`,
    });
  },
};
