import { documentedResponse } from '../contract/operations';
import { type Check, failed, passed } from './types';

export const statusCodeConformance: Check = {
  id: 'status-code-conformance',
  severity: 'error',
  doc:
    'Every status the server answers must be documented for the operation (exactly, by range such as 4XX, ' +
    'or by default), or named by the config file as one the deployment documents beyond the contract ' +
    '(statusCodes.extra). 5xx answers are left to not-a-server-error.',
  appliesTo: ({ exchange }) => exchange.response.status < 500,
  run({ operation, exchange: { response } }) {
    if (documentedResponse(operation, response.status)) return passed;
    const documented = Object.keys(operation.responses);
    return failed({
      title: 'Undocumented status code',
      message: `Received ${response.status}; documented: ${documented.join(', ')}.`,
      received: response.status,
      documented,
      cause: String(response.status),
    });
  },
};

/**
 * status-code-conformance for an operation whose deployment documents more statuses than the contract (a config
 * file's `statusCodes.extra`: exact `429` or a range `5XX`): those pass too. Same id, so reports and
 * selections do not tell them apart.
 */
export function statusCodeConformanceAccepting(extra: readonly string[]): Check {
  if (!extra.length) return statusCodeConformance;
  return {
    ...statusCodeConformance,
    run(ctx) {
      const status = String(ctx.exchange.response.status);
      if (extra.some((s) => s === status || (s.endsWith('XX') && s[0] === status[0]))) return passed;
      return statusCodeConformance.run(ctx);
    },
  };
}
