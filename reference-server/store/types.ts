/**
 * Records held by the in-memory store. A tag that needs a new entity adds its
 * record type here and one map in `store.ts`.
 */

/** An organization member's role. */
export type OrgRole = 'owner' | 'admin' | 'member';

/** Agent secret access: every project secret, or only the assigned ones. */
export type SecretMode = 'all' | 'selective';

export interface OrganizationRecord {
  id: string;
  name: string;
  createdAt: string;
}

export interface ProjectRecord {
  id: string;
  orgId: string;
  name: string;
  createdAt: string;
}

/** A user, member of exactly one organization. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  orgId: string;
  role: OrgRole;
  createdAt: string;
}

export interface PartnerRecord {
  id: string;
  name: string;
  createdAt: string;
}

/** An API key: `oc_` (carries its project), `oc_org_` (needs X-Project-Id on project routes) or `oc_partner_`. */
export type ApiKeyRecord =
  | { kind: 'project'; key: string; userId: string; projectId: string }
  | { kind: 'org'; key: string; userId: string }
  | { kind: 'partner'; key: string; partnerId: string };

export interface AgentRecord {
  id: string;
  projectId: string;
  name: string;
  identifier: string;
  accessToken: string;
  isDefault: boolean;
  secretMode: SecretMode;
  /** The agent named by `parentIdentifier` at creation, if it existed. */
  parentAgentId: string | null;
  createdAt: string;
  /** Ids of secrets explicitly assigned to the agent. */
  secretIds: Set<string>;
  /** App-connection assignments: connection id → granular session policy (or null). */
  connections: Map<string, Record<string, unknown> | null>;
}

/** A project secret; the Secrets tag owns its full shape. */
export interface SecretRecord extends Partial<import('./secrets.ts').SecretDetails> {
  id: string;
  projectId: string;
  name: string;
  createdAt: string;
}

/** An app connection; the Apps/Connections tags own its full shape. */
export interface AppConnectionRecord {
  id: string;
  projectId: string;
  provider: string;
  label: string | null;
  createdAt: string;
  /** Apps/Connections tags (optional: absent means `connected`, no scopes, no metadata, connected at createdAt). */
  status?: string;
  scopes?: string[];
  metadata?: Record<string, unknown> | null;
  /** Credentials supplied on connect; never returned. */
  credentials?: Record<string, string>;
  connectedAt?: string;
}
