import { json } from '../http.ts';
import type { Fault } from './types.ts';

/**
 * PUT on the agents collection and on one agent (`/v1/agents/{agentId}`), methods the contract does not list
 * for those paths, answer 200 `{}` instead of the unknown-route 404. The second is what a run sees against
 * an external target, where unlisted methods other than GET go only to resources the run created.
 */
export const extraMethodAccepted = {
  id: 'extra-method-accepted',
  description: 'PUT /v1/agents and PUT /v1/agents/{agentId} (not in the contract) answer 200 {} instead of the unknown-route 404.',
  wrap: (next) => async (req) => {
    if (req.method === 'PUT' && /^\/v1\/agents(\/[^/]+)?$/.test(req.path)) return json(200, {});
    return next(req);
  },
} as const satisfies Fault;
