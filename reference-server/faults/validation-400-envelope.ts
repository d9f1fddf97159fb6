import { isFlatError } from './error-shapes.ts';
import type { Fault } from './types.ts';

/** Every route-level validation 400 comes back as the envelope instead of flat. */
export const validation400Envelope = {
  id: 'validation-400-envelope',
  description: 'Every route-level validation 400 (flat) is answered with the envelope instead.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (res.status !== 400 || !isFlatError(res.body)) return res;
    return { ...res, body: { error: { message: res.body.error, type: 'invalid_request_error' } } };
  },
} as const satisfies Fault;
