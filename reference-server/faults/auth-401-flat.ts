import { isEnvelopeError } from './error-shapes.ts';
import type { Fault } from './types.ts';

/** Every 401 comes back flat `{"error": message}` instead of the envelope. */
export const auth401Flat = {
  id: 'auth-401-flat',
  description: 'Every 401 is answered with a flat {"error":"..."} body instead of the envelope.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (res.status !== 401 || !isEnvelopeError(res.body)) return res;
    return { ...res, body: { error: res.body.error.message } };
  },
} as const satisfies Fault;
