/**
 * User tag: the caller's profile and project API key, as documented. Every
 * operation needs a project context (the docs mark them project-scoped), so an
 * organization key without X-Project-Id gets the usual 400 envelope.
 *
 * `POST /user/api-key/regenerate` really rotates: the caller's previous project
 * key for that project stops working at once and the returned one works. Called
 * with the seeded project key, that key (`app.keys.projectKey`) is revoked; the
 * organization keys keep working.
 */
import { HttpError } from '../errors.ts';
import { json } from '../http.ts';
import type { UserRecord } from '../store/index.ts';
import { ensureProjectKey, rotateProjectKey } from '../store/index.ts';
import { object, parseBody, string } from '../validation.ts';
import type { Context, RouteDef } from './types.ts';

const updateUserBody = object({ name: string({ minLength: 1, maxLength: 255 }) });

const INVALID_API_KEY = HttpError.envelope(401, 'authentication_error', 'Invalid API key or token.');

/** The authenticated user (the auth step guarantees a user principal on these routes). */
function userOf(ctx: Context): UserRecord {
  const principal = ctx.principal;
  const user = principal?.kind === 'user' ? ctx.store.users.get(principal.userId) : undefined;
  if (!user) throw INVALID_API_KEY;
  return user;
}

export const userRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/user',
    operationId: 'getUser',
    auth: 'project',
    handler: (ctx) => {
      const user = userOf(ctx);
      return json(200, { id: user.id, email: user.email, name: user.name, createdAt: user.createdAt });
    },
  },
  {
    method: 'PATCH',
    path: '/user',
    operationId: 'updateUser',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, updateUserBody);
      const user = userOf(ctx);
      user.name = body.name;
      return json(200, { id: user.id, email: user.email, name: user.name });
    },
  },
  {
    method: 'GET',
    path: '/user/api-key',
    operationId: 'getApiKey',
    auth: 'project',
    handler: (ctx) => json(200, { apiKey: ensureProjectKey(ctx.store, userOf(ctx).id, ctx.projectId()) }),
  },
  {
    method: 'POST',
    path: '/user/api-key/regenerate',
    operationId: 'regenerateApiKey',
    auth: 'project',
    handler: (ctx) => json(200, { apiKey: rotateProjectKey(ctx.store, userOf(ctx).id, ctx.projectId()) }),
  },
];
