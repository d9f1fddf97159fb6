/**
 * Partner Secrets tag (Cloud; partner key): lowest-priority inline secrets every
 * organization of the partner inherits (until it detaches). A secret of another
 * partner is not found; deleting a secret drops the budgets set on it.
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { PartnerSecretRecord } from '../store/index.ts';
import { deleteSecretBudgets, insertPartnerSecret, partnerSecretsOf } from '../store/index.ts';
import { parseBody } from '../validation.ts';
import {
  applyInlineSecretUpdate,
  createInlineSecretBody,
  newInlineSecret,
  secretCreatedView,
  secretView,
  updateInlineSecretBody,
} from './inline-secret-fields.ts';
import { CLOUD_ONLY, callerPartnerId } from './org-context.ts';
import type { Context, RouteDef } from './types.ts';

const SECRET_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Secret not found');

/** The caller partner's secret named by `secretId`, or the 404 envelope. */
export function partnerSecretOf(ctx: Context): PartnerSecretRecord {
  const secret = ctx.store.partnerSecrets.get(ctx.params['secretId']!);
  if (secret?.partnerId !== callerPartnerId(ctx)) throw SECRET_NOT_FOUND;
  return secret;
}

export const partnerSecretsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/partner/secrets',
    operationId: 'listPartnerSecrets',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => json(200, partnerSecretsOf(ctx.store, callerPartnerId(ctx)).map(secretView)),
  },
  {
    method: 'POST',
    path: '/partner/secrets',
    operationId: 'createPartnerSecret',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createInlineSecretBody);
      const secret = insertPartnerSecret(ctx.store, callerPartnerId(ctx), newInlineSecret(body));
      return json(201, secretCreatedView(secret));
    },
  },
  {
    method: 'PATCH',
    path: '/partner/secrets/{secretId}',
    operationId: 'updatePartnerSecret',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, updateInlineSecretBody);
      applyInlineSecretUpdate(partnerSecretOf(ctx), body);
      return json(200, { success: true });
    },
  },
  {
    method: 'DELETE',
    path: '/partner/secrets/{secretId}',
    operationId: 'deletePartnerSecret',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const secret = partnerSecretOf(ctx);
      ctx.store.partnerSecrets.delete(secret.id);
      deleteSecretBudgets(ctx.store, secret.id);
      return noContent();
    },
  },
];
