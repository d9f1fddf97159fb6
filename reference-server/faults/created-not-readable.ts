import type { Fault } from './types.ts';

/**
 * Secrets created through POST /v1/secrets cannot be found afterwards: updateSecret answers 404 for them and
 * listSecrets leaves them out. Deleting them still works (so the run can clean up).
 */
export const createdNotReadable = {
  id: 'created-not-readable',
  description: 'Secrets created by POST /v1/secrets are answered 404 by PATCH /v1/secrets/{secretId} and left out of GET /v1/secrets.',
  wrap: (next) => {
    const created = new Set<string>();
    return async (req) => {
      const operationId = req.match?.route.operationId;
      if (operationId === 'createSecret') {
        const res = await next(req);
        const id = (res.body as { id?: unknown } | undefined)?.id;
        if (res.status === 201 && typeof id === 'string') created.add(id);
        return res;
      }
      if (operationId === 'updateSecret' && created.has(req.match!.params['secretId'] ?? '')) {
        // as if the secret did not exist: authentication and validation as usual, then 404
        return next({ ...req, match: { ...req.match!, params: { ...req.match!.params, secretId: 'not-a-secret' } } });
      }
      if (operationId === 'listSecrets') {
        const res = await next(req);
        if (res.status !== 200 || !Array.isArray(res.body)) return res;
        return { ...res, body: res.body.filter((s: { id?: string }) => !created.has(s.id ?? '')) };
      }
      return next(req);
    };
  },
} as const satisfies Fault;
