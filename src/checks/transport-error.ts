import { type Check, failed } from './types';

export const transportError: Check = {
  id: 'transport-error',
  severity: 'error',
  doc:
    'Every exchange must end with a complete HTTP answer. One that broke off after the connection was made ' +
    '(the connection reset or closed mid-answer, a body shorter than its Content-Length, no answer within the ' +
    'timeout, bytes that are not HTTP), on its first attempt and again when sent once more over a fresh ' +
    'connection, is a defect of the target. Such an exchange has no status to judge: this is the only check run on it.',
  appliesTo: ({ exchange: { response } }) => response.transport !== undefined,
  run({ exchange: { response } }) {
    const { kind, detail } = response.transport!;
    return failed({
      title: 'The exchange broke off',
      message: `No complete answer (${kind}: ${detail}), on the first attempt and again when sent once more over a fresh connection.`,
      received: { kind, detail },
      cause: kind,
    });
  },
};
