/**
 * Team tag (Cloud only): `POST /team/provisions`, as documented. An admin or
 * owner with an organization key (`oc_org_`) pre-creates a claimable user in
 * their organization: the user (role as asked), a project of their own with
 * its default agent, and a project API key, plus a claim link valid 7 days.
 * A project key (`oc_`) is not a key this operation takes: 401 envelope. The
 * body is optional: a missing one means the defaults (role `member`,
 * skipOnboarding true); a malformed one, or JSON that is not an object, is 400 flat.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { HttpError } from '../errors.ts';
import { json } from '../http.ts';
import { insertOrgProject, issueProjectKey } from '../store/index.ts';
import { boolean, enumOf, object, optional, parseBody } from '../validation.ts';
import type { RouteDef } from './types.ts';

const provisionBody = object({ role: optional(enumOf(['admin', 'member'])), skipOnboarding: optional(boolean()) });

const INVALID_API_KEY = HttpError.envelope(401, 'authentication_error', 'Invalid API key or token.');
const CLAIM_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const TEAM_CLAIM_URL = 'https://app.onecli.sh/claim?token=';

export const teamRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/team/provisions',
    operationId: 'provisionUser',
    auth: 'org-admin',
    editions: ['cloud'],
    handler: (ctx) => {
      const token = /^Bearer (\S+)$/.exec(ctx.req.headers['authorization'] ?? '')?.[1];
      if (ctx.principal?.kind !== 'user' || ctx.store.apiKeys.get(token ?? '')?.kind !== 'org') throw INVALID_API_KEY;
      // The body is optional: none means every default; one that is sent must be a valid JSON object.
      const sent = (ctx.req.rawBody ?? '').trim() !== '';
      const body = parseBody(sent ? ctx.req.body : {}, provisionBody);
      const { orgId } = ctx.principal;
      const now = new Date();
      const userId = randomUUID();
      ctx.store.users.set(userId, {
        id: userId,
        email: `provisioned-${userId.slice(0, 8)}@users.onecli.example`,
        name: 'Provisioned user',
        orgId,
        role: body.role ?? 'member',
        createdAt: now.toISOString(),
      });
      const project = insertOrgProject(ctx.store, orgId, 'Personal Project');
      return json(201, {
        id: randomUUID(),
        userId,
        projectId: project.id,
        apiKey: issueProjectKey(ctx.store, userId, project.id),
        claimUrl: `${TEAM_CLAIM_URL}${randomBytes(24).toString('hex')}`,
        expiresAt: new Date(now.getTime() + CLAIM_TTL_MS).toISOString(),
      });
    },
  },
];
