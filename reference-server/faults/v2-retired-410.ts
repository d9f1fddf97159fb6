import { json } from '../http.ts';
import type { Fault } from './types.ts';

/**
 * What OneCLI v2 (HEAD ff7a192, `packages/api/src/routes/removed-routes.ts`) answers on the v1 routes it
 * retired: 410 Gone, envelope `{"error": {"message": "<path> was removed ...", "type": "invalid_request_error"}}`
 * (shared/onecli-api: NOTES.md §1 and §5, operations.json `head_v2_behavior`, components.json E410_GONE_HEAD).
 * The path prefixes of the messages are the ones the facts quote; the facts cut the rest of each message
 * ("..." + a pointer to the replacement), so the tail here is ours.
 *
 * The caller is authenticated as the route declares, project context included (no key → 401, a plain member
 * on an admin-only route → 403, an organization key without X-Project-Id on a project route → 400): the facts
 * do not say the retired routes skip authentication. The retired handler never runs, so a 410 changes nothing.
 */
const RETIRED: Readonly<Record<string, string>> = {
  // Agents: the default-agent concept, secret assignment, app-connection assignment, granular access
  getDefaultAgent: '/v1/agents/default',
  setDefaultAgent: '/v1/agents/:agentId/set-default',
  updateAgentSecretMode: 'PATCH /v1/agents/:agentId/secret-mode',
  getAgentSecrets: '/v1/agents/:agentId/secrets',
  updateAgentSecrets: '/v1/agents/:agentId/secrets',
  getAgentConnections: '/v1/agents/:agentId/connections',
  updateAgentConnections: '/v1/agents/:agentId/connections',
  listAgentGranularAccess: 'GET /v1/agents/granular-access',
  // Rules (all 8)
  listRules: '/v1/rules',
  createRule: '/v1/rules',
  getRule: '/v1/rules',
  updateRule: '/v1/rules',
  deleteRule: '/v1/rules',
  getRulePermissions: '/v1/rules/permissions/:provider',
  setRulePermissions: '/v1/rules/permissions/:provider',
  getRuleOverlap: 'GET /v1/rules/overlap/:provider',
  // Organization Rules (all 8)
  listOrgRules: '/v1/org/rules',
  createOrgRule: '/v1/org/rules',
  getOrgRule: '/v1/org/rules',
  updateOrgRule: '/v1/org/rules',
  deleteOrgRule: '/v1/org/rules',
  getAppPermissions: '/v1/org/rules',
  setAppPermissions: '/v1/org/rules',
  getOrgRuleOverlap: '/v1/org/rules',
  // Organization Settings (both)
  getOrgSettings: '/v1/org/settings',
  updateOrgSettings: '/v1/org/settings',
};

/** The operations the fault retires, for tests. */
export const RETIRED_OPERATIONS: readonly string[] = Object.keys(RETIRED);

export const v2Retired410 = {
  id: 'v2-retired-410',
  description:
    'The v1 routes OneCLI v2 retired (/agents/default, set-default, secret-mode, agent secrets and connections, ' +
    'granular-access, /rules*, /org/rules*, /org/settings) answer 410 Gone with the envelope, after authentication.',
  wrap: (next) => async (req) => {
    const match = req.match;
    const removed = match ? RETIRED[match.route.operationId] : undefined;
    if (!match || removed === undefined) return next(req);
    const gone = json(410, { error: { message: `${removed} was removed in OneCLI v2.`, type: 'invalid_request_error' } });
    // The route as it was, authentication included, with a handler that only says it is gone.
    return next({ ...req, match: { ...match, route: { ...match.route, handler: () => gone } } });
  },
} as const satisfies Fault;
