import type { AppRequest } from '../http.ts';
import { json } from '../http.ts';
import { isEnvelopeError } from './error-shapes.ts';
import type { Fault } from './types.ts';

/**
 * The route-level 404s of the real v1 server (`return c.json({error}, 404)` inside a handler), which are flat
 * `{"error": "..."}` although the docs' rule gives every 404 the envelope (shared/onecli-api: NOTES.md §4 and
 * §4.1, operations.json `observed_in_source` of each operation below). Each entry turns the reference
 * server's 404 envelope into the body the facts give (`undefined`: keep the envelope). The reference server
 * already uses the facts' messages ("Unknown provider: x", "Unknown provider", "Connection not found"…).
 *
 * Not here: `POST /migrate/export` on Cloud (404 flat "Not found"): the contract marks the operation as not
 * served on Cloud, and the reference server, as Cloud, does not route it at all.
 */
const flat = (message: string) => ({ error: message });

const FLAT_404: Readonly<Record<string, (message: string, req: AppRequest) => unknown>> = {
  // GET /agents/default: "No default agent found"
  getDefaultAgent: flat,
  // GET /apps/{provider}: "Unknown provider: x"
  getApp: flat,
  // GET /apps/{provider}/permission-definition: "Unknown provider: x" | "No permission definition for provider: x"
  getPermissionDefinition: flat,
  // GET and POST /apps/{provider}/blocklist and the org twins (HEAD routes/org-apps.ts): "Unknown provider"
  getBlocklist: flat,
  addBlocklistEntry: flat,
  getOrgBlocklist: flat,
  addOrgBlocklistEntry: flat,
  // PATCH and DELETE /connections/{id} (the project surface; the org twins answer the envelope): "Connection not found"
  renameConnection: flat,
  disconnectConnection: flat,
  // GET /credential-stubs/{agent}: "No credential stub for agent \"x\""
  getCredentialStub: flat,
  // GET /container-config?agent=x: flat plus {code: "AGENT_NOT_FOUND", agentIdentifier}. Without ?agent= the
  // real server makes a default agent rather than answer 404: another departure, left out.
  getContainerConfig: (message, req) => {
    const agent = req.query.get('agent');
    return agent === null ? undefined : { error: message, code: 'AGENT_NOT_FOUND', agentIdentifier: agent };
  },
};

/** The operations whose 404 the fault makes flat, for tests. */
export const FLAT_404_OPERATIONS: readonly string[] = Object.keys(FLAT_404);

export const realFlat404 = {
  id: 'real-flat-404',
  description:
    'The 404s the real server sends flat {"error": "..."} are flat instead of the envelope: getApp "Unknown provider: x", ' +
    'the permission definition, project and org blocklists "Unknown provider", project connections "Connection not ' +
    'found", the credential stub, container-config (with code AGENT_NOT_FOUND) and the default agent.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    const toFlat = req.match ? FLAT_404[req.match.route.operationId] : undefined;
    if (!toFlat || res.status !== 404 || !isEnvelopeError(res.body)) return res;
    const body = toFlat(res.body.error.message, req);
    return body === undefined ? res : json(404, body);
  },
} as const satisfies Fault;
