/** Fixtures for the Apps / Connections / Organization Connections / Organization App Config tests. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../app.ts';
import type { AppOwner } from '../store/index.ts';
import {
  connectionView,
  findCatalogApp,
  insertBlocklistRule,
  insertConnection,
  upsertAppConfig,
  visibleConnections,
} from '../store/index.ts';
import { orgApiKey, projectApiKey } from '../store/tokens.ts';
import { type Caller, headersFor } from './callers.ts';

/** `{"error": {"message", "type"}}` bodies. */
export const envelope = (message: string, type: string) => ({ error: { message, type } });
export const notFound = (message: string) => envelope(message, 'not_found_error');
export const badRequest = (message: string) => envelope(message, 'invalid_request_error');
export const INVALID_KEY = envelope('Invalid API key or token.', 'authentication_error');
export const FORBIDDEN = envelope('Insufficient permissions', 'authentication_error');
export const NO_PROJECT = badRequest('X-Project-Id header is required');
export const SUCCESS = { success: true };

/** Any 400 flat body. */
export const FLAT = { error: expect.any(String) };

/** A request as a seeded caller (`/v1` added); `headers` replaces the caller's headers when given. */
export function caller(app: App) {
  return (method: string, path: string, body?: unknown, who: Caller = 'project', headers?: Record<string, string>) =>
    app.request(method, `/v1${path}`, { headers: headers ?? headersFor(app, who), body });
}

/** A second organization with a project, an owner, and the owner's project and org key headers. */
export function addOrganization(app: App) {
  const createdAt = new Date().toISOString();
  const orgId = randomUUID();
  const projectId = randomUUID();
  const userId = randomUUID();
  app.store.organizations.set(orgId, { id: orgId, name: 'Other Organization', createdAt });
  app.store.projects.set(projectId, { id: projectId, orgId, name: 'Other Project', createdAt });
  app.store.users.set(userId, { id: userId, email: 'other@example.com', name: 'Other', orgId, role: 'owner', createdAt });
  const projectKey = projectApiKey();
  const orgKey = orgApiKey();
  app.store.apiKeys.set(projectKey, { kind: 'project', key: projectKey, userId, projectId });
  app.store.apiKeys.set(orgKey, { kind: 'org', key: orgKey, userId });
  return {
    orgId,
    projectId,
    projectHeaders: { Authorization: `Bearer ${projectKey}` },
    orgHeaders: { Authorization: `Bearer ${orgKey}` },
  };
}

/** A second project in the seeded organization, and a project key for it (owned by the seeded owner). */
export function addProject(app: App) {
  const projectId = randomUUID();
  app.store.projects.set(projectId, { id: projectId, orgId: app.keys.orgId, name: 'Second Project', createdAt: new Date().toISOString() });
  const owner = app.store.apiKeys.get(app.keys.projectKey)!;
  const key = projectApiKey();
  app.store.apiKeys.set(key, { kind: 'project', key, userId: 'userId' in owner ? owner.userId : '', projectId });
  return { projectId, headers: { Authorization: `Bearer ${key}` } };
}

/** The seeded organization as an owner of connections, configurations and blocklist rules. */
export function seededOrg(app: App): AppOwner {
  return { scope: 'organization', orgId: app.keys.orgId };
}

/** Stores an organization configuration of the seeded organization (as POST /org/apps/{provider}/config would). */
export function seedOrgConfig(app: App, provider: string, values: Record<string, string>) {
  return upsertAppConfig(app.store, seededOrg(app), findCatalogApp(provider)!, values);
}

/** Stores an organization connection of the seeded organization and returns its id. */
export function seedOrgConnection(app: App, provider: string, label: string | null = null): string {
  const input = { provider, label, scopes: [], credentials: { k: 'v' }, metadata: null };
  return insertConnection(app.store, seededOrg(app), input).record.id;
}

/** Stores an organization blocklist rule (predefined host when `hostId` is given, else custom) and returns its id. */
export function seedOrgRule(app: App, provider: string, rule: { hostId?: string; name: string; hostPattern: string }): string {
  return insertBlocklistRule(app.store, seededOrg(app), { provider, ...rule }).id;
}

/** The seeded project's visible connections as GET /connections lists them. */
export function listedConnections(app: App) {
  return visibleConnections(app.store, app.keys.projectId).map(connectionView);
}
