/**
 * Partner Organizations tag (Cloud; partner key): customer organizations the
 * partner creates, with their claim state. Keys, agent token and claim URL are
 * handed out once; an organization of another partner (or one not partner-managed)
 * is not found; changes are refused once the organization is claimed or detached.
 */
import { json, noContent } from '../http.ts';
import {
  claimUrl,
  createPartnerOrg,
  deleteOrganization,
  mintPartnerOrgKeys,
  partnerOrgsOf,
  reissueClaimToken,
} from '../store/index.ts';
import { object, parseBody, string } from '../validation.ts';
import { CLOUD_ONLY, callerPartnerId, partnerOrgOf } from './org-context.ts';
import { partnerOrgView, requireUnclaimed } from './partner-views.ts';
import type { RouteDef } from './types.ts';

const createOrgBody = object({ name: string({ minLength: 1, maxLength: 255 }) });

export const partnerOrganizationsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/partner/orgs',
    operationId: 'listPartnerOrgs',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => json(200, partnerOrgsOf(ctx.store, callerPartnerId(ctx)).map((o) => partnerOrgView(ctx.store, o))),
  },
  {
    method: 'POST',
    path: '/partner/orgs',
    operationId: 'createPartnerOrg',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createOrgBody);
      const { record, agentToken } = createPartnerOrg(ctx.store, callerPartnerId(ctx), body.name);
      return json(201, {
        organizationId: record.orgId,
        projectId: record.defaultProjectId,
        orgApiKey: record.orgApiKey,
        projectApiKey: record.projectApiKey,
        agentToken,
        claimUrl: claimUrl(record.claimToken),
      });
    },
  },
  {
    method: 'GET',
    path: '/partner/orgs/{orgId}',
    operationId: 'getPartnerOrg',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => json(200, partnerOrgView(ctx.store, partnerOrgOf(ctx))),
  },
  {
    method: 'DELETE',
    path: '/partner/orgs/{orgId}',
    operationId: 'deletePartnerOrg',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const record = partnerOrgOf(ctx);
      requireUnclaimed(record, 403);
      deleteOrganization(ctx.store, record.orgId);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/partner/orgs/{orgId}/claim-link',
    operationId: 'reissuePartnerClaimLink',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const record = partnerOrgOf(ctx);
      requireUnclaimed(record, 403);
      return json(200, { claimUrl: claimUrl(reissueClaimToken(record)) });
    },
  },
  {
    method: 'POST',
    path: '/partner/orgs/{orgId}/rotate-tokens',
    operationId: 'rotatePartnerOrgTokens',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const record = partnerOrgOf(ctx);
      requireUnclaimed(record, 403);
      mintPartnerOrgKeys(ctx.store, record);
      return json(200, { orgApiKey: record.orgApiKey, projectApiKey: record.projectApiKey });
    },
  },
];
