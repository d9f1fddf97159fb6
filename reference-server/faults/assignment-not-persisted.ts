import type { Fault } from './types.ts';

/** updateAgentSecrets answers 200 as documented but the agent keeps the secrets it had: getAgentSecrets shows the old set. */
export const assignmentNotPersisted = {
  id: 'assignment-not-persisted',
  description: 'PUT /v1/agents/{agentId}/secrets answers 200 {"success": true} but the agent keeps its old secret assignments.',
  wrap: (next, { store }) => async (req) => {
    if (req.match?.route.operationId !== 'updateAgentSecrets') return next(req);
    const agent = store.agents.get(req.match.params['agentId'] ?? '');
    const before = agent ? new Set(agent.secretIds) : undefined;
    const res = await next(req);
    if (res.status === 200 && agent && before) agent.secretIds = before;
    return res;
  },
} as const satisfies Fault;
