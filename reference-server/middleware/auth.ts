/**
 * API-key authentication and authorization, per route policy.
 *
 * `Authorization: Bearer <key>` (case-sensitive `Bearer`, one space), where the
 * key is a seeded or created `oc_`, `oc_org_` or `oc_partner_` key.
 *
 * Policies (declared by each route):
 * - `public`: no credentials read;
 * - `project`: a project context is required — a project key carries it, an
 *   `oc_org_` key names it with `X-Project-Id`;
 * - `project-optional`: as `project`, but no project is fine;
 * - `user`: any organization or project key, no project needed;
 * - `org-member` / `org-admin`: as `user`, and `org-admin` needs role owner or admin;
 * - `partner`: an `oc_partner_` key only.
 *
 * Statuses produced (all envelopes):
 * - 401 `authentication_error` "Invalid API key or token.": missing, malformed or
 *   unknown key; partner key off `/partner` routes; non-partner key on them;
 *   `X-Project-Id` naming a project outside the key's organization;
 * - missing `X-Project-Id` on a `project` route with an `oc_org_` key: 400
 *   `invalid_request_error` (cloud), 401 `authentication_error` with the same
 *   message (enterprise, strict mode), generic 401 (community);
 * - 403 `authentication_error` "Insufficient permissions": `org-admin` route, plain member.
 *
 * @example
 * const authenticate = apiKeyAuth({ store, edition: 'cloud' });
 * const principal = authenticate(req, 'project'); // throws HttpError on failure
 */
import type { Edition } from '../edition.ts';
import { HttpError } from '../errors.ts';
import type { AppRequest } from '../http.ts';
import type { OrgRole, Store } from '../store/index.ts';

/** Who may call a route; see the module doc. */
export type AuthPolicy = 'public' | 'project' | 'project-optional' | 'user' | 'org-member' | 'org-admin' | 'partner';

/** The authenticated caller. */
export type Principal =
  | { kind: 'user'; userId: string; orgId: string; role: OrgRole; projectId: string | undefined }
  | { kind: 'partner'; partnerId: string };

export interface AuthOptions {
  store: Store;
  edition: Edition;
}

/** Authenticates a request for a policy; undefined for `public`, throws an HttpError when refused. */
export type Authenticate = (req: AppRequest, policy: AuthPolicy) => Principal | undefined;

const INVALID_API_KEY = HttpError.envelope(401, 'authentication_error', 'Invalid API key or token.');
const INSUFFICIENT_PERMISSIONS = HttpError.envelope(403, 'authentication_error', 'Insufficient permissions');
const PROJECT_HEADER_MESSAGE = 'X-Project-Id header is required';
export const PROJECT_HEADER_REQUIRED = HttpError.envelope(400, 'invalid_request_error', PROJECT_HEADER_MESSAGE);
const PROJECT_HEADER_REQUIRED_STRICT = HttpError.envelope(401, 'authentication_error', PROJECT_HEADER_MESSAGE);

const missingProjectByEdition: Record<Edition, HttpError> = {
  cloud: PROJECT_HEADER_REQUIRED,
  enterprise: PROJECT_HEADER_REQUIRED_STRICT,
  community: INVALID_API_KEY,
};

/** The bearer token, or undefined when the header is absent or not `Bearer <token>`. */
function bearerToken(req: AppRequest): string | undefined {
  const match = /^Bearer (\S+)$/.exec(req.headers['authorization'] ?? '');
  return match?.[1];
}

/** Creates the authentication step for one store and edition. */
export function apiKeyAuth({ store, edition }: AuthOptions): Authenticate {
  return function authenticate(req, policy) {
    if (policy === 'public') return undefined;
    const token = bearerToken(req);
    const key = token === undefined ? undefined : store.apiKeys.get(token);
    if (!key) throw INVALID_API_KEY;

    if (key.kind === 'partner' || policy === 'partner') {
      if (key.kind !== 'partner' || policy !== 'partner' || !store.partners.has(key.partnerId)) throw INVALID_API_KEY;
      return { kind: 'partner', partnerId: key.partnerId };
    }

    const user = store.users.get(key.userId);
    if (!user) throw INVALID_API_KEY;
    // Project keys carry their project; an empty X-Project-Id counts as missing.
    const projectId = key.kind === 'project' ? key.projectId : req.headers['x-project-id'] || undefined;
    if (projectId !== undefined && store.projects.get(projectId)?.orgId !== user.orgId) throw INVALID_API_KEY;

    if (policy === 'project' && projectId === undefined) throw missingProjectByEdition[edition];
    if (policy === 'org-admin' && user.role === 'member') throw INSUFFICIENT_PERMISSIONS;
    return { kind: 'user', userId: user.id, orgId: user.orgId, role: user.role, projectId };
  };
}
