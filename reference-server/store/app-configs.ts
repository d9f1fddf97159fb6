/**
 * BYOC (bring-your-own-credentials) app configurations and app blocklist rules,
 * each owned by a project or by an organization (`AppOwner`).
 *
 * A project sees its organization's enabled configuration when it has none of
 * its own, and its organization's blocklist rules beside its own.
 */
import { randomUUID } from 'node:crypto';
import type { CatalogApp } from './app-catalog.ts';
import type { AppOwner } from './app-connections.ts';
import type { Store } from './store.ts';

/** One app's BYOC configuration for one owner. */
export interface AppConfigRecord {
  id: string;
  scope: AppOwner['scope'];
  /** Project id or organization id, per `scope`. */
  ownerId: string;
  provider: string;
  /** Field values as supplied (secret ones included; never returned). */
  values: Record<string, string>;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One blocklist rule: an activated predefined host, or a custom host pattern. */
export interface BlocklistRuleRecord {
  id: string;
  scope: AppOwner['scope'];
  ownerId: string;
  provider: string;
  /** The predefined host id; for a custom rule, the rule id. */
  hostId: string;
  custom: boolean;
  name: string;
  hostPattern: string;
  enabled: boolean;
  createdAt: string;
}

function ownerIdOf(owner: AppOwner): string {
  return owner.scope === 'project' ? owner.projectId : owner.orgId;
}

function ownedBy(owner: AppOwner) {
  return (r: { scope: AppOwner['scope']; ownerId: string }) => r.scope === owner.scope && r.ownerId === ownerIdOf(owner);
}

/** The owner's configuration of an app, or undefined. */
export function findAppConfig(store: Store, owner: AppOwner, provider: string): AppConfigRecord | undefined {
  return [...store.appConfigs.values()].find((c) => ownedBy(owner)(c) && c.provider === provider);
}

/** Creates the owner's configuration (enabled) or merges into it; an empty value keeps the stored one. */
export function upsertAppConfig(store: Store, owner: AppOwner, app: CatalogApp, input: Record<string, string>): AppConfigRecord {
  const now = new Date().toISOString();
  let config = findAppConfig(store, owner, app.id);
  if (!config) {
    config = { id: randomUUID(), scope: owner.scope, ownerId: ownerIdOf(owner), provider: app.id, values: {}, enabled: true, createdAt: now, updatedAt: now };
    store.appConfigs.set(config.id, config);
  }
  for (const { key } of app.configFields) {
    const value = input[key];
    if (value !== undefined && value !== '') config.values[key] = value;
  }
  config.updatedAt = now;
  return config;
}

/** Whether every configuration field of the app has a value. */
export function configHasCredentials(app: CatalogApp | undefined, config: AppConfigRecord): boolean {
  return !!app && app.configFields.length > 0 && app.configFields.every(({ key }) => !!config.values[key]);
}

/** The non-secret field values of a configuration. */
export function configSettings(app: CatalogApp | undefined, config: AppConfigRecord | undefined): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const field of app?.configFields ?? []) {
    const value = config?.values[field.key];
    if (!field.secret && value !== undefined) settings[field.key] = value;
  }
  return settings;
}

/** Provider ids with an enabled configuration of the owner, in creation order. */
export function enabledConfigProviders(store: Store, owner: AppOwner): string[] {
  return [...store.appConfigs.values()].filter((c) => ownedBy(owner)(c) && c.enabled).map((c) => c.provider);
}

/**
 * The configuration a project actually uses for an app: its own, else its
 * organization's when enabled; undefined when neither exists.
 */
export function effectiveAppConfig(store: Store, projectId: string, provider: string): AppConfigRecord | undefined {
  const orgId = store.projects.get(projectId)?.orgId ?? '';
  const own = findAppConfig(store, { scope: 'project', projectId, orgId }, provider);
  if (own) return own;
  const org = findAppConfig(store, { scope: 'organization', orgId }, provider);
  return org?.enabled ? org : undefined;
}

/** The owner's blocklist rules for a provider, in creation order. */
export function ownedBlocklistRules(store: Store, owner: AppOwner, provider: string): BlocklistRuleRecord[] {
  return [...store.blocklistRules.values()].filter((r) => ownedBy(owner)(r) && r.provider === provider);
}

/** The owner's rule with this id for this provider, or undefined. */
export function findBlocklistRule(store: Store, owner: AppOwner, provider: string, ruleId: string): BlocklistRuleRecord | undefined {
  const rule = store.blocklistRules.get(ruleId);
  return rule && ownedBy(owner)(rule) && rule.provider === provider ? rule : undefined;
}

/** What a new rule names. */
export interface NewBlocklistRule {
  provider: string;
  hostId?: string;
  name: string;
  hostPattern: string;
}

/** Creates and stores an enabled rule; without `hostId` it is a custom rule whose host id is its own id. */
export function insertBlocklistRule(store: Store, owner: AppOwner, rule: NewBlocklistRule): BlocklistRuleRecord {
  const id = randomUUID();
  const record: BlocklistRuleRecord = {
    id,
    scope: owner.scope,
    ownerId: ownerIdOf(owner),
    provider: rule.provider,
    hostId: rule.hostId ?? id,
    custom: rule.hostId === undefined,
    name: rule.name,
    hostPattern: rule.hostPattern,
    enabled: true,
    createdAt: new Date().toISOString(),
  };
  store.blocklistRules.set(id, record);
  return record;
}
