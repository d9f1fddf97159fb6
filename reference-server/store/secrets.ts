/**
 * Project secrets: the full record shape (beyond the minimal `SecretRecord`
 * the Agents tag reads), creation, look-ups and deletion.
 */
import { randomUUID } from 'node:crypto';
import type { InlineSecretFields } from './inline-secrets.ts';
import { orgSecretsOf, partnerSecretsOf } from './inline-secrets.ts';
import type { Store } from './store.ts';
import type { SecretRecord } from './types.ts';

export type SecretType = 'anthropic' | 'openai' | 'generic';
export type SecretValueSource = 'inline' | 'onepassword';

/** How the gateway injects a secret: one of the documented `InjectionConfig` variants. */
export type InjectionConfig =
  | { headerName: string; valueFormat?: string }
  | { paramName: string; paramFormat?: string }
  | { pathTemplate: string }
  | { pathRegex: string; pathReplacement: string };

/** Where a 1Password value lives (display only). */
export interface OpDisplay {
  vault?: string;
  item?: string;
  field?: string;
}

/**
 * The Secrets tag's fields of a secret. `SecretRecord` extends `Partial<SecretDetails>`,
 * so records inserted without them (Agents tests) read as generic inline project secrets.
 */
export interface SecretDetails {
  type: SecretType;
  valueSource: SecretValueSource;
  /** The stored value (inline secrets); never returned by the API. */
  value: string | null;
  opRef: string | null;
  opDisplay: OpDisplay | null;
  hostPattern: string;
  pathPattern: string | null;
  injectionConfig: InjectionConfig | null;
}

/** A secret with every Secrets-tag field present. */
export type FullSecret = SecretRecord & SecretDetails;

/** Fields chosen by the caller when creating a secret. */
export type NewSecret = Pick<SecretRecord, 'projectId' | 'name'> & SecretDetails;

/** Creates and stores a project secret. */
export function insertSecret(store: Store, secret: NewSecret): FullSecret {
  const record: FullSecret = { id: randomUUID(), createdAt: new Date().toISOString(), ...secret };
  store.secrets.set(record.id, record);
  return record;
}

/** A record with defaults for the fields a minimal record lacks. */
export function fullSecret(record: SecretRecord): FullSecret {
  return {
    ...record,
    type: record.type ?? 'generic',
    valueSource: record.valueSource ?? 'inline',
    value: record.value ?? null,
    opRef: record.opRef ?? null,
    opDisplay: record.opDisplay ?? null,
    hostPattern: record.hostPattern ?? '',
    pathPattern: record.pathPattern ?? null,
    injectionConfig: record.injectionConfig ?? null,
  };
}

/** The project's secrets, newest first (ties: last created first). */
export function projectSecrets(store: Store, projectId: string): FullSecret[] {
  return [...store.secrets.values()]
    .filter((secret) => secret.projectId === projectId)
    .reverse()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map(fullSecret);
}

/** The secret with this id in this project, or undefined (a secret of another project is not found). */
export function findSecret(store: Store, projectId: string, secretId: string): SecretRecord | undefined {
  const secret = store.secrets.get(secretId);
  return secret?.projectId === projectId ? secret : undefined;
}

/** Deletes a secret and its agent assignments. */
export function deleteSecret(store: Store, secretId: string): void {
  store.secrets.delete(secretId);
  for (const agent of store.agents.values()) agent.secretIds.delete(secretId);
}

/**
 * The secrets a project inherits from above: its organization's secrets, and,
 * for a partner-managed organization that has not detached, its partner's.
 */
export function inheritedSecrets(store: Store, projectId: string): InlineSecretFields[] {
  const orgId = store.projects.get(projectId)?.orgId;
  if (orgId === undefined) return [];
  const link = store.partnerOrgs.get(orgId);
  const fromPartner = link && link.status !== 'detached' ? partnerSecretsOf(store, link.partnerId) : [];
  return [...orgSecretsOf(store, orgId), ...fromPartner];
}
