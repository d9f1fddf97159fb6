/**
 * App connections: project connections live in `store.appConnections` (the
 * record the Agents tag reads, extended with optional fields), organization
 * connections in `store.orgAppConnections`. A project sees its own connections
 * plus the ones of its organization (inherited, `scope: organization`).
 */
import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';
import type { AppConnectionRecord } from './types.ts';

/** Who owns a connection, a BYOC configuration or a blocklist rule. */
export type AppOwner = { scope: 'project'; projectId: string; orgId: string } | { scope: 'organization'; orgId: string };

/** An organization-level app connection (Organization Connections / Organization App Config tags). */
export interface OrgAppConnectionRecord {
  id: string;
  orgId: string;
  provider: string;
  label: string | null;
  status: string;
  scopes: string[];
  metadata: Record<string, unknown> | null;
  /** Credentials supplied on connect; never returned. */
  credentials: Record<string, string>;
  connectedAt: string;
  createdAt: string;
}

/** A connection of either scope, as the routes handle it. */
export type OwnedConnection =
  | { scope: 'project'; record: AppConnectionRecord }
  | { scope: 'organization'; record: OrgAppConnectionRecord };

/** What a connect call supplies. */
export interface ConnectionInput {
  provider: string;
  label: string | null;
  scopes: string[];
  credentials: Record<string, string>;
  metadata: Record<string, unknown> | null;
}

/** The documented `AppConnection` schema, every property filled. */
export function connectionView({ scope, record }: OwnedConnection) {
  return {
    id: record.id,
    provider: record.provider,
    label: record.label,
    status: record.status ?? 'connected',
    scopes: [...(record.scopes ?? [])],
    scope,
    metadata: record.metadata ?? null,
    connectedAt: record.connectedAt ?? record.createdAt,
  };
}

/** The `{id, provider, status, label}` answer of the rename operations. */
export function connectionSummary(connection: OwnedConnection) {
  const { id, provider, status, label } = connectionView(connection);
  return { id, provider, status, label };
}

function newestFirst(a: OwnedConnection, b: OwnedConnection): number {
  return connectionView(b).connectedAt.localeCompare(connectionView(a).connectedAt);
}

/** The owner's own connections (optionally of one provider), newest first. */
export function ownedConnections(store: Store, owner: AppOwner, provider?: string): OwnedConnection[] {
  const matches = (p: string) => provider === undefined || p === provider;
  const list: OwnedConnection[] =
    owner.scope === 'project'
      ? [...store.appConnections.values()]
          .filter((c) => c.projectId === owner.projectId && matches(c.provider))
          .map((record) => ({ scope: 'project', record }))
      : [...store.orgAppConnections.values()]
          .filter((c) => c.orgId === owner.orgId && matches(c.provider))
          .map((record) => ({ scope: 'organization', record }));
  return list.reverse().sort(newestFirst);
}

/** What a project sees: its own connections and its organization's, newest first. */
export function visibleConnections(store: Store, projectId: string, provider?: string): OwnedConnection[] {
  const orgId = store.projects.get(projectId)?.orgId;
  const own = ownedConnections(store, { scope: 'project', projectId, orgId: orgId ?? '' }, provider);
  const inherited = orgId === undefined ? [] : ownedConnections(store, { scope: 'organization', orgId }, provider);
  return [...own, ...inherited].sort(newestFirst);
}

/** The owner's connection with this id, or undefined (another owner's connection is not found). */
export function findOwnedConnection(store: Store, owner: AppOwner, connectionId: string): OwnedConnection | undefined {
  if (owner.scope === 'project') {
    const record = store.appConnections.get(connectionId);
    return record?.projectId === owner.projectId ? { scope: 'project', record } : undefined;
  }
  const record = store.orgAppConnections.get(connectionId);
  return record?.orgId === owner.orgId ? { scope: 'organization', record } : undefined;
}

/** Creates and stores a connection for the owner (status `connected`). */
export function insertConnection(store: Store, owner: AppOwner, input: ConnectionInput): OwnedConnection {
  const now = new Date().toISOString();
  const base = {
    id: randomUUID(),
    provider: input.provider,
    label: input.label,
    status: 'connected',
    scopes: [...input.scopes],
    metadata: input.metadata,
    credentials: { ...input.credentials },
    connectedAt: now,
    createdAt: now,
  };
  if (owner.scope === 'project') {
    const record: AppConnectionRecord = { ...base, projectId: owner.projectId };
    store.appConnections.set(record.id, record);
    return { scope: 'project', record };
  }
  const record: OrgAppConnectionRecord = { ...base, orgId: owner.orgId };
  store.orgAppConnections.set(record.id, record);
  return { scope: 'organization', record };
}

/** Re-connects an existing connection with fresh credentials (and the new label, when one is given). */
export function refreshConnection(connection: OwnedConnection, input: ConnectionInput): void {
  const { record } = connection;
  if (input.label !== null) record.label = input.label;
  record.status = 'connected';
  record.scopes = [...input.scopes];
  record.metadata = input.metadata;
  record.credentials = { ...input.credentials };
  record.connectedAt = new Date().toISOString();
}

/** Removes a connection and every agent assignment of it. */
export function deleteConnection(store: Store, connection: OwnedConnection): void {
  if (connection.scope === 'project') store.appConnections.delete(connection.record.id);
  else store.orgAppConnections.delete(connection.record.id);
  for (const agent of store.agents.values()) agent.connections.delete(connection.record.id);
}
