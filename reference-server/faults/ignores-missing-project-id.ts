import type { Fault } from './types.ts';

/**
 * listAgents called with an organization key and no X-Project-Id falls back to the organization's first
 * project (answers 200) instead of refusing with "X-Project-Id header is required".
 */
export const ignoresMissingProjectId = {
  id: 'ignores-missing-project-id',
  description: "GET /v1/agents with an organization key and no X-Project-Id answers the organization's first project.",
  wrap: (next, { store }) => async (req) => {
    if (req.match?.route.operationId !== 'listAgents' || req.headers['x-project-id']) return next(req);
    const token = /^Bearer (\S+)$/.exec(req.headers['authorization'] ?? '')?.[1];
    const key = token === undefined ? undefined : store.apiKeys.get(token);
    const orgId = key?.kind === 'org' ? store.users.get(key.userId)?.orgId : undefined;
    const project = [...store.projects.values()].find((p) => p.orgId === orgId);
    if (!project) return next(req);
    return next({ ...req, headers: { ...req.headers, 'x-project-id': project.id } });
  },
} as const satisfies Fault;
