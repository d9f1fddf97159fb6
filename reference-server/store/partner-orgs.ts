/**
 * Partner-managed organizations: an organization created by a partner (with an
 * owner, a default project with its default agent, an `oc_org_` and an `oc_`
 * key, and a claim link), its claim state, and its projects.
 *
 * There is no claim endpoint in the documented API (claiming happens in the
 * dashboard through the claim URL): {@link claimPartnerOrg} simulates it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { insertAgent } from './agents.ts';
import type { Store } from './store.ts';
import { orgApiKey, projectApiKey } from './tokens.ts';
import type { ProjectRecord } from './types.ts';

/** Claim state, the documented `PartnerOrg.status` enum. */
export type PartnerOrgStatus = 'unclaimed' | 'claimed' | 'detached';

/** The partner link of an organization, keyed by organization id. */
export interface PartnerOrgRecord {
  orgId: string;
  partnerId: string;
  slug: string;
  status: PartnerOrgStatus;
  claimedByEmail: string | null;
  claimedAt: string | null;
  /** Token of the current claim link; a reissued link invalidates the previous one. */
  claimToken: string;
  /** The keys handed to the partner (replaced by a rotation). */
  orgApiKey: string;
  projectApiKey: string;
  /** The project the partner's project key acts on. */
  defaultProjectId: string;
  /** The user the partner's keys belong to (the organization's owner until claimed). */
  ownerUserId: string;
  createdAt: string;
}

/** What createPartnerOrg hands out once. */
export interface CreatedPartnerOrg {
  record: PartnerOrgRecord;
  agentToken: string;
}

/** Where a claim token is redeemed. */
export const CLAIM_URL_BASE = 'https://app.onecli.sh/claim/';

/** The claim URL of a token. */
export function claimUrl(token: string): string {
  return `${CLAIM_URL_BASE}${token}`;
}

function claimToken(): string {
  return randomBytes(24).toString('hex');
}

/** Lower-case words joined by `-`, at most 50 characters; `fallback` when nothing is left. */
export function slugify(name: string, fallback: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** `base`, or `base-2`, `base-3`… : the first not in `taken`. */
function uniqueSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** A project's slug: the stored one if the record has it, else derived from its name. */
export function projectSlug(project: ProjectRecord): string {
  const stored = (project as ProjectRecord & { slug?: unknown }).slug;
  return typeof stored === 'string' ? stored : slugify(project.name, 'project');
}

/** The organization's projects, oldest first. */
export function orgProjects(store: Store, orgId: string): ProjectRecord[] {
  return [...store.projects.values()].filter((p) => p.orgId === orgId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Creates a project in an organization, with a slug unique in it and a default agent. */
export function insertOrgProject(store: Store, orgId: string, name: string): ProjectRecord {
  const taken = new Set(orgProjects(store, orgId).map(projectSlug));
  const project = {
    id: randomUUID(),
    orgId,
    name,
    slug: uniqueSlug(slugify(name, 'project'), taken),
    createdAt: new Date().toISOString(),
  } as ProjectRecord;
  store.projects.set(project.id, project);
  insertAgent(store, { projectId: project.id, name: 'Default Agent', identifier: 'default', isDefault: true });
  return project;
}

/** Creates a customer organization for a partner, with everything the partner hands over. */
export function createPartnerOrg(store: Store, partnerId: string, name: string): CreatedPartnerOrg {
  const createdAt = new Date().toISOString();
  const orgId = randomUUID();
  const ownerUserId = randomUUID();
  const slug = uniqueSlug(slugify(name, 'org'), new Set([...store.partnerOrgs.values()].map((o) => o.slug)));
  store.organizations.set(orgId, { id: orgId, name, createdAt });
  store.users.set(ownerUserId, {
    id: ownerUserId,
    email: `owner@${slug}.partner-managed.example.com`,
    name: 'Partner-managed owner',
    orgId,
    role: 'owner',
    createdAt,
  });
  const project = insertOrgProject(store, orgId, 'Default Project');
  const agentToken = [...store.agents.values()].find((a) => a.projectId === project.id && a.isDefault)!.accessToken;
  const record: PartnerOrgRecord = {
    orgId,
    partnerId,
    slug,
    status: 'unclaimed',
    claimedByEmail: null,
    claimedAt: null,
    claimToken: claimToken(),
    orgApiKey: '',
    projectApiKey: '',
    defaultProjectId: project.id,
    ownerUserId,
    createdAt,
  };
  mintPartnerOrgKeys(store, record);
  store.partnerOrgs.set(orgId, record);
  return { record, agentToken };
}

/** Revokes the keys previously handed to the partner and mints a new `oc_org_` and `oc_` pair. */
export function mintPartnerOrgKeys(store: Store, record: PartnerOrgRecord): void {
  store.apiKeys.delete(record.orgApiKey);
  store.apiKeys.delete(record.projectApiKey);
  if (store.projects.get(record.defaultProjectId)?.orgId !== record.orgId) {
    // The default project is gone: the oldest remaining one takes over (a new one if none is left).
    record.defaultProjectId = (orgProjects(store, record.orgId)[0] ?? insertOrgProject(store, record.orgId, 'Default Project')).id;
  }
  record.orgApiKey = orgApiKey();
  record.projectApiKey = projectApiKey();
  store.apiKeys.set(record.orgApiKey, { kind: 'org', key: record.orgApiKey, userId: record.ownerUserId });
  store.apiKeys.set(record.projectApiKey, {
    kind: 'project',
    key: record.projectApiKey,
    userId: record.ownerUserId,
    projectId: record.defaultProjectId,
  });
}

/** Replaces the claim token (the previous link stops working). */
export function reissueClaimToken(record: PartnerOrgRecord): string {
  record.claimToken = claimToken();
  return record.claimToken;
}

/** The partner's organization with this id, or undefined (another partner's, or not partner-managed). */
export function findPartnerOrg(store: Store, partnerId: string, orgId: string): PartnerOrgRecord | undefined {
  const record = store.partnerOrgs.get(orgId);
  return record?.partnerId === partnerId && store.organizations.has(orgId) ? record : undefined;
}

/** The partner's organizations, newest first (ties: last created first). */
export function partnerOrgsOf(store: Store, partnerId: string): PartnerOrgRecord[] {
  return [...store.partnerOrgs.values()]
    .filter((o) => o.partnerId === partnerId && store.organizations.has(o.orgId))
    .reverse()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * Simulates the dashboard claim: someone redeems the claim link and becomes
 * the organization's owner. Returns false when the token is not the current
 * one or the organization is no longer unclaimed.
 */
export function claimPartnerOrg(store: Store, token: string, email: string, at = new Date()): boolean {
  const record = [...store.partnerOrgs.values()].find((o) => o.claimToken === token);
  if (!record || record.status !== 'unclaimed') return false;
  record.status = 'claimed';
  record.claimedByEmail = email;
  record.claimedAt = at.toISOString();
  record.claimToken = claimToken();
  return true;
}

/** Marks a partner-managed organization as detached (it stops inheriting partner secrets). */
export function detachPartnerOrg(record: PartnerOrgRecord): void {
  record.status = 'detached';
}

/**
 * Deletes an organization and everything in it: its projects, users and their
 * keys, and every record of any store map that names one of its projects
 * (`projectId`) or the organization itself (`orgId`).
 */
export function deleteOrganization(store: Store, orgId: string): void {
  const projectIds = new Set(orgProjects(store, orgId).map((p) => p.id));
  const userIds = new Set([...store.users.values()].filter((u) => u.orgId === orgId).map((u) => u.id));
  for (const [key, apiKey] of store.apiKeys) {
    if (apiKey.kind !== 'partner' && userIds.has(apiKey.userId)) store.apiKeys.delete(key);
  }
  for (const map of Object.values(store) as unknown[]) {
    if (!(map instanceof Map)) continue;
    for (const [key, value] of map as Map<unknown, unknown>) {
      if (typeof value !== 'object' || value === null) continue;
      const record = value as { orgId?: unknown; projectId?: unknown };
      if (record.orgId === orgId || projectIds.has(record.projectId as string)) map.delete(key);
    }
  }
  store.organizations.delete(orgId);
}

/** Deletes a project and every record of any store map that names it (`projectId`: agents, keys, secrets…). */
export function deleteProject(store: Store, projectId: string): void {
  for (const map of Object.values(store) as unknown[]) {
    if (!(map instanceof Map)) continue;
    for (const [key, value] of map as Map<unknown, unknown>) {
      if (typeof value === 'object' && value !== null && (value as { projectId?: unknown }).projectId === projectId) map.delete(key);
    }
  }
  store.projects.delete(projectId);
}
