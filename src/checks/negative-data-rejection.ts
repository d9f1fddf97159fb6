import { type Check, failed, inconclusive, passed } from './types';

export const negativeDataRejection: Check = {
  id: 'negative-data-rejection',
  severity: 'error',
  doc:
    'A request that breaks the contract must be rejected with a 4xx. Rejection is only demanded once the exact ' +
    'bytes sent, read back as a server reads them, are proven invalid; otherwise the case is inconclusive.',
  cases: ['invalid'],
  appliesTo: (ctx) => ctx.case.kind === 'invalid',
  run(ctx) {
    if (ctx.case.kind !== 'invalid') return passed;
    const { proof, mutation } = ctx.case;
    if (proof.verdict !== 'invalid') return inconclusive(proof.reason);
    const status = ctx.exchange.response.status;
    if (status >= 400 && status < 500) return passed;
    return failed({
      title: 'Invalid request accepted',
      message: `Received ${status} for a request that breaks the contract (${mutation}: ${proof.reason}); documented: a 4xx rejection (400 for route-level validation).`,
      received: status,
      documented: '4xx',
      // One departure however the request was broken: the server does not refuse invalid input.
      cause: status < 300 ? '2xx' : String(status),
    });
  },
};
