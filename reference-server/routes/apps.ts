/**
 * Apps tag: the 16 documented operations over the fixed app catalogue
 * (store/app-catalog.ts), as documented. An unknown provider is the 404
 * envelope (the docs' rule; the real server answers some of them flat);
 * route-level validation is 400 flat, business rules 400 envelope.
 */
import { HttpError } from '../errors.ts';
import { json, noContent, redirect } from '../http.ts';
import type { AppOwner, CatalogApp, Store } from '../store/index.ts';
import {
  catalogApps,
  configHasCredentials,
  connectionView,
  effectiveAppConfig,
  enabledConfigProviders,
  findAppConfig,
  upsertAppConfig,
  visibleConnections,
} from '../store/index.ts';
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
  projectOwner,
  ruleState,
  toggleBody,
} from './apps-shared.ts';
import type { RouteDef } from './types.ts';

const SUCCESS = { success: true } as const;
const UNKNOWN_PROVIDER = () => 'Unknown provider';

/** The documented `App` schema for a project, every property filled. */
function appView(store: Store, owner: AppOwner & { scope: 'project' }, app: CatalogApp) {
  const config = effectiveAppConfig(store, owner.projectId, app.id);
  const connections = visibleConnections(store, owner.projectId, app.id).map(connectionView);
  return {
    id: app.id,
    name: app.name,
    available: app.available,
    connectionType: app.connectionType,
    configurable: app.configurable,
    config: config ? { hasCredentials: configHasCredentials(app, config), enabled: config.enabled } : null,
    connections: connections.map(({ id, label, status, scopes, connectedAt }) => ({ id, label, status, scopes, connectedAt })),
    credentialStubs: connections.length ? app.credentialStubs.map((s) => ({ path: s.path, content: structuredClone(s.content) })) : [],
  };
}

/** The permission definition of an app that has one. */
function permissionDefinition(app: CatalogApp) {
  return { provider: app.id, groups: structuredClone(app.toolGroups ?? []) };
}

export const appsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/apps',
    operationId: 'listApps',
    auth: 'project',
    handler: (ctx) => {
      const owner = projectOwner(ctx);
      return json(200, catalogApps().map((app) => appView(ctx.store, owner, app)));
    },
  },
  {
    method: 'GET',
    path: '/apps/configured',
    operationId: 'listConfiguredApps',
    auth: 'project',
    // The project's enabled configurations, plus its organization's enabled ones, deduplicated.
    handler: (ctx) => {
      const owner = projectOwner(ctx);
      const providers = [
        ...enabledConfigProviders(ctx.store, owner),
        ...enabledConfigProviders(ctx.store, { scope: 'organization', orgId: owner.orgId }),
      ];
      return json(200, [...new Set(providers)]);
    },
  },
  {
    method: 'GET',
    path: '/apps/env-defaults',
    operationId: 'listEnvDefaultApps',
    auth: 'user',
    handler: () => json(200, catalogApps().filter((app) => app.envDefault).map((app) => app.id)),
  },
  {
    method: 'GET',
    path: '/apps/permission-definitions',
    operationId: 'listPermissionDefinitions',
    auth: 'user',
    handler: () => json(200, catalogApps().filter((app) => app.toolGroups).map(permissionDefinition)),
  },
  {
    method: 'GET',
    path: '/apps/{provider}',
    operationId: 'getApp',
    auth: 'project',
    handler: (ctx) => {
      const owner = projectOwner(ctx);
      const app = appOf(ctx);
      return json(200, { ...appView(ctx.store, owner, app), hint: app.hint });
    },
  },
  {
    method: 'GET',
    path: '/apps/{provider}/authorize',
    operationId: 'authorizeApp',
    auth: 'project-optional',
    handler: (ctx) => {
      const owner = projectOwner(ctx);
      return redirect(authorizeLocation(ctx, owner, appOf(ctx)));
    },
  },
  {
    method: 'POST',
    path: '/apps/{provider}/connect',
    operationId: 'connectApp',
    auth: 'project-optional',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, connectBody);
      const owner = projectOwner(ctx);
      connectWithCredentials(ctx.store, owner, appOf(ctx), body);
      return json(200, SUCCESS);
    },
  },
  {
    method: 'GET',
    path: '/apps/{provider}/config',
    operationId: 'getAppConfig',
    auth: 'project',
    // The project's configuration, else its organization's enabled one, else an empty state.
    handler: (ctx) => {
      const owner = projectOwner(ctx);
      const app = appOf(ctx);
      const own = findAppConfig(ctx.store, owner, app.id);
      if (own) return json(200, configState(app, own));
      const inherited = effectiveAppConfig(ctx.store, owner.projectId, app.id);
      return json(200, { ...configState(app, inherited), settings: {} });
    },
  },
  {
    method: 'POST',
    path: '/apps/{provider}/config',
    operationId: 'upsertAppConfig',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, configBody);
      const owner = projectOwner(ctx);
      const app = appOf(ctx);
      assertConfigurable(app);
      upsertAppConfig(ctx.store, owner, app, body);
      return json(201, SUCCESS);
    },
  },
  {
    method: 'DELETE',
    path: '/apps/{provider}/config',
    operationId: 'deleteAppConfig',
    auth: 'project',
    handler: (ctx) => {
      const owner = projectOwner(ctx);
      const config = findAppConfig(ctx.store, owner, appOf(ctx).id);
      if (!config) throw APP_CONFIG_NOT_FOUND;
      ctx.store.appConfigs.delete(config.id);
      return noContent();
    },
  },
  {
    method: 'PATCH',
    path: '/apps/{provider}/config/toggle',
    operationId: 'toggleAppConfig',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, toggleBody);
      const owner = projectOwner(ctx);
      const config = findAppConfig(ctx.store, owner, appOf(ctx).id);
      if (!config) throw APP_CONFIG_NOT_FOUND;
      config.enabled = body.enabled;
      return json(200, SUCCESS);
    },
  },
  {
    method: 'GET',
    path: '/apps/{provider}/permission-definition',
    operationId: 'getPermissionDefinition',
    auth: 'user',
    handler: (ctx) => {
      const app = appOf(ctx);
      if (!app.toolGroups) throw HttpError.envelope(404, 'not_found_error', `No permission definition for provider: ${app.id}`);
      return json(200, permissionDefinition(app));
    },
  },
  {
    method: 'GET',
    path: '/apps/{provider}/blocklist',
    operationId: 'getBlocklist',
    auth: 'project',
    handler: (ctx) => {
      const owner = projectOwner(ctx);
      return json(200, blocklistState(ctx.store, owner, appOf(ctx, UNKNOWN_PROVIDER)));
    },
  },
  {
    method: 'POST',
    path: '/apps/{provider}/blocklist',
    operationId: 'addBlocklistEntry',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, blocklistEntryBody);
      const owner = projectOwner(ctx);
      return json(201, ruleState(addBlocklistEntry(ctx.store, owner, appOf(ctx, UNKNOWN_PROVIDER), body)));
    },
  },
  {
    method: 'PATCH',
    path: '/apps/{provider}/blocklist/{ruleId}',
    operationId: 'toggleBlocklistRule',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, toggleBody);
      const owner = projectOwner(ctx);
      blocklistRuleOf(ctx, owner, appOf(ctx, UNKNOWN_PROVIDER)).enabled = body.enabled;
      return json(200, SUCCESS);
    },
  },
  {
    method: 'DELETE',
    path: '/apps/{provider}/blocklist/{ruleId}',
    operationId: 'removeBlocklistRule',
    auth: 'project',
    handler: (ctx) => {
      const owner = projectOwner(ctx);
      const rule = blocklistRuleOf(ctx, owner, appOf(ctx, UNKNOWN_PROVIDER));
      ctx.store.blocklistRules.delete(rule.id);
      return noContent();
    },
  },
];
