/**
 * Manual-approval requests. There is no gateway in the reference server: a
 * held request is modelled as a record (inserted by tests, or by whoever
 * simulates traffic with {@link insertApproval}); the Approvals tag lists and
 * decides them.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';

/** How long a held request waits for a decision, in seconds (`timeoutSeconds` of the pending list). */
export const APPROVAL_TIMEOUT_SECONDS = 180;

export type ApprovalStatus = 'pending' | 'approved' | 'denied';

export interface ApprovalRecord {
  id: string;
  projectId: string;
  /** The agent whose request is held. */
  agentId: string;
  method: string;
  url: string;
  host: string;
  path: string;
  headers: Record<string, string>;
  bodyPreview: string | null;
  summary: Record<string, unknown> | null;
  status: ApprovalStatus;
  createdAt: string;
  expiresAt: string;
  decidedAt: string | null;
}

/** What a simulated held request carries; the rest is derived (host/path from `url`) or defaulted. */
export interface NewApproval {
  projectId: string;
  agentId: string;
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  bodyPreview?: string | null;
  summary?: Record<string, unknown> | null;
  /** Default: now. */
  createdAt?: Date;
  /** Default: createdAt + {@link APPROVAL_TIMEOUT_SECONDS}. */
  expiresAt?: Date;
}

/** Stores a pending approval request. */
export function insertApproval(store: Store, approval: NewApproval): ApprovalRecord {
  const url = new URL(approval.url ?? 'https://api.github.com/repos/acme/app/issues');
  const createdAt = approval.createdAt ?? new Date();
  const expiresAt = approval.expiresAt ?? new Date(createdAt.getTime() + APPROVAL_TIMEOUT_SECONDS * 1000);
  const record: ApprovalRecord = {
    id: randomUUID(),
    projectId: approval.projectId,
    agentId: approval.agentId,
    method: approval.method ?? 'POST',
    url: url.href,
    host: url.host,
    path: url.pathname + url.search,
    headers: approval.headers ?? { 'content-type': 'application/json' },
    bodyPreview: approval.bodyPreview ?? null,
    summary: approval.summary ?? null,
    status: 'pending',
    createdAt: createdAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    decidedAt: null,
  };
  store.approvals.set(record.id, record);
  return record;
}

/** True once the approval's deadline has passed. */
export function isExpired(approval: ApprovalRecord, now = new Date()): boolean {
  return Date.parse(approval.expiresAt) <= now.getTime();
}

/** The project's approvals still waiting for a decision (pending, not expired), oldest first. */
export function pendingApprovals(store: Store, projectId: string, now = new Date()): ApprovalRecord[] {
  return [...store.approvals.values()]
    .filter((a) => a.projectId === projectId && a.status === 'pending' && !isExpired(a, now))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
