/**
 * Organization Approvals tag (Cloud and Enterprise; organization admins and
 * owners): the approval requests pending in every project of the caller's
 * organization. As with the project-level list, the long poll answers at once
 * with `timeoutSeconds` = the approval expiry. The operation is organization
 * scoped: a project key (`oc_`) is refused with the documented 403 envelope
 * `organization_scope_required`.
 */
import { HttpError } from '../errors.ts';
import { json } from '../http.ts';
import type { ApprovalRecord, Store } from '../store/index.ts';
import { APPROVAL_TIMEOUT_SECONDS, orgProjects, pendingApprovals } from '../store/index.ts';
import { callerOrgId, ORG_EDITIONS } from './org-context.ts';
import type { Context, RouteDef } from './types.ts';

const ORGANIZATION_SCOPE_REQUIRED = HttpError.envelope(403, 'authentication_error', 'organization_scope_required');

/** True when the request authenticated with a project key rather than an organization key. */
function usesProjectKey(ctx: Context): boolean {
  const token = /^Bearer (\S+)$/.exec(ctx.req.headers['authorization'] ?? '')?.[1];
  return token !== undefined && ctx.store.apiKeys.get(token)?.kind === 'project';
}

/** The documented `PendingApproval`; undefined when its agent no longer exists. */
function pendingApprovalView(store: Store, approval: ApprovalRecord) {
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

export const organizationApprovalsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/org/approvals/pending',
    operationId: 'listOrgPendingApprovals',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      if (usesProjectKey(ctx)) throw ORGANIZATION_SCOPE_REQUIRED;
      // `exclude`: comma-separated ids the caller has already seen.
      const excluded = new Set(ctx.req.query.getAll('exclude').flatMap((v) => v.split(',').map((id) => id.trim())));
      const requests = orgProjects(ctx.store, callerOrgId(ctx))
        .flatMap((project) => pendingApprovals(ctx.store, project.id))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
        .filter((a) => !excluded.has(a.id))
        .map((a) => pendingApprovalView(ctx.store, a))
        .filter((view) => view !== undefined);
      return json(200, { requests, timeoutSeconds: APPROVAL_TIMEOUT_SECONDS });
    },
  },
];
