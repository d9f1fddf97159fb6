import { type Check, failed, passed } from './types';

export const notAServerError: Check = {
  id: 'not-a-server-error',
  severity: 'error',
  doc:
    'No request, valid or not, may make the server fail: any 5xx answer is a defect, whatever the contract ' +
    'documents, because it shows an input the server does not handle.',
  appliesTo: () => true,
  run({ exchange: { response } }) {
    if (response.status < 500) return passed;
    return failed({
      title: 'Server error',
      message: `Received ${response.status}; a server must answer every request without a 5xx.`,
      received: response.status,
      cause: String(response.status),
    });
  },
};
