/**
 * The seed every server instance starts with: one organization, one project
 * with a default agent, an owner and a plain member, a partner, and one API
 * key of each kind (random values, new at every start).
 */
import { randomUUID } from 'node:crypto';
import { insertAgent } from './agents.ts';
import type { Store } from './store.ts';
import { orgApiKey, partnerApiKey, projectApiKey } from './tokens.ts';

/** The credentials and ids a client needs to call the seeded server. */
export interface SeedKeys {
  /** `oc_` key of the owner, carrying the seeded project. */
  projectKey: string;
  /** `oc_org_` key of the owner (admin rights); needs `X-Project-Id` on project routes. */
  orgKey: string;
  /** `oc_org_` key of a plain member (no admin rights). */
  orgMemberKey: string;
  /** `oc_partner_` key, valid on `/partner` routes only. */
  partnerKey: string;
  projectId: string;
  orgId: string;
}

/** Fills an empty store with the seed and returns its keys. */
export function seedStore(store: Store): SeedKeys {
  const createdAt = new Date().toISOString();
  const orgId = randomUUID();
  const projectId = randomUUID();
  const ownerId = randomUUID();
  const memberId = randomUUID();
  const partnerId = randomUUID();

  store.organizations.set(orgId, { id: orgId, name: 'Reference Organization', createdAt });
  store.projects.set(projectId, { id: projectId, orgId, name: 'Default Project', createdAt });
  store.users.set(ownerId, { id: ownerId, email: 'owner@example.com', name: 'Owner', orgId, role: 'owner', createdAt });
  store.users.set(memberId, { id: memberId, email: 'member@example.com', name: 'Member', orgId, role: 'member', createdAt });
  store.partners.set(partnerId, { id: partnerId, name: 'Reference Partner', createdAt });
  insertAgent(store, { projectId, name: 'Default Agent', identifier: 'default', isDefault: true });

  const keys: SeedKeys = {
    projectKey: projectApiKey(),
    orgKey: orgApiKey(),
    orgMemberKey: orgApiKey(),
    partnerKey: partnerApiKey(),
    projectId,
    orgId,
  };
  store.apiKeys.set(keys.projectKey, { kind: 'project', key: keys.projectKey, userId: ownerId, projectId });
  store.apiKeys.set(keys.orgKey, { kind: 'org', key: keys.orgKey, userId: ownerId });
  store.apiKeys.set(keys.orgMemberKey, { kind: 'org', key: keys.orgMemberKey, userId: memberId });
  store.apiKeys.set(keys.partnerKey, { kind: 'partner', key: keys.partnerKey, partnerId });
  return keys;
}
