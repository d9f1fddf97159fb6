import type { Fault } from './types.ts';

/**
 * The API server of a self-hosted OneCLI, whose approval routes are served by a separate process, the
 * gateway (apps/gateway, Rust/axum; shared/onecli-api: NOTES.md §1 and §4 "Gateway-served operations",
 * operations.json `listPendingApprovals` auth notes: "served by the GATEWAY … self-hosted base differs from
 * :10254"). The API server has no such routes, so its not-found handler answers them (NOTES.md §4): 404
 * envelope `invalid_request_error` "Unrecognized request URL (METHOD: /v1/…)", here exactly as the reference
 * server answers any path it does not route. Every other operation is answered as usual. A run reaches the
 * approval routes with `--gateway-target`.
 */
const GATEWAY_OPERATIONS = new Set(['listPendingApprovals', 'submitApprovalDecision', 'listOrgPendingApprovals']);

export const approvalsOnGateway = {
  id: 'approvals-on-gateway',
  description:
    'The approval routes (GET /approvals/pending, POST /approvals/{id}/decision, GET /org/approvals/pending) are ' +
    'not served at this base URL: they answer the unknown-route 404 envelope, as a self-hosted API server does ' +
    'whose gateway serves them.',
  // Unrouted, the request gets the app's own unknown-route answer (the same body as any unknown path).
  wrap: (next) => async (req) =>
    req.match && GATEWAY_OPERATIONS.has(req.match.route.operationId) ? next({ ...req, match: undefined }) : next(req),
} as const satisfies Fault;
