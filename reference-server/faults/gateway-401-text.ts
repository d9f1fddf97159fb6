import type { Fault } from './types.ts';

/**
 * The Approvals operations are served by the gateway (apps/gateway, Rust/axum), not the API server, and its
 * auth rejections are text/plain reasons, not the JSON envelope (shared/onecli-api: NOTES.md §4 "Gateway-served
 * operations", operations.json `listPendingApprovals` and `submitApprovalDecision` 401 `shape: "text"`, source
 * apps/gateway/src/auth.rs). The facts give example reasons ("missing session token", "no project found",
 * "user not found") without saying which failure gets which: here no key gets "missing session token" and a
 * key the server does not know "user not found". Other statuses are unchanged (the 400 of an organization key
 * without X-Project-Id is not a 401 and stays the envelope).
 *
 * Not here: `listOrgPendingApprovals` (ee/org_routes.rs on the same gateway): the facts say nothing of its 401.
 */
const GATEWAY_OPERATIONS = new Set(['listPendingApprovals', 'submitApprovalDecision']);

export const gateway401Text = {
  id: 'gateway-401-text',
  description:
    'A 401 on the gateway-served Approvals operations (GET /approvals/pending, POST /approvals/{id}/decision) ' +
    'is a text/plain reason instead of the JSON envelope.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (res.status !== 401 || !req.match || !GATEWAY_OPERATIONS.has(req.match.route.operationId)) return res;
    const reason = req.headers['authorization'] === undefined ? 'missing session token' : 'user not found';
    return { status: 401, text: { contentType: 'text/plain; charset=utf-8', value: reason } };
  },
} as const satisfies Fault;
