/**
 * Rules tag: project policy rules and app permissions, the 8 documented
 * operations. Route-level validation → 400 flat; a schema-valid body the
 * service refuses (rate limit without its limit and window, an agent of
 * another project, an unknown tool, `inherit` on the all-agents layer) → 400
 * envelope; unknown rule / provider (and, where documented, agent) → 404 envelope.
 *
 * The list includes the inherited organization rules (scope `organization`);
 * the single-rule operations act on project rules only (an organization rule
 * id is not found here: it is managed under /org/rules).
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { AppPermissionMetadata, CatalogApp, PolicyRuleRecord, RuleCondition } from '../store/index.ts';
import {
  RATE_LIMIT_WINDOWS,
  RULE_ACTIONS,
  RULE_METHODS,
  appApiHosts,
  findCatalogApp,
  findRule,
  hostPatternsOverlap,
  insertRule,
  isAppPermissionRule,
  orgRulesOf,
  projectRules,
} from '../store/index.ts';
import { array, boolean, enumOf, integer, nullable, object, optional, parseBody, string } from '../validation.ts';
import { orgRuleView } from './organization-rules.ts';
import type { Context, RouteDef } from './types.ts';

const ruleCondition = () =>
  object({
    target: enumOf(['body']),
    operator: enumOf(['contains']),
    value: string({ minLength: 1, maxLength: 1000 }),
    key: optional(string({ maxLength: 500 })),
  });
const conditions = () => array(ruleCondition(), { maxItems: 10 });
const ruleName = () => string({ minLength: 1, maxLength: 255 });
const hostPattern = () => string({ minLength: 1, maxLength: 1000 });
const rateLimit = () => integer({ minimum: 1, maximum: 1_000_000 });

const createRuleBody = object({
  name: ruleName(),
  hostPattern: hostPattern(),
  pathPattern: optional(string({ maxLength: 1000 })),
  method: optional(enumOf(RULE_METHODS)),
  action: enumOf(RULE_ACTIONS),
  enabled: boolean(),
  agentId: optional(string()),
  rateLimit: optional(rateLimit()),
  rateLimitWindow: optional(enumOf(RATE_LIMIT_WINDOWS)),
  conditions: optional(conditions()),
});

const updateRuleBody = object({
  name: optional(ruleName()),
  hostPattern: optional(hostPattern()),
  pathPattern: optional(nullable(string())),
  method: optional(nullable(enumOf(RULE_METHODS))),
  action: optional(enumOf(RULE_ACTIONS)),
  enabled: optional(boolean()),
  agentId: optional(nullable(string())),
  rateLimit: optional(nullable(rateLimit())),
  rateLimitWindow: optional(nullable(enumOf(RATE_LIMIT_WINDOWS))),
  conditions: optional(nullable(conditions())),
});

const setPermissionsBody = object({
  changes: array(
    object({ toolId: string({ minLength: 1 }), permission: enumOf(['allow', 'manual_approval', 'block', 'inherit']) }),
    { minItems: 1 },
  ),
  conditions: optional(conditions()),
  agentId: optional(string({ minLength: 1 })),
});

const invalidRequest = (message: string) => HttpError.envelope(400, 'invalid_request_error', message);
const RULE_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Policy rule not found');
const AGENT_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Agent not found');
const AGENT_NOT_IN_PROJECT = invalidRequest('Agent not found');
const NO_FIELDS = invalidRequest('No fields to update');
const RATE_LIMIT_REQUIRED = invalidRequest('Rate limit rules require a rate limit and window');
const APP_PERMISSION_MANAGED = invalidRequest(
  'App-permission rule endpoints are managed automatically; change app permissions via PUT /rules/permissions/{provider} (or /org/rules/permissions/{provider} for organization rules)',
);
const INHERIT_NEEDS_AGENT = invalidRequest('Only agent-scoped app permissions can be set to inherit');
const unknownProvider = (provider: string) => HttpError.envelope(404, 'not_found_error', `Unknown provider: ${provider}`);
const noDefinition = (provider: string) => invalidRequest(`No permission definition for provider: ${provider}`);
const unknownTool = (toolId: string) => invalidRequest(`Unknown tool: ${toolId}`);

/** The documented `PolicyRule`, every property filled. */
export function ruleView(rule: PolicyRuleRecord) {
  return {
    id: rule.id,
    name: rule.name,
    hostPattern: rule.hostPattern,
    pathPattern: rule.pathPattern,
    method: rule.method,
    action: rule.action,
    enabled: rule.enabled,
    agentId: rule.agentId,
    rateLimit: rule.rateLimit,
    rateLimitWindow: rule.rateLimitWindow,
    scope: 'project' as const,
    metadata: rule.metadata,
    conditions: rule.conditions,
    createdAt: rule.createdAt,
  };
}

/** The organization rules a project inherits, as `PolicyRule` views (scope `organization`). */
function inheritedRuleViews(ctx: Context) {
  return orgRulesOf(ctx.store, ctx.store.projects.get(ctx.projectId())!.orgId).map(orgRuleView);
}

/** Drops condition keys the schema does not know (they are accepted, not stored). */
function cleanConditions(list: RuleCondition[] | undefined | null): RuleCondition[] {
  return (list ?? []).map(({ target, operator, value, key }) => (key === undefined ? { target, operator, value } : { target, operator, value, key }));
}

function ruleOf(ctx: Context): PolicyRuleRecord {
  const rule = findRule(ctx.store, ctx.projectId(), ctx.params['ruleId']!);
  if (!rule) throw RULE_NOT_FOUND;
  return rule;
}

function agentInProject(ctx: Context, agentId: string): boolean {
  return ctx.store.agents.get(agentId)?.projectId === ctx.projectId();
}

function appOf(ctx: Context): CatalogApp {
  const provider = ctx.params['provider']!;
  const app = findCatalogApp(provider);
  if (!app) throw unknownProvider(provider);
  return app;
}

function permissionMetadata(rule: PolicyRuleRecord): AppPermissionMetadata | undefined {
  return isAppPermissionRule(rule) ? (rule.metadata as AppPermissionMetadata) : undefined;
}

/** The project's app-permission rules of one provider. */
function permissionRules(ctx: Context, provider: string): PolicyRuleRecord[] {
  return projectRules(ctx.store, ctx.projectId()).filter((rule) => permissionMetadata(rule)?.provider === provider);
}

function permissionState(rule: PolicyRuleRecord) {
  return { permission: rule.action, conditions: rule.conditions };
}

export const rulesRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/rules',
    operationId: 'listRules',
    auth: 'project',
    handler: (ctx) => {
      const listed: { createdAt: string }[] = [...projectRules(ctx.store, ctx.projectId()).map(ruleView), ...inheritedRuleViews(ctx)];
      return json(200, listed.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
    },
  },
  {
    method: 'POST',
    path: '/rules',
    operationId: 'createRule',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createRuleBody);
      const projectId = ctx.projectId();
      if (body.action === 'rate_limit' && (body.rateLimit === undefined || body.rateLimitWindow === undefined)) {
        throw RATE_LIMIT_REQUIRED;
      }
      // createRule documents no 404: an agent outside the project is a service-level 400.
      if (body.agentId !== undefined && !agentInProject(ctx, body.agentId)) throw AGENT_NOT_IN_PROJECT;
      const rule = insertRule(ctx.store, {
        projectId,
        name: body.name,
        hostPattern: body.hostPattern,
        pathPattern: body.pathPattern ?? null,
        method: body.method ?? null,
        action: body.action,
        enabled: body.enabled,
        agentId: body.agentId ?? null,
        rateLimit: body.rateLimit ?? null,
        rateLimitWindow: body.rateLimitWindow ?? null,
        conditions: cleanConditions(body.conditions),
        metadata: null,
      });
      return json(201, ruleView(rule));
    },
  },
  {
    method: 'GET',
    path: '/rules/{ruleId}',
    operationId: 'getRule',
    auth: 'project',
    handler: (ctx) => json(200, ruleView(ruleOf(ctx))),
  },
  {
    method: 'PATCH',
    path: '/rules/{ruleId}',
    operationId: 'updateRule',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, updateRuleBody);
      const rule = ruleOf(ctx);
      if (Object.values(body).every((v) => v === undefined)) throw NO_FIELDS;
      if (isAppPermissionRule(rule)) throw APP_PERMISSION_MANAGED;
      if (typeof body.agentId === 'string' && !agentInProject(ctx, body.agentId)) throw AGENT_NOT_FOUND;
      const next: PolicyRuleRecord = {
        ...rule,
        ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
        conditions: body.conditions === undefined ? rule.conditions : cleanConditions(body.conditions),
      };
      if (next.action === 'rate_limit' && (next.rateLimit === null || next.rateLimitWindow === null)) throw RATE_LIMIT_REQUIRED;
      Object.assign(rule, next);
      return json(200, { success: true });
    },
  },
  {
    method: 'DELETE',
    path: '/rules/{ruleId}',
    operationId: 'deleteRule',
    auth: 'project',
    handler: (ctx) => {
      ctx.store.rules.delete(ruleOf(ctx).id);
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/rules/permissions/{provider}',
    operationId: 'getRulePermissions',
    auth: 'project',
    handler: (ctx) => {
      const app = appOf(ctx);
      const defaults: Record<string, ReturnType<typeof permissionState>> = {};
      const byAgent: Record<string, Record<string, ReturnType<typeof permissionState>>> = {};
      for (const rule of permissionRules(ctx, app.id).reverse()) {
        const { toolId } = permissionMetadata(rule)!;
        if (rule.agentId === null) defaults[toolId] = permissionState(rule);
        else (byAgent[rule.agentId] ??= {})[toolId] = permissionState(rule);
      }
      return json(200, { defaults, byAgent });
    },
  },
  {
    method: 'PUT',
    path: '/rules/permissions/{provider}',
    operationId: 'setRulePermissions',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, setPermissionsBody);
      const projectId = ctx.projectId();
      const app = appOf(ctx);
      if (!app.toolGroups) throw noDefinition(app.id);
      const agentId = body.agentId ?? null;
      if (agentId !== null && !agentInProject(ctx, agentId)) throw AGENT_NOT_FOUND;
      const tools = new Map(app.toolGroups.flatMap((g) => [...g.tools, g.wildcard]).map((t) => [t.id, t]));
      for (const change of body.changes) if (!tools.has(change.toolId)) throw unknownTool(change.toolId);
      if (agentId === null && body.changes.some((c) => c.permission === 'inherit')) throw INHERIT_NEEDS_AGENT;

      const counts = { created: 0, updated: 0, deleted: 0 };
      const ruleConditions = cleanConditions(body.conditions);
      for (const { toolId, permission } of body.changes) {
        const existing = permissionRules(ctx, app.id).find((r) => r.agentId === agentId && permissionMetadata(r)!.toolId === toolId);
        if (permission === 'inherit') {
          if (existing) {
            ctx.store.rules.delete(existing.id);
            counts.deleted++;
          }
        } else if (existing) {
          existing.action = permission;
          existing.conditions = ruleConditions;
          counts.updated++;
        } else {
          insertRule(ctx.store, {
            projectId,
            name: `${app.name}: ${tools.get(toolId)!.name}`,
            hostPattern: appApiHosts(app.id)[0] ?? app.id,
            pathPattern: null,
            method: null,
            action: permission,
            enabled: true,
            agentId,
            rateLimit: null,
            rateLimitWindow: null,
            conditions: ruleConditions,
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
    path: '/rules/overlap/{provider}',
    operationId: 'getRuleOverlap',
    auth: 'project',
    handler: (ctx) => {
      const hosts = appApiHosts(appOf(ctx).id);
      const count = projectRules(ctx.store, ctx.projectId()).filter(
        (rule) => !isAppPermissionRule(rule) && hosts.some((host) => hostPatternsOverlap(rule.hostPattern, host)),
      ).length;
      return json(200, { count });
    },
  },
];
