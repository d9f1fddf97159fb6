import { type Check, failed, passed } from './types';

export const maxResponseTime: Check = {
  id: 'max-response-time',
  severity: 'error',
  doc:
    'Opt-in (--max-response-time MS): every answer must arrive within the configured number of milliseconds, ' +
    'measured from sending the request to the end of the body. The contract states no latency, so without a ' +
    'threshold the check is skipped.',
  appliesTo: (ctx) => ctx.maxResponseTimeMs !== undefined,
  run({ maxResponseTimeMs, exchange: { response } }) {
    const limit = maxResponseTimeMs!;
    if (response.durationMs <= limit) return passed;
    return failed({
      title: 'Response too slow',
      message: `Received the ${response.status} after ${Math.round(response.durationMs)} ms; configured maximum: ${limit} ms.`,
      received: Math.round(response.durationMs),
      documented: limit,
    });
  },
};
