/**
 * What the project routes (Apps, Connections) and the organization routes
 * (Organization Connections, Organization App Config) have in common: body
 * validators, the provider look-up, connecting with credentials, the OAuth
 * redirect, configuration state and blocklist state. Each function works for
 * one `AppOwner` (a project or an organization).
 */
import { randomUUID } from 'node:crypto';
import { HttpError } from '../errors.ts';
import type { AppRequest } from '../http.ts';
import type { AppConfigRecord, AppOwner, BlocklistRuleRecord, CatalogApp, OwnedConnection, Store } from '../store/index.ts';
import {
  configHasCredentials,
  configSettings,
  effectiveAppConfig,
  findAppConfig,
  findBlocklistRule,
  findCatalogApp,
  findOwnedConnection,
  insertBlocklistRule,
  insertConnection,
  ownedBlocklistRules,
  ownedConnections,
  refreshConnection,
} from '../store/index.ts';
import { boolean, object, optional, string, type Validator } from '../validation.ts';
import type { Context } from './types.ts';

// ---------------------------------------------------------------- validators

function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object whose values are all strings (JSON Schema `additionalProperties: {type: string}`). */
export function stringRecord(): Validator<Record<string, string>> {
  return (value, field) => {
    if (!isPlainObject(value)) throw HttpError.validation(`${field} must be a JSON object (received ${received(value)})`);
    for (const [key, item] of Object.entries(value)) {
      const name = field === 'body' ? key : `${field}.${key}`;
      if (typeof item !== 'string') throw HttpError.validation(`${name} must be a string (received ${received(item)})`);
    }
    return value as Record<string, string>;
  };
}

/** Body of the connect operations (project and organization). */
export const connectBody = object({
  fields: stringRecord(),
  connectionId: optional(string()),
  label: optional(string()),
  method: optional(string()),
});

/** Body of the label operations: `label` a string of at least one character (whitespace counts). */
export const renameBody = object({ label: string({ minLength: 1 }) });

/** Body of the toggle operations. */
export const toggleBody = object({ enabled: boolean() });

/** Body of the BYOC configuration upserts: any object of string values. */
export const configBody = stringRecord();

/** The blocklist body's two documented variants. */
export type BlocklistEntryBody = { hostId: string } | { name: string; hostPattern: string };

const ENTRY_VARIANTS = 'either { hostId } or { name, hostPattern }';

/**
 * The blocklist body: `oneOf` {hostId: string} | {name: string, hostPattern: string}.
 * Exactly one variant must match; a body matching both is refused too.
 */
export const blocklistEntryBody: Validator<BlocklistEntryBody> = (value, field) => {
  if (!isPlainObject(value)) throw HttpError.validation(`${field} must be a JSON object (received ${received(value)})`);
  const byHost = typeof value['hostId'] === 'string';
  const custom = typeof value['name'] === 'string' && typeof value['hostPattern'] === 'string';
  if (byHost && custom) throw HttpError.validation(`Provide ${ENTRY_VARIANTS}, not both`);
  if (byHost) return { hostId: value['hostId'] as string };
  if (custom) return { name: value['name'] as string, hostPattern: value['hostPattern'] as string };
  const wrong = ['hostId', 'name', 'hostPattern'].find((k) => value[k] !== undefined && typeof value[k] !== 'string');
  const detail = wrong ? ` (${wrong} must be a string, received ${received(value[wrong])})` : '';
  throw HttpError.validation(`Provide ${ENTRY_VARIANTS}${detail}`);
};

// ---------------------------------------------------------------- owners and providers

export const NOT_MEMBER = HttpError.envelope(403, 'authentication_error', 'Not a member of this organization');
export const CONNECTION_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Connection not found');
export const APP_CONFIG_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'App config not found');
export const BLOCKLIST_RULE_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Blocklist rule not found');

/** The caller's project as an owner (throws the missing-project 400 when there is none). */
export function projectOwner(ctx: Context): AppOwner & { scope: 'project' } {
  const projectId = ctx.projectId();
  return { scope: 'project', projectId, orgId: ctx.store.projects.get(projectId)?.orgId ?? '' };
}

/** The caller's organization as an owner. */
export function orgOwner(ctx: Context): AppOwner & { scope: 'organization' } {
  if (ctx.principal?.kind !== 'user') throw NOT_MEMBER;
  return { scope: 'organization', orgId: ctx.principal.orgId };
}

/** The catalogue app named by the `provider` path parameter, or the 404 envelope with `message`. */
export function appOf(ctx: Context, message = (p: string) => `Unknown provider: ${p}`): CatalogApp {
  const provider = ctx.params['provider']!;
  const app = findCatalogApp(provider);
  if (!app) throw HttpError.envelope(404, 'not_found_error', message(provider));
  return app;
}

/** A non-empty query parameter, or undefined. */
export function queryParam(req: AppRequest, name: string): string | undefined {
  return req.query.get(name) || undefined;
}

function invalid(message: string): HttpError {
  return HttpError.envelope(400, 'invalid_request_error', message);
}

// ---------------------------------------------------------------- connections

/** The owner's connection named by `connectionId` for this app, or the 404 envelope. */
function connectionOfApp(store: Store, owner: AppOwner, app: CatalogApp, connectionId: string): OwnedConnection {
  const connection = findOwnedConnection(store, owner, connectionId);
  if (!connection || connection.record.provider !== app.id) throw CONNECTION_NOT_FOUND;
  return connection;
}

/** The label a connect call asks for: null when absent or blank. */
function requestedLabel(label: string | undefined): string | null {
  return label === undefined || label.trim() === '' ? null : label;
}

/**
 * Connects an app with directly supplied credentials (the connect operations).
 * With `connectionId`, that connection is refreshed; without it, an existing
 * connection with the same label (case-insensitive) — or, with no label, the
 * first existing one — is refreshed; otherwise a new one is created.
 */
export function connectWithCredentials(
  store: Store,
  owner: AppOwner,
  app: CatalogApp,
  body: { fields: Record<string, string>; connectionId?: string; label?: string; method?: string },
): OwnedConnection {
  if (!app.available) throw invalid(`Provider "${app.id}" is not available`);
  if (app.connectMethods.length === 0) throw invalid(`Provider "${app.id}" uses OAuth flow, not direct credentials`);
  const method = body.method === undefined ? app.connectMethods[0]! : app.connectMethods.find((m) => m.id === body.method);
  if (!method) throw invalid(`Provider "${app.id}" has no "${body.method}" connection method`);
  const missing = method.fields.find((f) => f.required && !body.fields[f.key]);
  if (missing) throw invalid(`${missing.label} is required`);

  const label = requestedLabel(body.label);
  const input = { provider: app.id, label, scopes: app.scopes, credentials: body.fields, metadata: { method: method.id } };
  const existing = ownedConnections(store, owner, app.id);
  const target =
    body.connectionId !== undefined
      ? connectionOfApp(store, owner, app, body.connectionId)
      : label === null
        ? existing[existing.length - 1]
        : existing.find((c) => c.record.label?.trim().toLowerCase() === label.trim().toLowerCase());
  if (!target) return insertConnection(store, owner, input);
  refreshConnection(target, input);
  return target;
}

// ---------------------------------------------------------------- OAuth redirect

/** The OAuth client id an owner would use: its (or, for a project, its organization's) configuration, else the environment's. */
function oauthClientId(store: Store, owner: AppOwner, app: CatalogApp): string | undefined {
  const config =
    owner.scope === 'project' ? effectiveAppConfig(store, owner.projectId, app.id) : findAppConfig(store, owner, app.id);
  if (config?.enabled && configHasCredentials(app, config)) return config.values['clientId'];
  return app.envDefault ? `onecli-${app.id}` : undefined;
}

/**
 * The provider consent URL for an authorize operation, after its business
 * rules: unavailable or non-OAuth app, no client credentials (400 envelope);
 * unknown `connectionId` (404 envelope).
 */
export function authorizeLocation(ctx: Context, owner: AppOwner, app: CatalogApp): string {
  if (!app.available || app.connectionType !== 'oauth' || !app.authorizeUrl) {
    throw invalid(`Provider "${app.id}" is not available for OAuth`);
  }
  const clientId = oauthClientId(ctx.store, owner, app);
  if (clientId === undefined) throw invalid(`${app.name} is not configured. Missing required credentials.`);
  const connectionId = queryParam(ctx.req, 'connectionId');
  if (connectionId !== undefined) connectionOfApp(ctx.store, owner, app, connectionId);

  const host = ctx.req.headers['host'] || 'localhost';
  const url = new URL(app.authorizeUrl);
  url.searchParams.set('client_id', clientId);
  url.searchParams.set('redirect_uri', `http://${host}/v1/apps/${app.id}/callback`);
  url.searchParams.set('response_type', 'code');
  if (app.scopes.length) url.searchParams.set('scope', app.scopes.join(' '));
  url.searchParams.set('state', randomUUID());
  return url.toString();
}

// ---------------------------------------------------------------- configuration

/** The documented `{settings, hasCredentials, enabled}` of a configuration (all empty/false when there is none). */
export function configState(app: CatalogApp | undefined, config: AppConfigRecord | undefined) {
  return {
    settings: configSettings(app, config),
    hasCredentials: config ? configHasCredentials(app, config) : false,
    enabled: config?.enabled ?? false,
  };
}

/** Refuses a configuration write to an app that takes none (400 envelope). */
export function assertConfigurable(app: CatalogApp): void {
  if (!app.configurable) throw invalid(`Provider "${app.id}" does not support app configuration`);
}

// ---------------------------------------------------------------- blocklist

/** The documented `BlocklistHostState` of a rule (or of an inactive predefined host when `rule` is undefined). */
function hostState(host: { hostId: string; name: string; hostPattern: string }, rule: BlocklistRuleRecord | undefined, custom: boolean) {
  return {
    hostId: host.hostId,
    ruleId: rule?.id ?? null,
    enabled: rule?.enabled ?? false,
    custom,
    name: host.name,
    hostPattern: host.hostPattern,
    scope: rule?.scope ?? null,
  };
}

/** A rule's state. */
export function ruleState(rule: BlocklistRuleRecord) {
  return hostState(rule, rule, rule.custom);
}

/**
 * An owner's blocklist for an app: each predefined host (the owner's rule, else
 * — for a project — its organization's, else inactive), then the custom rules
 * (the project's, then its organization's).
 */
export function blocklistState(store: Store, owner: AppOwner, app: CatalogApp) {
  const owners: AppOwner[] = owner.scope === 'project' ? [owner, { scope: 'organization', orgId: owner.orgId }] : [owner];
  const rules = owners.map((o) => ownedBlocklistRules(store, o, app.id));
  const predefined = app.blocklistHosts.map((host) =>
    hostState(host, rules.map((list) => list.find((r) => !r.custom && r.hostId === host.hostId)).find(Boolean), false),
  );
  const custom = rules.flatMap((list) => list.filter((r) => r.custom).map(ruleState));
  return [...predefined, ...custom];
}

/**
 * Activates a predefined host (re-enabling the owner's existing rule) or adds a
 * custom rule. Unknown host id → 400 envelope; a custom host pattern the owner
 * already blocks → 400 envelope.
 */
export function addBlocklistEntry(store: Store, owner: AppOwner, app: CatalogApp, body: BlocklistEntryBody): BlocklistRuleRecord {
  const rules = ownedBlocklistRules(store, owner, app.id);
  if ('hostId' in body) {
    const host = app.blocklistHosts.find((h) => h.hostId === body.hostId);
    if (!host) throw invalid('Unknown blocklist host ID');
    const existing = rules.find((r) => !r.custom && r.hostId === host.hostId);
    if (existing) {
      existing.enabled = true;
      return existing;
    }
    return insertBlocklistRule(store, owner, { provider: app.id, ...host });
  }
  if (rules.some((r) => r.custom && r.hostPattern.toLowerCase() === body.hostPattern.toLowerCase())) {
    throw invalid('This host is already blocked');
  }
  return insertBlocklistRule(store, owner, { provider: app.id, name: body.name, hostPattern: body.hostPattern });
}

/** The owner's rule named by the `ruleId` path parameter for this app, or the 404 envelope. */
export function blocklistRuleOf(ctx: Context, owner: AppOwner, app: CatalogApp): BlocklistRuleRecord {
  const rule = findBlocklistRule(ctx.store, owner, app.id, ctx.params['ruleId']!);
  if (!rule) throw BLOCKLIST_RULE_NOT_FOUND;
  return rule;
}
