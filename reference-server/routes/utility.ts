/** Utility tag: the public liveness check, the project's resource counts and its vault connections. */
import { json } from '../http.ts';
import type { Store } from '../store/index.ts';
import { connectionView, fullSecret, inheritedSecrets, projectAgents, projectVaultConnections, visibleConnections } from '../store/index.ts';
import type { RouteDef } from './types.ts';

/** Reported as `version` by GET /health. */
export const REFERENCE_SERVER_VERSION = '0.1.0-reference';

/**
 * The documented `ResourceCounts`: agents, connected apps, LLM keys
 * (anthropic/openai) and generic secrets; inherited connections and secrets included.
 */
function resourceCounts(store: Store, projectId: string) {
  const secretTypes = [
    ...[...store.secrets.values()].filter((s) => s.projectId === projectId).map((s) => fullSecret(s).type),
    ...inheritedSecrets(store, projectId).map((s) => s.type),
  ];
  return {
    agents: projectAgents(store, projectId).length,
    apps: visibleConnections(store, projectId).filter((c) => connectionView(c).status === 'connected').length,
    llms: secretTypes.filter((type) => type !== 'generic').length,
    secrets: secretTypes.filter((type) => type === 'generic').length,
  };
}

export const utilityRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/health',
    operationId: 'getHealth',
    auth: 'public',
    handler: () =>
      json(200, { status: 'ok', version: REFERENCE_SERVER_VERSION, timestamp: new Date().toISOString() }),
  },
  {
    method: 'GET',
    path: '/counts',
    operationId: 'getCounts',
    auth: 'project',
    handler: (ctx) => json(200, resourceCounts(ctx.store, ctx.projectId())),
  },
  {
    method: 'GET',
    path: '/vaults',
    operationId: 'listVaults',
    auth: 'project',
    handler: (ctx) =>
      json(
        200,
        projectVaultConnections(ctx.store, ctx.projectId()).map((v) => ({
          id: v.id,
          provider: v.provider,
          status: v.status,
          name: v.name,
          lastConnectedAt: v.lastConnectedAt,
        })),
      ),
  },
];
