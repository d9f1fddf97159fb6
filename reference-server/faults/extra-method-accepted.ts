import { json } from '../http.ts';
import type { Fault } from './types.ts';

/** PUT /v1/agents, a method the contract does not list for the path, answers 200 `{}` instead of 404. */
export const extraMethodAccepted = {
  id: 'extra-method-accepted',
  description: 'PUT /v1/agents (not in the contract) answers 200 {} instead of the unknown-route 404.',
  wrap: (next) => async (req) => {
    if (req.method === 'PUT' && req.path === '/v1/agents') return json(200, {});
    return next(req);
  },
} as const satisfies Fault;
