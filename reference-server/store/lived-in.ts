/**
 * What a server that has been in use holds and the API itself cannot create: requests held for approval
 * (the gateway makes them) and app connections (an OAuth flow makes them). Added on top of the seed by
 * `startReferenceServer` (unless `livedIn: false`), so that a conformance run can reach the operations that act
 * on them; unit tests start from the bare seed.
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

/** How many of each a user's traffic and OAuth flows left (startReferenceServer's `userData`). */
export interface UserData {
  /** Requests held for approval, of the project's default agent; default 0. */
  approvals?: number;
  /** The project's own app connections, provider `github`; default 0. */
  connections?: number;
}

/**
 * Adds exactly `data.approvals` pending approvals and `data.connections` project connections. An approval
 * waits an hour (not the gateway's 180 s), so that a slow run still finds it pending. Throws when the
 * project has no default agent to hold requests for.
 */
export function addUserData(store: Store, keys: SeedKeys, data: UserData): void {
  const agent = [...store.agents.values()].find((a) => a.projectId === keys.projectId && a.isDefault);
  if ((data.approvals ?? 0) > 0 && !agent) throw new Error('userData: the project has no default agent to hold requests for');
  const now = new Date();
  for (let n = 1; n <= (data.approvals ?? 0); n++) {
    insertApproval(store, {
      projectId: keys.projectId,
      agentId: agent!.id,
      method: 'POST',
      url: `https://api.github.com/repos/acme/app/issues/${n}/comments`,
      createdAt: now,
      expiresAt: new Date(now.getTime() + 3600_000),
    });
  }
  const owner = { scope: 'project' as const, projectId: keys.projectId, orgId: keys.orgId };
  for (let n = 1; n <= (data.connections ?? 0); n++) {
    insertConnection(store, owner, { provider: 'github', scopes: ['repo'], credentials: {}, metadata: null, label: `User connection ${n}` });
  }
}
