/**
 * Organization Secrets tag: inline secrets shared by every project of the
 * caller's organization (Cloud and Enterprise; organization admins and owners).
 * A secret of another organization is not found.
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { OrgSecretRecord } from '../store/index.ts';
import { insertOrgSecret, orgSecretsOf } from '../store/index.ts';
import { parseBody } from '../validation.ts';
import {
  applyInlineSecretUpdate,
  createInlineSecretBody,
  newInlineSecret,
  secretCreatedView,
  secretView,
  updateInlineSecretBody,
} from './inline-secret-fields.ts';
import { callerOrgId, ORG_EDITIONS } from './org-context.ts';
import type { Context, RouteDef } from './types.ts';

const SECRET_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Secret not found');

/** The organization secret named by `secretId` in the caller's organization, or the 404 envelope. */
function orgSecretOf(ctx: Context): OrgSecretRecord {
  const secret = ctx.store.orgSecrets.get(ctx.params['secretId']!);
  if (secret?.orgId !== callerOrgId(ctx)) throw SECRET_NOT_FOUND;
  return secret;
}

export const organizationSecretsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/org/secrets',
    operationId: 'listOrgSecrets',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => json(200, orgSecretsOf(ctx.store, callerOrgId(ctx)).map(secretView)),
  },
  {
    method: 'POST',
    path: '/org/secrets',
    operationId: 'createOrgSecret',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createInlineSecretBody);
      const secret = insertOrgSecret(ctx.store, callerOrgId(ctx), newInlineSecret(body));
      return json(201, secretCreatedView(secret));
    },
  },
  {
    method: 'PATCH',
    path: '/org/secrets/{secretId}',
    operationId: 'updateOrgSecret',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, updateInlineSecretBody);
      applyInlineSecretUpdate(orgSecretOf(ctx), body);
      return json(200, { success: true });
    },
  },
  {
    method: 'DELETE',
    path: '/org/secrets/{secretId}',
    operationId: 'deleteOrgSecret',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      ctx.store.orgSecrets.delete(orgSecretOf(ctx).id);
      return noContent();
    },
  },
];
