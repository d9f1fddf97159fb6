import { randomUUID } from 'node:crypto';
import { isFlatError } from './error-shapes.ts';
import type { Fault } from './types.ts';

/** createAgent answers 200 with an agent-like body where it should reject the body (400 flat); nothing is stored. */
export const acceptsInvalidBody = {
  id: 'accepts-invalid-body',
  description: 'POST /v1/agents with a body that fails validation answers 200 with an agent-like body instead of 400.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (req.match?.route.operationId !== 'createAgent' || res.status !== 400 || !isFlatError(res.body)) return res;
    return { status: 200, body: { id: randomUUID(), createdAt: new Date().toISOString() } };
  },
} as const satisfies Fault;
