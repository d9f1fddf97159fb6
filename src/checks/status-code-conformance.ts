import { documentedResponse } from '../contract/operations';
import { type Check, failed, passed } from './types';

export const statusCodeConformance: Check = {
  id: 'status-code-conformance',
  severity: 'error',
  doc:
    'Every status the server answers must be documented for the operation (exactly, by range such as 4XX, ' +
    'or by default). 5xx answers are left to not-a-server-error.',
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
