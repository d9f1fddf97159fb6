import type { Fault } from './types.ts';

/** renameAgent answers 200 as documented but keeps the old name. */
export const updateNotPersisted = {
  id: 'update-not-persisted',
  description: 'PATCH /v1/agents/{agentId} answers 200 {"success": true} but the agent keeps its old name.',
  wrap: (next, { store }) => async (req) => {
    if (req.match?.route.operationId !== 'renameAgent') return next(req);
    const agent = store.agents.get(req.match.params['agentId'] ?? '');
    const name = agent?.name;
    const res = await next(req);
    if (res.status === 200 && agent && name !== undefined) agent.name = name;
    return res;
  },
} as const satisfies Fault;
