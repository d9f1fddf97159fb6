/**
 * Organization Settings tag: the organization's policy mode (Cloud and
 * Enterprise; organization admins and owners).
 */
import { json } from '../http.ts';
import { orgSettingsOf, setOrgPolicyMode } from '../store/index.ts';
import { enumOf, object, parseBody } from '../validation.ts';
import { callerOrgId, ORG_EDITIONS } from './org-context.ts';
import type { RouteDef } from './types.ts';

const settingsBody = object({ policyMode: enumOf(['allow', 'deny']) });

export const organizationSettingsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/org/settings',
    operationId: 'getOrgSettings',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => json(200, { policyMode: orgSettingsOf(ctx.store, callerOrgId(ctx)).policyMode }),
  },
  {
    method: 'PATCH',
    path: '/org/settings',
    operationId: 'updateOrgSettings',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, settingsBody);
      return json(200, { policyMode: setOrgPolicyMode(ctx.store, callerOrgId(ctx), body.policyMode).policyMode });
    },
  },
];
