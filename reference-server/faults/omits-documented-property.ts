import type { Fault } from './types.ts';

/** listAgents items leave out `secretMode` (documented, not required, so the schema still validates). */
export const omitsDocumentedProperty = {
  id: 'omits-documented-property',
  description: 'GET /v1/agents answers items without their documented secretMode property.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (req.match?.route.operationId !== 'listAgents' || res.status !== 200 || !Array.isArray(res.body)) return res;
    const items = res.body as Record<string, unknown>[];
    return { ...res, body: items.map(({ secretMode: _omitted, ...item }) => item) };
  },
} as const satisfies Fault;
