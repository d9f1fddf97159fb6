import { type Check, failed, passed } from './types';

export const unsupportedMethod: Check = {
  id: 'unsupported-method',
  severity: 'warning',
  doc:
    'A method the contract does not list for a path (among GET, POST, PUT, PATCH, DELETE) must not succeed: a 2xx ' +
    'means the server serves an undocumented operation. Any refusal passes (OneCLI answers the unknown-route 404; ' +
    'the contract says nothing of 404 versus 405), hence a warning. Checked once per path, on its first operation.',
  cases: ['unlisted-method'],
  appliesTo: (ctx) => ctx.case.kind === 'unlisted-method',
  run(ctx) {
    if (ctx.case.kind !== 'unlisted-method') return passed;
    const status = ctx.exchange.response.status;
    if (status < 200 || status >= 300) return passed;
    const listed = ctx.operations.filter((o) => o.path === ctx.operation.path).map((o) => o.method);
    return failed({
      title: 'Unsupported method accepted',
      message: `Received ${status} to ${ctx.case.method} ${ctx.operation.path}; documented methods for the path: ${listed.join(', ')}.`,
      received: { method: ctx.case.method, status },
      documented: listed,
    });
  },
};
