import { shapeOf } from './error-shape';
import { type Check, failed, passed } from './types';

/** The header names as the docs write them, for messages. */
const DISPLAY: Record<string, string> = { 'x-project-id': 'X-Project-Id' };

export const missingRequiredHeader: Check = {
  id: 'missing-required-header',
  severity: 'error',
  doc:
    'An operation that needs a project context (x-onecli-project-context: required), called with an organization ' +
    'key but without X-Project-Id, must be refused: 400 envelope "X-Project-Id header is required", or 401 ' +
    'envelope on strict editions (the 401 body is judged by error-shape). A 2xx means the server guessed a project; ' +
    'a 400 flat is route-level validation of a valid request; any other answer is not the documented one. A ' +
    'missing Authorization header is the ignored-auth check.',
  cases: ['missing-header'],
  appliesTo: (ctx) => ctx.case.kind === 'missing-header',
  run(ctx) {
    if (ctx.case.kind !== 'missing-header') return passed;
    const header = DISPLAY[ctx.case.header] ?? ctx.case.header;
    const { response } = ctx.exchange;
    const status = response.status;
    const shape = shapeOf(response.json);
    if (status === 401 || (status === 400 && shape === 'envelope')) return passed;
    const documented = `400 envelope "${header} header is required", or 401`;
    const title =
      status < 300
        ? `Missing ${header} accepted`
        : status === 400
          ? `Missing ${header} refused as invalid input`
          : status >= 500
            ? `Server error on a missing ${header}`
            : `Wrong status for a missing ${header}`;
    return failed({
      title,
      message: `Received ${status}${status === 400 ? ` with ${shape === 'flat' ? 'the flat shape' : 'a body of neither error shape'}` : ''} to a valid request without ${header}; documented: ${documented}.`,
      received: status === 400 ? { status, shape } : status,
      documented,
      cause: status === 400 ? `400 ${shape}` : status < 300 ? '2xx' : String(status),
    });
  },
};
