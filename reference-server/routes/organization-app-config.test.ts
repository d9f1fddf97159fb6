import { beforeEach, describe, expect, it } from 'vitest';
import {
  addOrganization,
  badRequest,
  caller,
  envelope,
  FLAT,
  FORBIDDEN,
  INVALID_KEY,
  listedConnections,
  notFound,
  SUCCESS,
} from '../__test-helpers__/app-fixtures.ts';
import { headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

let app: App;
let call: ReturnType<typeof caller>;

beforeEach(() => {
  app = createApp();
  call = caller(app);
});

/** As the seeded owner's org key, without X-Project-Id (the /org routes need no project). */
function asAdmin(method: string, path: string, body?: unknown) {
  return call(method, path, body, 'org', headersFor(app, 'org', false));
}

function asProject(method: string, path: string, body?: unknown) {
  return call(method, path, body, 'project');
}

/** Every operation, with a request the contract accepts and that succeeds on a fresh server. */
const operations: [string, string, string, unknown][] = [
  ['authorizeOrgApp', 'GET', '/org/apps/github/authorize', undefined],
  ['connectOrgApp', 'POST', '/org/apps/stripe/connect', { fields: { secretKey: 'sk_live_x' } }],
  ['listOrgConfiguredProviders', 'GET', '/org/apps/configured', undefined],
  ['getOrgAppConfig', 'GET', '/org/apps/gmail/config', undefined],
  ['upsertOrgAppConfig', 'POST', '/org/apps/gmail/config', { clientId: 'c', clientSecret: 's' }],
  ['deleteOrgAppConfig', 'DELETE', '/org/apps/gmail/config', undefined],
  ['toggleOrgAppConfig', 'PATCH', '/org/apps/gmail/config/toggle', { enabled: false }],
  ['getOrgBlocklist', 'GET', '/org/apps/github/blocklist', undefined],
  ['addOrgBlocklistEntry', 'POST', '/org/apps/github/blocklist', { hostId: 'github-gist' }],
  ['toggleOrgBlocklistRule', 'PATCH', '/org/apps/github/blocklist/{ruleId}', { enabled: false }],
  ['removeOrgBlocklistRule', 'DELETE', '/org/apps/github/blocklist/{ruleId}', undefined],
];

/** Creates an org gmail configuration and an org github rule (as the admin), and fills `{ruleId}`. */
async function prepare(path: string): Promise<string> {
  const config = await asAdmin('POST', '/org/apps/gmail/config', { clientId: 'c', clientSecret: 's' });
  const rule = await asAdmin('POST', '/org/apps/github/blocklist', { name: 'n', hostPattern: 'h.example' });
  expect([config.status, rule.status]).toEqual([201, 201]);
  return path.replace('{ruleId}', (rule.body as { ruleId: string }).ruleId);
}

function snapshot(): string {
  return JSON.stringify([[...app.store.orgAppConnections.values()], [...app.store.appConfigs.values()], [...app.store.blocklistRules.values()]]);
}

describe('Organization App Config: editions, roles and authentication on every operation', () => {
  it('covers the 11 documented operations', () => {
    expect(new Set(operations.map(([id]) => id)).size).toBe(11);
  });

  it.each(operations)('%s %s %s › succeeds for an admin (org key with or without X-Project-Id, project key)', async (_, method, path, body) => {
    for (const headers of [() => headersFor(app, 'org', false), () => headersFor(app, 'org'), () => headersFor(app, 'project')]) {
      app = createApp();
      call = caller(app);
      const res = await call(method, await prepare(path), body, 'org', headers());
      expect(res.status).toSatisfy((s: number) => (s >= 200 && s < 300) || s === 302);
    }
  });

  it.each(operations)('%s %s %s › 403 envelope for a plain member, nothing changed', async (_, method, path, body) => {
    const target = await prepare(path);
    const before = snapshot();
    const res = await call(method, target, body, 'member', headersFor(app, 'member', false));
    expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
    expect(snapshot()).toBe(before);
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key', async (_, method, path, body) => {
    const target = await prepare(path);
    const before = snapshot();
    for (const headers of [{}, { Authorization: 'Bearer oc_org_nope' }, headersFor(app, 'partner')]) {
      const res = await call(method, target, body, 'org', headers);
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
    expect(snapshot()).toBe(before);
  });

  it.each(operations)('%s %s %s › served on enterprise', async (_, method, path, body) => {
    app = createApp({ edition: 'enterprise' });
    call = caller(app);
    const res = await asAdmin(method, await prepare(path), body);
    expect(res.status).toSatisfy((s: number) => (s >= 200 && s < 300) || s === 302);
  });

  it.each(operations)('%s %s %s › unknown route (404 envelope) on community', async (_, method, path, body) => {
    app = createApp({ edition: 'community' });
    const target = `/v1${path.replace('{ruleId}', 'r')}`;
    const res = await app.request(method, target, { headers: headersFor(app, 'org', false), body });
    expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
  });

  it.each(operations.filter(([, , path]) => path.includes('/apps/') && !path.endsWith('/configured')))(
    '%s %s %s › 404 envelope for an unknown provider',
    async (id, method, path, body) => {
      const res = await asAdmin(method, path.replace(/\/apps\/[a-z-]+/, '/apps/nope').replace('{ruleId}', 'r'), body);
      const message = id.includes('Blocklist') ? 'Unknown provider' : 'Unknown provider: nope';
      expect([res.status, res.body]).toEqual([404, notFound(message)]);
    },
  );
});

describe('Organization App Config: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['connectOrgApp', 'POST', '/org/apps/stripe/connect', 'fields is required', {}],
    ['connectOrgApp', 'POST', '/org/apps/stripe/connect', 'fields must be a JSON object (received string)', { fields: 'sk_live_x' }],
    ['upsertOrgAppConfig', 'POST', '/org/apps/gmail/config', 'clientSecret must be a string (received number)', { clientSecret: 1 }],
    ['toggleOrgAppConfig', 'PATCH', '/org/apps/gmail/config/toggle', 'enabled is required', {}],
    ['addOrgBlocklistEntry', 'POST', '/org/apps/github/blocklist', 'Provide either { hostId } or { name, hostPattern }', {}],
    ['toggleOrgBlocklistRule', 'PATCH', '/org/apps/github/blocklist/{ruleId}', 'enabled must be a boolean (received number)', { enabled: 1 }],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = await prepare(path);
    const before = storeSnapshot(app);
    const res = await asAdmin(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Organization App Config authorizeOrgApp GET /org/apps/{provider}/authorize', () => {
  it('answers 302 with a Location to the consent page', async () => {
    const res = await asAdmin('GET', '/org/apps/slack/authorize');
    expect([res.status, res.text]).toEqual([302, '']);
    const location = new URL(res.headers['location']!);
    expect(location.origin + location.pathname).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('state')).toMatch(UUID);
  });

  it("accepts ?org= naming the caller's organization; another one is a 403 envelope", async () => {
    expect((await asAdmin('GET', `/org/apps/github/authorize?org=${app.keys.orgId}`)).status).toBe(302);
    const other = addOrganization(app);
    const res = await asAdmin('GET', `/org/apps/github/authorize?org=${other.orgId}`);
    expect([res.status, res.body]).toEqual([403, envelope('Not a member of this organization', 'authentication_error')]);
  });

  it("uses the organization's configuration only (not a project's)", async () => {
    await asProject('POST', '/apps/gmail/config', { clientId: 'project', clientSecret: 's' });
    const before = await asAdmin('GET', '/org/apps/gmail/authorize');
    expect([before.status, before.body]).toEqual([400, badRequest('Gmail is not configured. Missing required credentials.')]);
    await asAdmin('POST', '/org/apps/gmail/config', { clientId: 'org', clientSecret: 's' });
    const after = await asAdmin('GET', '/org/apps/gmail/authorize');
    expect(new URL(after.headers['location']!).searchParams.get('client_id')).toBe('org');
  });

  it('answers 400 envelope for a non-OAuth app and 404 envelope for an unknown connectionId', async () => {
    const direct = await asAdmin('GET', '/org/apps/aws/authorize');
    expect([direct.status, direct.body]).toEqual([400, badRequest('Provider "aws" is not available for OAuth')]);
    const unknown = await asAdmin('GET', '/org/apps/github/authorize?connectionId=nope');
    expect([unknown.status, unknown.body]).toEqual([404, notFound('Connection not found')]);
  });
});

describe('Organization App Config connectOrgApp POST /org/apps/{provider}/connect', () => {
  it('creates an organization connection, listed in /org/connections and inherited by projects', async () => {
    const res = await asAdmin('POST', '/org/apps/stripe/connect', { fields: { secretKey: 'sk' }, label: 'Billing' });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    const listed = (await asAdmin('GET', '/org/connections')).body;
    const connection = {
      id: expect.stringMatching(UUID),
      provider: 'stripe',
      label: 'Billing',
      status: 'connected',
      scopes: [],
      scope: 'organization',
      metadata: { method: 'secret_key' },
      connectedAt: expect.stringMatching(ISO_DATE_TIME),
    };
    expect(listed).toEqual([connection]);
    expect((await asProject('GET', '/connections')).body).toEqual([connection]);
    expect(app.store.appConnections.size).toBe(0);
  });

  it('refreshes by label or connectionId; a project connection id is not found', async () => {
    await asAdmin('POST', '/org/apps/stripe/connect', { fields: { secretKey: 'a' }, label: 'Billing' });
    await asAdmin('POST', '/org/apps/stripe/connect', { fields: { secretKey: 'b' }, label: 'BILLING' });
    const [org] = [...app.store.orgAppConnections.values()];
    expect([app.store.orgAppConnections.size, org!.credentials]).toEqual([1, { secretKey: 'b' }]);
    const byId = await asAdmin('POST', '/org/apps/stripe/connect', { fields: { secretKey: 'c' }, connectionId: org!.id });
    expect([byId.status, org!.credentials]).toEqual([200, { secretKey: 'c' }]);
    await asProject('POST', '/apps/stripe/connect', { fields: { secretKey: 'p' } });
    const projectId = [...app.store.appConnections.keys()][0]!;
    const res = await asAdmin('POST', '/org/apps/stripe/connect', { fields: { secretKey: 'd' }, connectionId: projectId });
    expect([res.status, res.body]).toEqual([404, notFound('Connection not found')]);
  });

  it.each<[string, string, unknown, string]>([
    ['an OAuth app', 'gmail', { fields: {} }, 'Provider "gmail" uses OAuth flow, not direct credentials'],
    ['an unavailable app', 'salesforce', { fields: {} }, 'Provider "salesforce" is not available'],
    ['a missing required field', 'linear', { fields: { other: 'x' } }, 'API key is required'],
    ['an unknown method', 'aws', { fields: {}, method: 'sso' }, 'Provider "aws" has no "sso" connection method'],
  ])('answers 400 envelope for %s', async (_, provider, body, message) => {
    const res = await asAdmin('POST', `/org/apps/${provider}/connect`, body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{'],
    ['fields missing', {}],
    ['fields a string', { fields: 'apiKey=x' }],
    ['a numeric field value', { fields: { apiKey: 1 } }],
    ['a numeric label', { fields: { apiKey: 'k' }, label: 1 }],
    ['a numeric connectionId', { fields: { apiKey: 'k' }, connectionId: 1 }],
  ])('rejects %s with 400 flat, before the provider and nothing stored', async (_, body) => {
    for (const provider of ['linear', 'nope']) {
      const res = await asAdmin('POST', `/org/apps/${provider}/connect`, body);
      expect([provider, res.status, res.body]).toEqual([provider, 400, FLAT]);
    }
    expect(app.store.orgAppConnections.size).toBe(0);
  });

  it('answers the member 403 envelope before validating the body', async () => {
    const res = await call('POST', '/org/apps/linear/connect', {}, 'member', headersFor(app, 'member', false));
    expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
  });
});

describe('Organization App Config configuration /org/apps/{provider}/config', () => {
  it('reads an empty state, stores (201), reads non-secret settings', async () => {
    expect((await asAdmin('GET', '/org/apps/gmail/config')).body).toEqual({ settings: {}, hasCredentials: false, enabled: false });
    const res = await asAdmin('POST', '/org/apps/gmail/config', { clientId: 'id.apps.googleusercontent.com', clientSecret: 'GOCSPX-x' });
    expect([res.status, res.body]).toEqual([201, SUCCESS]);
    expect((await asAdmin('GET', '/org/apps/gmail/config')).body).toEqual({
      settings: { clientId: 'id.apps.googleusercontent.com' },
      hasCredentials: true,
      enabled: true,
    });
  });

  it("does not show a project's configuration, and a project's does not replace it", async () => {
    await asProject('POST', '/apps/gmail/config', { clientId: 'p' });
    expect((await asAdmin('GET', '/org/apps/gmail/config')).body).toEqual({ settings: {}, hasCredentials: false, enabled: false });
    expect((await asAdmin('DELETE', '/org/apps/gmail/config')).status).toBe(404);
  });

  it('is visible to projects while enabled: GET /apps/configured, /apps/{provider}/config, /apps', async () => {
    await asAdmin('POST', '/org/apps/gmail/config', { clientId: 'o', clientSecret: 's' });
    expect((await asProject('GET', '/apps/configured')).body).toEqual(['gmail']);
    expect((await asProject('GET', '/apps/gmail/config')).body).toEqual({ settings: {}, hasCredentials: true, enabled: true });
    await asAdmin('PATCH', '/org/apps/gmail/config/toggle', { enabled: false });
    expect((await asProject('GET', '/apps/configured')).body).toEqual([]);
    expect((await asProject('GET', '/apps/gmail/config')).body).toEqual({ settings: {}, hasCredentials: false, enabled: false });
  });

  it("keeps organizations apart", async () => {
    const other = addOrganization(app);
    await call('POST', '/org/apps/gmail/config', { clientId: 'x' }, 'org', other.orgHeaders);
    expect((await asAdmin('GET', '/org/apps/configured')).body).toEqual([]);
    expect((await call('GET', '/org/apps/configured', undefined, 'org', other.orgHeaders)).body).toEqual(['gmail']);
  });

  it('lists enabled configured providers in creation order', async () => {
    await asAdmin('POST', '/org/apps/slack/config', { clientId: 'a' });
    await asAdmin('POST', '/org/apps/github/config', { clientId: 'a' });
    await asAdmin('POST', '/org/apps/gmail/config', { clientId: 'a' });
    await asAdmin('PATCH', '/org/apps/github/config/toggle', { enabled: false });
    const res = await asAdmin('GET', '/org/apps/configured');
    expect([res.status, res.body]).toEqual([200, ['slack', 'gmail']]);
  });

  it('answers 400 envelope for an app that takes no configuration', async () => {
    const res = await asAdmin('POST', '/org/apps/notion/config', { clientId: 'a' });
    expect([res.status, res.body]).toEqual([400, badRequest('Provider "notion" does not support app configuration')]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['a JSON array', []],
    ['a numeric value', { clientSecret: 5 }],
    ['a boolean value', { clientId: true }],
  ])('upsert rejects %s with 400 flat', async (_, body) => {
    const res = await asAdmin('POST', '/org/apps/gmail/config', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
  });

  it('toggles (200) and deletes (204), then both answer 404 envelope', async () => {
    await asAdmin('POST', '/org/apps/gmail/config', { clientId: 'a' });
    expect((await asAdmin('PATCH', '/org/apps/gmail/config/toggle', { enabled: false })).body).toEqual(SUCCESS);
    const del = await asAdmin('DELETE', '/org/apps/gmail/config');
    expect([del.status, del.text]).toEqual([204, '']);
    for (const [method, path, body] of [['DELETE', '/org/apps/gmail/config', undefined], ['PATCH', '/org/apps/gmail/config/toggle', { enabled: true }]] as const) {
      const res = await asAdmin(method, path, body);
      expect([res.status, res.body]).toEqual([404, notFound('App config not found')]);
    }
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['enabled missing', {}],
    ['a string enabled', { enabled: 'yes' }],
  ])('toggle rejects %s with 400 flat', async (_, body) => {
    const res = await asAdmin('PATCH', '/org/apps/gmail/config/toggle', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
  });
});

describe('Organization App Config blocklist /org/apps/{provider}/blocklist', () => {
  it('shows predefined hosts, activates one (201, scope organization) and adds a custom rule', async () => {
    const empty = await asAdmin('GET', '/org/apps/slack/blocklist');
    expect([empty.status, empty.body]).toEqual([
      200,
      [{ hostId: 'slack-files', ruleId: null, enabled: false, custom: false, name: 'Slack file uploads', hostPattern: 'files.slack.com', scope: null }],
    ]);
    const activated = await asAdmin('POST', '/org/apps/slack/blocklist', { hostId: 'slack-files' });
    expect([activated.status, activated.body]).toEqual([
      201,
      { hostId: 'slack-files', ruleId: expect.stringMatching(UUID), enabled: true, custom: false, name: 'Slack file uploads', hostPattern: 'files.slack.com', scope: 'organization' },
    ]);
    const custom = await asAdmin('POST', '/org/apps/slack/blocklist', { name: 'Webhooks', hostPattern: 'hooks.slack.com' });
    expect([custom.status, (custom.body as { custom: boolean; scope: string }).custom]).toEqual([201, true]);
    expect(((await asAdmin('GET', '/org/apps/slack/blocklist')).body as unknown[]).length).toBe(2);
    expect(((await asProject('GET', '/apps/slack/blocklist')).body as { scope: string }[]).map((s) => s.scope)).toEqual(['organization', 'organization']);
  });

  it("does not show a project's rules", async () => {
    await asProject('POST', '/apps/slack/blocklist', { hostId: 'slack-files' });
    expect(((await asAdmin('GET', '/org/apps/slack/blocklist')).body as { ruleId: null }[])[0]!.ruleId).toBeNull();
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an empty object', {}],
    ['both variants', { hostId: 'slack-files', name: 'n', hostPattern: 'h' }],
    ['a numeric hostId', { hostId: 3 }],
    ['name alone', { name: 'n' }],
  ])('add rejects %s with 400 flat', async (_, body) => {
    const res = await asAdmin('POST', '/org/apps/slack/blocklist', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
  });

  it('add answers 400 envelope for an unknown host id or a host already blocked', async () => {
    const unknown = await asAdmin('POST', '/org/apps/slack/blocklist', { hostId: 'github-gist' });
    expect([unknown.status, unknown.body]).toEqual([400, badRequest('Unknown blocklist host ID')]);
    await asAdmin('POST', '/org/apps/slack/blocklist', { name: 'a', hostPattern: 'x.slack.com' });
    const again = await asAdmin('POST', '/org/apps/slack/blocklist', { name: 'b', hostPattern: 'x.slack.com' });
    expect([again.status, again.body]).toEqual([400, badRequest('This host is already blocked')]);
  });

  it('toggles (200) and removes (204) an organization rule; project rules are not found here', async () => {
    const { ruleId } = (await asAdmin('POST', '/org/apps/slack/blocklist', { hostId: 'slack-files' })).body as { ruleId: string };
    expect((await asAdmin('PATCH', `/org/apps/slack/blocklist/${ruleId}`, { enabled: false })).body).toEqual(SUCCESS);
    expect(app.store.blocklistRules.get(ruleId)!.enabled).toBe(false);
    const del = await asAdmin('DELETE', `/org/apps/slack/blocklist/${ruleId}`);
    expect([del.status, del.text]).toEqual([204, '']);
    const project = (await asProject('POST', '/apps/slack/blocklist', { hostId: 'slack-files' })).body as { ruleId: string };
    for (const id of [ruleId, project.ruleId, 'nope']) {
      for (const [method, body] of [['PATCH', { enabled: true }], ['DELETE', undefined]] as const) {
        const res = await asAdmin(method, `/org/apps/slack/blocklist/${id}`, body);
        expect([res.status, res.body]).toEqual([404, notFound('Blocklist rule not found')]);
      }
    }
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['a numeric enabled', { enabled: 0 }],
  ])('toggle rejects %s with 400 flat', async (_, body) => {
    const res = await asAdmin('PATCH', '/org/apps/slack/blocklist/any', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
  });
});

describe('Organization App Config: organization connections in the project views', () => {
  it('shows them in GET /apps/{provider} connections and removes them when deleted', async () => {
    await asAdmin('POST', '/org/apps/linear/connect', { fields: { apiKey: 'k' }, label: 'Org key' });
    const appView = (await asProject('GET', '/apps/linear')).body as { connections: { label: string }[] };
    expect(appView.connections.map((c) => c.label)).toEqual(['Org key']);
    const [connection] = listedConnections(app);
    await asAdmin('DELETE', `/org/connections/${connection!.id}`);
    expect(((await asProject('GET', '/apps/linear')).body as { connections: unknown[] }).connections).toEqual([]);
  });
});
