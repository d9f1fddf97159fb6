/** Extra organizations and partners for tests of organization- and partner-scoped tags. */
import { randomUUID } from 'node:crypto';
import type { App } from '../app.ts';
import { orgApiKey, partnerApiKey } from '../store/tokens.ts';

/** Adds an organization with an owner, and returns the owner's `oc_org_` key headers and the ids. */
export function addOrganization(app: App, name = 'Other Organization') {
  const createdAt = new Date().toISOString();
  const orgId = randomUUID();
  const projectId = randomUUID();
  const userId = randomUUID();
  app.store.organizations.set(orgId, { id: orgId, name, createdAt });
  app.store.projects.set(projectId, { id: projectId, orgId, name: 'Default Project', createdAt });
  app.store.users.set(userId, { id: userId, email: `${userId}@example.com`, name: 'Other Owner', orgId, role: 'owner', createdAt });
  const key = orgApiKey();
  app.store.apiKeys.set(key, { kind: 'org', key, userId });
  return { orgId, projectId, userId, headers: { Authorization: `Bearer ${key}` } };
}

/** Adds a partner with its own `oc_partner_` key, and returns the key headers and the id. */
export function addPartner(app: App, name = 'Other Partner') {
  const partnerId = randomUUID();
  app.store.partners.set(partnerId, { id: partnerId, name, createdAt: new Date().toISOString() });
  const key = partnerApiKey();
  app.store.apiKeys.set(key, { kind: 'partner', key, partnerId });
  return { partnerId, headers: { Authorization: `Bearer ${key}` } };
}
