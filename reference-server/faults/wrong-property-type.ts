import type { Fault } from './types.ts';

/** listAgents items carry `isDefault` as a string ("true"/"false") instead of a boolean. */
export const wrongPropertyType = {
  id: 'wrong-property-type',
  description: 'GET /v1/agents answers items whose isDefault is a string instead of a boolean.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (req.match?.route.operationId !== 'listAgents' || res.status !== 200 || !Array.isArray(res.body)) return res;
    const items = res.body as Record<string, unknown>[];
    return { ...res, body: items.map((item) => ({ ...item, isDefault: String(item['isDefault']) })) };
  },
} as const satisfies Fault;
