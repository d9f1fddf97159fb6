import type { Fault } from './types.ts';

/** deleteAgent answers 204 as documented but keeps the agent: it is still listed and usable afterwards. */
export const deleteKeepsResource = {
  id: 'delete-keeps-resource',
  description: 'DELETE /v1/agents/{agentId} answers 204 but keeps the agent (still listed, still renamable).',
  wrap: (next, { store }) => async (req) => {
    if (req.match?.route.operationId !== 'deleteAgent') return next(req);
    const agent = store.agents.get(req.match.params['agentId'] ?? '');
    const res = await next(req);
    if (res.status === 204 && agent) store.agents.set(agent.id, agent);
    return res;
  },
} as const satisfies Fault;
