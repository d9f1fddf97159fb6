/**
 * What a server that has been in use holds and the API itself cannot create: requests held for approval
 * (the gateway makes them) and app connections (an OAuth flow makes them). Added on top of the seed by
 * `startReferenceServer`, so that a conformance run can reach the operations that act on them; unit tests
 * start from the bare seed.
 */
import { insertConnection } from './app-connections.ts';
import { insertApproval } from './approvals.ts';
import type { SeedKeys } from './seed.ts';
import type { Store } from './store.ts';

export function addLivedInData(store: Store, keys: SeedKeys): void {
  const agent = [...store.agents.values()].find((a) => a.projectId === keys.projectId && a.isDefault);
  if (agent) {
    for (const path of ['/repos/acme/app/issues', '/repos/acme/app/pulls', '/user/repos']) {
      insertApproval(store, { projectId: keys.projectId, agentId: agent.id, method: 'POST', url: `https://api.github.com${path}` });
    }
  }
  const connection = { provider: 'github', scopes: ['repo'], credentials: {}, metadata: null };
  for (const n of [1, 2]) {
    insertConnection(store, { scope: 'project', projectId: keys.projectId, orgId: keys.orgId }, { ...connection, label: `Project connection ${n}` });
    insertConnection(store, { scope: 'organization', orgId: keys.orgId }, { ...connection, label: `Organization connection ${n}` });
  }
}
