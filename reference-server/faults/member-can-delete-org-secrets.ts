import type { Fault } from './types.ts';

/** deleteOrgSecret lets a plain member's key through (as if it were the admin's): 204, and the secret is gone. */
export const memberCanDeleteOrgSecrets = {
  id: 'member-can-delete-org-secrets',
  description: 'DELETE /v1/org/secrets/{secretId} with a plain member key deletes the secret (204) instead of answering 403.',
  wrap: (next, { store, keys }) => async (req) => {
    if (req.match?.route.operationId !== 'deleteOrgSecret') return next(req);
    const token = /^Bearer (\S+)$/.exec(req.headers['authorization'] ?? '')?.[1];
    const key = token === undefined ? undefined : store.apiKeys.get(token);
    const member = key?.kind === 'org' && store.users.get(key.userId)?.role === 'member';
    if (!member) return next(req);
    return next({ ...req, headers: { ...req.headers, authorization: `Bearer ${keys.orgKey}` } });
  },
} as const satisfies Fault;
