/**
 * External vault connections (e.g. 1Password) of a project. The documented API
 * only lists them (connecting a vault happens in the dashboard), so records are
 * inserted with {@link insertVaultConnection} by tests or a seeding caller.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';

export interface VaultConnectionRecord {
  id: string;
  projectId: string;
  provider: string;
  status: string;
  name: string | null;
  lastConnectedAt: string | null;
  createdAt: string;
}

export type NewVaultConnection = Pick<VaultConnectionRecord, 'projectId'> &
  Partial<Pick<VaultConnectionRecord, 'provider' | 'status' | 'name' | 'lastConnectedAt'>>;

/** Stores a vault connection (default: a connected 1Password vault, connected now). */
export function insertVaultConnection(store: Store, vault: NewVaultConnection): VaultConnectionRecord {
  const now = new Date().toISOString();
  const record: VaultConnectionRecord = {
    id: randomUUID(),
    projectId: vault.projectId,
    provider: vault.provider ?? 'onepassword',
    status: vault.status ?? 'connected',
    name: vault.name === undefined ? '1Password' : vault.name,
    lastConnectedAt: vault.lastConnectedAt === undefined ? now : vault.lastConnectedAt,
    createdAt: now,
  };
  store.vaultConnections.set(record.id, record);
  return record;
}

/** The project's vault connections, oldest first. */
export function projectVaultConnections(store: Store, projectId: string): VaultConnectionRecord[] {
  return [...store.vaultConnections.values()].filter((v) => v.projectId === projectId);
}
