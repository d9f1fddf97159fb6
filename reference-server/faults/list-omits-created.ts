import type { Fault } from './types.ts';

/** listAgents leaves out the project's newest agent (the latest createdAt; the last listed among equals). */
export const listOmitsCreated = {
  id: 'list-omits-created',
  description: 'GET /v1/agents omits the newest agent of the project.',
  wrap: (next) => async (req) => {
    if (req.match?.route.operationId !== 'listAgents') return next(req);
    const res = await next(req);
    if (res.status !== 200 || !Array.isArray(res.body) || res.body.length === 0) return res;
    const agents = res.body as Array<{ createdAt: string }>;
    let newest = 0;
    agents.forEach((a, i) => {
      if (a.createdAt >= agents[newest]!.createdAt) newest = i;
    });
    return { ...res, body: agents.filter((_a, i) => i !== newest) };
  },
} as const satisfies Fault;
