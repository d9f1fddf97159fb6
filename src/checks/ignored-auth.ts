import { type Check, failed, passed } from './types';

export const ignoredAuth: Check = {
  id: 'ignored-auth',
  severity: 'error',
  doc:
    'Every authenticated operation must refuse a request without an API key, and one with a malformed key, ' +
    'with 401 (its body is judged by error-shape). A 2xx means the server ignores authentication.',
  cases: ['auth'],
  appliesTo: (ctx) => ctx.case.kind === 'auth',
  run(ctx) {
    if (ctx.case.kind !== 'auth') return passed;
    const status = ctx.exchange.response.status;
    if (status === 401) return passed;
    const what = ctx.case.variant === 'missing-key' ? 'no Authorization header' : 'a malformed API key';
    return failed({
      title: status < 300 ? 'Authentication ignored' : 'Wrong status for missing authentication',
      message: `Received ${status} to a request with ${what}; documented: 401.`,
      received: status,
      documented: 401,
      cause: status < 300 ? '2xx' : String(status),
    });
  },
};
