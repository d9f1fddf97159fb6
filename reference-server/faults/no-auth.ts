import type { Fault } from './types.ts';

/**
 * Authentication is ignored: a request without a key, or with a key the server does not know, is served as
 * if it carried the seeded project key (the partner key on partner routes). Known keys keep their own rights.
 */
export const noAuth = {
  id: 'no-auth',
  description: 'Any request without a known API key is served as the seeded project key (no 401 anywhere).',
  wrap: (next, { store, keys }) => async (req) => {
    const token = /^Bearer (\S+)$/.exec(req.headers['authorization'] ?? '')?.[1];
    if (token !== undefined && store.apiKeys.has(token)) return next(req);
    const key = req.match?.route.auth === 'partner' ? keys.partnerKey : keys.projectKey;
    return next({ ...req, headers: { ...req.headers, authorization: `Bearer ${key}` } });
  },
} as const satisfies Fault;
