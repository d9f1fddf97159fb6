/**
 * Organization Rules tag (Cloud and Enterprise): policy rules and app
 * permissions that apply to every project of the caller's organization.
 * Admin/owner only, except reading app permissions (any member).
 *
 * Bodies follow the organization contract, which is looser than the project one
 * (no bounds on hostPattern, pathPattern, rateLimit or the number of conditions;
 * no agentId). On update, `method` and `rateLimitWindow` may be null (the docs mark them
 * nullable), which clears them.
 * Service rules (400 envelope): a rate-limit rule needs its limit and window; app-permission
 * rules change only through the permissions endpoint; organization app permissions
 * cannot target an agent; unknown tools, or an app without a tool catalogue.
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { CatalogApp, OrgRuleRecord, RuleCondition } from '../store/index.ts';
import {
  RATE_LIMIT_WINDOWS,
  RULE_ACTIONS,
  RULE_METHODS,
  appApiHosts,
  findCatalogApp,
  findOrgRule,
  hostPatternsOverlap,
  insertOrgRule,
  orgRulesOf,
} from '../store/index.ts';
import { array, boolean, enumOf, integer, nullable, object, optional, parseBody, string } from '../validation.ts';
import { callerOrgId, ORG_EDITIONS } from './org-context.ts';
import type { Context, RouteDef } from './types.ts';

const ruleCondition = () =>
  object({
    target: enumOf(['body']),
    operator: enumOf(['contains']),
    value: string({ minLength: 1, maxLength: 1000 }),
    key: optional(string({ maxLength: 500 })),
  });

const createOrgRuleBody = object({
  name: string({ minLength: 1, maxLength: 255 }),
  hostPattern: string(),
  pathPattern: optional(string()),
  method: optional(enumOf(RULE_METHODS)),
  action: enumOf(RULE_ACTIONS),
  enabled: boolean(),
  rateLimit: optional(integer({ minimum: 1 })),
  rateLimitWindow: optional(enumOf(RATE_LIMIT_WINDOWS)),
  conditions: optional(array(ruleCondition())),
});

const updateOrgRuleBody = object({
  name: optional(string()),
  hostPattern: optional(string()),
  pathPattern: optional(nullable(string())),
  method: optional(nullable(enumOf(RULE_METHODS))),
  action: optional(enumOf(RULE_ACTIONS)),
  enabled: optional(boolean()),
  rateLimit: optional(nullable(integer())),
  rateLimitWindow: optional(nullable(enumOf(RATE_LIMIT_WINDOWS))),
  conditions: optional(nullable(array(ruleCondition()))),
});

const setPermissionsBody = object({
  changes: array(object({ toolId: string({ minLength: 1 }), permission: enumOf(['allow', 'manual_approval', 'block']) }), {
    minItems: 1,
  }),
  conditions: optional(array(ruleCondition(), { maxItems: 10 })),
});

const invalidRequest = (message: string) => HttpError.envelope(400, 'invalid_request_error', message);
const RULE_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Policy rule not found');
const RATE_LIMIT_REQUIRED = invalidRequest('Rate limit rules require a rate limit and window');
const APP_PERMISSION_MANAGED = invalidRequest(
  'App-permission rule endpoints are managed automatically; change app permissions via PUT /org/rules/permissions/{provider}',
);
const NO_AGENT_TARGET = invalidRequest('Organization app permissions cannot target an agent');
const unknownProvider = (provider: string) => HttpError.envelope(404, 'not_found_error', `Unknown provider: ${provider}`);
const noDefinition = (provider: string) => invalidRequest(`No permission definition for provider: ${provider}`);
const unknownTool = (toolId: string) => invalidRequest(`Unknown tool: ${toolId}`);

/** The documented `PolicyRule` of an organization rule. */
export function orgRuleView(rule: OrgRuleRecord) {
  return {
    id: rule.id,
    name: rule.name,
    hostPattern: rule.hostPattern,
    pathPattern: rule.pathPattern,
    method: rule.method,
    action: rule.action,
    enabled: rule.enabled,
    agentId: null,
    rateLimit: rule.rateLimit,
    rateLimitWindow: rule.rateLimitWindow,
    scope: 'organization' as const,
    metadata: rule.metadata,
    conditions: rule.conditions,
    createdAt: rule.createdAt,
  };
}

/** Keeps the documented condition keys only (unknown ones are accepted, not stored). */
function cleanConditions(list: readonly RuleCondition[] | null | undefined): RuleCondition[] {
  return (list ?? []).map(({ target, operator, value, key }) => (key === undefined ? { target, operator, value } : { target, operator, value, key }));
}

function isAppPermission(rule: OrgRuleRecord): boolean {
  return rule.metadata?.source === 'app_permission';
}

function ruleOf(ctx: Context): OrgRuleRecord {
  const rule = findOrgRule(ctx.store, callerOrgId(ctx), ctx.params['ruleId']!);
  if (!rule) throw RULE_NOT_FOUND;
  return rule;
}

function appOf(ctx: Context): CatalogApp {
  const provider = ctx.params['provider']!;
  const app = findCatalogApp(provider);
  if (!app) throw unknownProvider(provider);
  return app;
}

/** The organization's app-permission rules of one provider. */
function permissionRules(ctx: Context, provider: string): OrgRuleRecord[] {
  return orgRulesOf(ctx.store, callerOrgId(ctx)).filter((rule) => isAppPermission(rule) && rule.metadata!.provider === provider);
}

export const organizationRulesRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/org/rules',
    operationId: 'listOrgRules',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => json(200, orgRulesOf(ctx.store, callerOrgId(ctx)).map(orgRuleView)),
  },
  {
    method: 'POST',
    path: '/org/rules',
    operationId: 'createOrgRule',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createOrgRuleBody);
      if (body.action === 'rate_limit' && (body.rateLimit === undefined || body.rateLimitWindow === undefined)) {
        throw RATE_LIMIT_REQUIRED;
      }
      // An agentId in the body is not part of the organization contract: accepted and ignored.
      const rule = insertOrgRule(ctx.store, {
        orgId: callerOrgId(ctx),
        name: body.name,
        hostPattern: body.hostPattern,
        pathPattern: body.pathPattern ?? null,
        method: body.method ?? null,
        action: body.action,
        enabled: body.enabled,
        rateLimit: body.rateLimit ?? null,
        rateLimitWindow: body.rateLimitWindow ?? null,
        conditions: cleanConditions(body.conditions),
        metadata: null,
      });
      return json(201, orgRuleView(rule));
    },
  },
  {
    method: 'GET',
    path: '/org/rules/{ruleId}',
    operationId: 'getOrgRule',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => json(200, orgRuleView(ruleOf(ctx))),
  },
  {
    method: 'PATCH',
    path: '/org/rules/{ruleId}',
    operationId: 'updateOrgRule',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    // An empty body is valid and changes nothing.
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, updateOrgRuleBody);
      const rule = ruleOf(ctx);
      const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      if (Object.keys(changes).length === 0) return json(200, { success: true });
      if (isAppPermission(rule)) throw APP_PERMISSION_MANAGED;
      const next: OrgRuleRecord = {
        ...rule,
        ...changes,
        conditions: body.conditions === undefined ? rule.conditions : cleanConditions(body.conditions),
      };
      if (next.action === 'rate_limit' && (next.rateLimit === null || next.rateLimitWindow === null)) throw RATE_LIMIT_REQUIRED;
      Object.assign(rule, next);
      return json(200, { success: true });
    },
  },
  {
    method: 'DELETE',
    path: '/org/rules/{ruleId}',
    operationId: 'deleteOrgRule',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      ctx.store.orgRules.delete(ruleOf(ctx).id);
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/org/rules/permissions/{provider}',
    operationId: 'getAppPermissions',
    auth: 'org-member',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const app = appOf(ctx);
      const defaults: Record<string, { permission: string; conditions: RuleCondition[] }> = {};
      for (const rule of permissionRules(ctx, app.id).reverse()) {
        defaults[rule.metadata!.toolId] = { permission: rule.action, conditions: rule.conditions };
      }
      return json(200, { defaults, byAgent: {} });
    },
  },
  {
    method: 'PUT',
    path: '/org/rules/permissions/{provider}',
    operationId: 'setAppPermissions',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, setPermissionsBody);
      const app = appOf(ctx);
      const raw = ctx.req.body as Record<string, unknown>;
      if (raw['agentId'] !== undefined) throw NO_AGENT_TARGET;
      if (!app.toolGroups) throw noDefinition(app.id);
      const tools = new Map(app.toolGroups.flatMap((g) => [...g.tools, g.wildcard]).map((t) => [t.id, t]));
      for (const change of body.changes) if (!tools.has(change.toolId)) throw unknownTool(change.toolId);

      const orgId = callerOrgId(ctx);
      const conditions = cleanConditions(body.conditions);
      const counts = { created: 0, updated: 0, deleted: 0 };
      for (const { toolId, permission } of body.changes) {
        const existing = permissionRules(ctx, app.id).find((r) => r.metadata!.toolId === toolId);
        if (existing) {
          existing.action = permission;
          existing.conditions = conditions;
          counts.updated++;
        } else {
          insertOrgRule(ctx.store, {
            orgId,
            name: `${app.name}: ${tools.get(toolId)!.name}`,
            hostPattern: appApiHosts(app.id)[0] ?? app.id,
            pathPattern: null,
            method: null,
            action: permission,
            enabled: true,
            rateLimit: null,
            rateLimitWindow: null,
            conditions,
            metadata: { source: 'app_permission', provider: app.id, toolId },
          });
          counts.created++;
        }
      }
      return json(200, counts);
    },
  },
  {
    method: 'GET',
    path: '/org/rules/overlap/{provider}',
    operationId: 'getOrgRuleOverlap',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const hosts = appApiHosts(appOf(ctx).id);
      const count = orgRulesOf(ctx.store, callerOrgId(ctx)).filter(
        (rule) => !isAppPermission(rule) && hosts.some((host) => hostPatternsOverlap(rule.hostPattern, host)),
      ).length;
      return json(200, { count });
    },
  },
];
