/** A user's project API keys (`oc_`): one per user and project, issued on first read, rotated on demand. */
import type { Store } from './store.ts';
import { projectApiKey } from './tokens.ts';

/** The user's project key for this project, or undefined when none was issued. */
export function findProjectKey(store: Store, userId: string, projectId: string): string | undefined {
  for (const record of store.apiKeys.values()) {
    if (record.kind === 'project' && record.userId === userId && record.projectId === projectId) return record.key;
  }
  return undefined;
}

/** Issues (and stores) a new project key for the user and project. */
export function issueProjectKey(store: Store, userId: string, projectId: string): string {
  const key = projectApiKey();
  store.apiKeys.set(key, { kind: 'project', key, userId, projectId });
  return key;
}

/** The user's project key, issued on first use. */
export function ensureProjectKey(store: Store, userId: string, projectId: string): string {
  return findProjectKey(store, userId, projectId) ?? issueProjectKey(store, userId, projectId);
}

/** Revokes the user's project key(s) for this project and issues a new one: the old key stops working at once. */
export function rotateProjectKey(store: Store, userId: string, projectId: string): string {
  for (const [key, record] of store.apiKeys) {
    if (record.kind === 'project' && record.userId === userId && record.projectId === projectId) store.apiKeys.delete(key);
  }
  return issueProjectKey(store, userId, projectId);
}
