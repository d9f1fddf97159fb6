/**
 * Organization App Config tag: organization-level OAuth, connections from
 * credentials, BYOC configuration and blocklist (11 operations, Cloud and
 * Enterprise only, admin or owner; a plain member gets the 403 envelope from
 * the auth step). Same rules as the project twins in apps.ts: unknown provider
 * 404 envelope, route-level validation 400 flat, business rules 400 envelope.
 *
 * An enabled organization configuration is what projects without their own
 * use (GET /apps, /apps/configured, /apps/{provider}/config); organization
 * blocklist rules show in every project's blocklist with `scope: organization`.
 */
import { json, noContent, redirect } from '../http.ts';
import { enabledConfigProviders, findAppConfig, upsertAppConfig } from '../store/index.ts';
import { parseBody } from '../validation.ts';
import {
  addBlocklistEntry,
  APP_CONFIG_NOT_FOUND,
  appOf,
  assertConfigurable,
  authorizeLocation,
  blocklistEntryBody,
  blocklistRuleOf,
  blocklistState,
  configBody,
  configState,
  connectBody,
  connectWithCredentials,
  NOT_MEMBER,
  orgOwner,
  queryParam,
  ruleState,
  toggleBody,
} from './apps-shared.ts';
import type { RouteDef } from './types.ts';

const ORG_EDITIONS = ['cloud', 'enterprise'] as const;
const SUCCESS = { success: true } as const;
const UNKNOWN_PROVIDER = () => 'Unknown provider';

export const organizationAppConfigRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/org/apps/{provider}/authorize',
    operationId: 'authorizeOrgApp',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    // `?org=` names the target organization; only the caller's own is allowed (403 envelope otherwise).
    handler: (ctx) => {
      const owner = orgOwner(ctx);
      const target = queryParam(ctx.req, 'org');
      if (target !== undefined && target !== owner.orgId) throw NOT_MEMBER;
      return redirect(authorizeLocation(ctx, owner, appOf(ctx)));
    },
  },
  {
    method: 'POST',
    path: '/org/apps/{provider}/connect',
    operationId: 'connectOrgApp',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, connectBody);
      connectWithCredentials(ctx.store, orgOwner(ctx), appOf(ctx), body);
      return json(200, SUCCESS);
    },
  },
  {
    method: 'GET',
    path: '/org/apps/configured',
    operationId: 'listOrgConfiguredProviders',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => json(200, enabledConfigProviders(ctx.store, orgOwner(ctx))),
  },
  {
    method: 'GET',
    path: '/org/apps/{provider}/config',
    operationId: 'getOrgAppConfig',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const app = appOf(ctx);
      return json(200, configState(app, findAppConfig(ctx.store, orgOwner(ctx), app.id)));
    },
  },
  {
    method: 'POST',
    path: '/org/apps/{provider}/config',
    operationId: 'upsertOrgAppConfig',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, configBody);
      const app = appOf(ctx);
      assertConfigurable(app);
      upsertAppConfig(ctx.store, orgOwner(ctx), app, body);
      return json(201, SUCCESS);
    },
  },
  {
    method: 'DELETE',
    path: '/org/apps/{provider}/config',
    operationId: 'deleteOrgAppConfig',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const config = findAppConfig(ctx.store, orgOwner(ctx), appOf(ctx).id);
      if (!config) throw APP_CONFIG_NOT_FOUND;
      ctx.store.appConfigs.delete(config.id);
      return noContent();
    },
  },
  {
    method: 'PATCH',
    path: '/org/apps/{provider}/config/toggle',
    operationId: 'toggleOrgAppConfig',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, toggleBody);
      const config = findAppConfig(ctx.store, orgOwner(ctx), appOf(ctx).id);
      if (!config) throw APP_CONFIG_NOT_FOUND;
      config.enabled = body.enabled;
      return json(200, SUCCESS);
    },
  },
  {
    method: 'GET',
    path: '/org/apps/{provider}/blocklist',
    operationId: 'getOrgBlocklist',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => json(200, blocklistState(ctx.store, orgOwner(ctx), appOf(ctx, UNKNOWN_PROVIDER))),
  },
  {
    method: 'POST',
    path: '/org/apps/{provider}/blocklist',
    operationId: 'addOrgBlocklistEntry',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, blocklistEntryBody);
      return json(201, ruleState(addBlocklistEntry(ctx.store, orgOwner(ctx), appOf(ctx, UNKNOWN_PROVIDER), body)));
    },
  },
  {
    method: 'PATCH',
    path: '/org/apps/{provider}/blocklist/{ruleId}',
    operationId: 'toggleOrgBlocklistRule',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, toggleBody);
      blocklistRuleOf(ctx, orgOwner(ctx), appOf(ctx, UNKNOWN_PROVIDER)).enabled = body.enabled;
      return json(200, SUCCESS);
    },
  },
  {
    method: 'DELETE',
    path: '/org/apps/{provider}/blocklist/{ruleId}',
    operationId: 'removeOrgBlocklistRule',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const rule = blocklistRuleOf(ctx, orgOwner(ctx), appOf(ctx, UNKNOWN_PROVIDER));
      ctx.store.blocklistRules.delete(rule.id);
      return noContent();
    },
  },
];
