import { setTimeout as sleep } from 'node:timers/promises';
import type { Fault } from './types.ts';

const DELAY_MS = 300;

/** getHealth answers correctly, but only after 300 ms. */
export const slowResponses = {
  id: 'slow-responses',
  description: 'GET /v1/health answers after a 300 ms delay.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (req.match?.route.operationId === 'getHealth') await sleep(DELAY_MS);
    return res;
  },
} as const satisfies Fault;
