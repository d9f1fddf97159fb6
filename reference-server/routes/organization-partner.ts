/**
 * Organization Partner tag (Cloud; organization key): the caller
 * organization's link to the partner that created it. `partnerManaged` stays
 * true after a detach (attribution is kept); inherited secrets are the
 * partner's secrets while the organization is linked and not detached.
 */
import { HttpError } from '../errors.ts';
import { json } from '../http.ts';
import { detachPartnerOrg, partnerSecretsOf } from '../store/index.ts';
import { secretView } from './inline-secret-fields.ts';
import { CLOUD_ONLY, callerOrgId } from './org-context.ts';
import type { RouteDef } from './types.ts';

const NOT_PARTNER_MANAGED = HttpError.envelope(400, 'invalid_request_error', 'This organization is not managed by a partner');
const ALREADY_DETACHED = HttpError.envelope(400, 'invalid_request_error', 'This organization is already detached from its partner');

export const organizationPartnerRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/org/partner/inherited-secrets',
    operationId: 'listInheritedPartnerSecrets',
    auth: 'org-member',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const link = ctx.store.partnerOrgs.get(callerOrgId(ctx));
      if (!link || link.status === 'detached') return json(200, []);
      return json(200, partnerSecretsOf(ctx.store, link.partnerId).map(secretView));
    },
  },
  {
    method: 'GET',
    path: '/org/partner/status',
    operationId: 'getPartnerStatus',
    auth: 'org-admin',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const link = ctx.store.partnerOrgs.get(callerOrgId(ctx));
      return json(200, { partnerManaged: link !== undefined, detached: link?.status === 'detached' });
    },
  },
  {
    method: 'POST',
    path: '/org/partner/detach',
    operationId: 'detachFromPartner',
    auth: 'org-admin',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const link = ctx.store.partnerOrgs.get(callerOrgId(ctx));
      if (!link) throw NOT_PARTNER_MANAGED;
      if (link.status === 'detached') throw ALREADY_DETACHED;
      detachPartnerOrg(link);
      return json(200, { success: true });
    },
  },
];
