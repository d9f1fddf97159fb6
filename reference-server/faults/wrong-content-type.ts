import type { Fault } from './types.ts';

/** listAgents sends its JSON list (unchanged, still parseable) as `text/plain` instead of `application/json`. */
export const wrongContentType = {
  id: 'wrong-content-type',
  description: 'GET /v1/agents answers its JSON body with Content-Type text/plain.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (req.match?.route.operationId !== 'listAgents' || res.status !== 200 || res.body === undefined) return res;
    return { status: res.status, text: { contentType: 'text/plain; charset=utf-8', value: JSON.stringify(res.body) } };
  },
} as const satisfies Fault;
