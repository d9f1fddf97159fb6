/**
 * Inline secrets held above the project level: organization secrets (shared by
 * every project of the organization) and partner secrets (inherited by every
 * organization the partner manages, unless it detached). Values are kept but
 * never returned; responses carry a masked `preview` at creation only.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';

export type InlineSecretType = 'anthropic' | 'openai' | 'generic';

/** One of the documented `InjectionConfig` variants. */
export type InlineInjectionConfig =
  | { headerName: string; valueFormat?: string }
  | { paramName: string; paramFormat?: string }
  | { pathTemplate: string }
  | { pathRegex: string; pathReplacement: string };

/** Fields shared by organization and partner secrets. */
export interface InlineSecretFields {
  id: string;
  name: string;
  type: InlineSecretType;
  value: string;
  hostPattern: string;
  pathPattern: string | null;
  injectionConfig: InlineInjectionConfig | null;
  createdAt: string;
}

/** An organization-level secret (`scope: organization`). */
export interface OrgSecretRecord extends InlineSecretFields {
  orgId: string;
}

/** A partner-level secret, inherited by the partner's organizations. */
export interface PartnerSecretRecord extends InlineSecretFields {
  partnerId: string;
}

/** What the caller chooses when creating an inline secret. */
export interface NewInlineSecret {
  name: string;
  type: InlineSecretType;
  value: string;
  hostPattern: string;
  pathPattern?: string | null;
  injectionConfig?: InlineInjectionConfig | null;
}

/** `typeLabel` per secret type, as the real server labels them. */
export const SECRET_TYPE_LABELS: Record<InlineSecretType, string> = {
  anthropic: 'Anthropic API Key',
  openai: 'OpenAI',
  generic: 'Generic Secret',
};

function inlineFields(secret: NewInlineSecret): InlineSecretFields {
  return {
    id: randomUUID(),
    name: secret.name,
    type: secret.type,
    value: secret.value,
    hostPattern: secret.hostPattern,
    pathPattern: secret.pathPattern ?? null,
    injectionConfig: secret.injectionConfig ?? null,
    createdAt: new Date().toISOString(),
  };
}

/** Creates and stores an organization secret. */
export function insertOrgSecret(store: Store, orgId: string, secret: NewInlineSecret): OrgSecretRecord {
  const record: OrgSecretRecord = { ...inlineFields(secret), orgId };
  store.orgSecrets.set(record.id, record);
  return record;
}

/** Creates and stores a partner secret. */
export function insertPartnerSecret(store: Store, partnerId: string, secret: NewInlineSecret): PartnerSecretRecord {
  const record: PartnerSecretRecord = { ...inlineFields(secret), partnerId };
  store.partnerSecrets.set(record.id, record);
  return record;
}

/** Newest first (ties: last created first). */
function newestFirst<T extends { createdAt: string }>(records: Iterable<T>): T[] {
  return [...records].reverse().sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The organization's secrets, newest first. */
export function orgSecretsOf(store: Store, orgId: string): OrgSecretRecord[] {
  return newestFirst([...store.orgSecrets.values()].filter((s) => s.orgId === orgId));
}

/** The partner's secrets, newest first. */
export function partnerSecretsOf(store: Store, partnerId: string): PartnerSecretRecord[] {
  return newestFirst([...store.partnerSecrets.values()].filter((s) => s.partnerId === partnerId));
}

/** A masked value: first and last four characters of long values, nothing of short ones. */
export function secretPreview(value: string): string {
  const chars = [...value];
  return chars.length <= 8 ? '****' : `${chars.slice(0, 4).join('')}****${chars.slice(-4).join('')}`;
}
