import type { Fault } from './types.ts';

/** getDefaultAgent answers its (correct) body with 202, a status the contract does not document for it. */
export const undocumentedStatus = {
  id: 'undocumented-status',
  description: 'GET /v1/agents/default answers 202 instead of the documented 200.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (req.match?.route.operationId !== 'getDefaultAgent' || res.status !== 200) return res;
    return { ...res, status: 202 };
  },
} as const satisfies Fault;
