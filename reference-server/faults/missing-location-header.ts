import type { Fault } from './types.ts';

/** authorizeApp answers its 302 without the `Location` header the contract requires. */
export const missingLocationHeader = {
  id: 'missing-location-header',
  description: 'GET /v1/apps/{provider}/authorize answers 302 without a Location header.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (req.match?.route.operationId !== 'authorizeApp' || res.status !== 302) return res;
    const { location: _dropped, ...headers } = res.headers ?? {};
    return { ...res, headers };
  },
} as const satisfies Fault;
