/**
 * Approvals tag: requests held by a `manual_approval` rule, as documented.
 *
 * There is no gateway here: held requests are store records (see
 * store/approvals.ts). The pending list answers at once (a long poll whose
 * wait is zero) with `timeoutSeconds` = the approval expiry. A decision on an
 * unknown, foreign or already decided approval is the documented 404 envelope;
 * on an expired one the documented 410 envelope.
 */
import { HttpError } from '../errors.ts';
import { json } from '../http.ts';
import type { ApprovalRecord, Store } from '../store/index.ts';
import { APPROVAL_TIMEOUT_SECONDS, isExpired, pendingApprovals } from '../store/index.ts';
import { enumOf, object, parseBody } from '../validation.ts';
import type { RouteDef } from './types.ts';

const decisionBody = object({ decision: enumOf(['approve', 'deny']) });

const APPROVAL_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Approval not found');
const APPROVAL_EXPIRED = HttpError.envelope(410, 'invalid_request_error', 'Approval expired');

/** The documented `PendingApproval`, every property filled; undefined when its agent no longer exists. */
function approvalView(store: Store, approval: ApprovalRecord) {
  const agent = store.agents.get(approval.agentId);
  if (!agent) return undefined;
  return {
    id: approval.id,
    projectId: approval.projectId,
    method: approval.method,
    url: approval.url,
    host: approval.host,
    path: approval.path,
    headers: approval.headers,
    bodyPreview: approval.bodyPreview,
    summary: approval.summary,
    agent: { id: agent.id, name: agent.name, externalId: agent.identifier },
    createdAt: approval.createdAt,
    expiresAt: approval.expiresAt,
  };
}

export const approvalsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/approvals/pending',
    operationId: 'listPendingApprovals',
    auth: 'project',
    handler: (ctx) => {
      // `exclude`: comma-separated ids the caller has already seen.
      const excluded = new Set(ctx.req.query.getAll('exclude').flatMap((v) => v.split(',').map((id) => id.trim())));
      const requests = pendingApprovals(ctx.store, ctx.projectId())
        .filter((a) => !excluded.has(a.id))
        .map((a) => approvalView(ctx.store, a))
        .filter((view) => view !== undefined);
      return json(200, { requests, timeoutSeconds: APPROVAL_TIMEOUT_SECONDS });
    },
  },
  {
    method: 'POST',
    path: '/approvals/{id}/decision',
    operationId: 'submitApprovalDecision',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, decisionBody);
      const approval = ctx.store.approvals.get(ctx.params['id']!);
      const visible = approval?.projectId === ctx.projectId() && approval.status === 'pending' && ctx.store.agents.has(approval.agentId);
      if (!approval || !visible) throw APPROVAL_NOT_FOUND;
      if (isExpired(approval)) throw APPROVAL_EXPIRED;
      approval.status = body.decision === 'approve' ? 'approved' : 'denied';
      approval.decidedAt = new Date().toISOString();
      return json(200, { success: true });
    },
  },
];
