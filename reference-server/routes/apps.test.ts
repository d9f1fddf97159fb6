import { beforeEach, describe, expect, it } from 'vitest';
import {
  addOrganization,
  addProject,
  badRequest,
  caller,
  FLAT,
  INVALID_KEY,
  listedConnections,
  NO_PROJECT,
  notFound,
  seedOrgConfig,
  seedOrgConnection,
  seedOrgRule,
  SUCCESS,
} from '../__test-helpers__/app-fixtures.ts';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import { catalogApps } from '../store/index.ts';

let app: App;
let call: ReturnType<typeof caller>;

beforeEach(() => {
  app = createApp();
  call = caller(app);
});

async function connect(provider: string, body: unknown, who: Caller = 'project') {
  const res = await call('POST', `/apps/${provider}/connect`, body, who);
  expect([res.status, res.body]).toEqual([200, SUCCESS]);
}

async function connections() {
  return listedConnections(app);
}

/** Every Apps operation, with a request the contract accepts and that succeeds on a fresh server. */
const operations: [string, string, string, unknown][] = [
  ['listApps', 'GET', '/apps', undefined],
  ['listConfiguredApps', 'GET', '/apps/configured', undefined],
  ['listEnvDefaultApps', 'GET', '/apps/env-defaults', undefined],
  ['listPermissionDefinitions', 'GET', '/apps/permission-definitions', undefined],
  ['getApp', 'GET', '/apps/github', undefined],
  ['authorizeApp', 'GET', '/apps/github/authorize', undefined],
  ['connectApp', 'POST', '/apps/linear/connect', { fields: { apiKey: 'lin_api_x' } }],
  ['getAppConfig', 'GET', '/apps/gmail/config', undefined],
  ['upsertAppConfig', 'POST', '/apps/gmail/config', { clientId: 'id', clientSecret: 'secret' }],
  ['deleteAppConfig', 'DELETE', '/apps/gmail/config', undefined],
  ['toggleAppConfig', 'PATCH', '/apps/gmail/config/toggle', { enabled: false }],
  ['getPermissionDefinition', 'GET', '/apps/github/permission-definition', undefined],
  ['getBlocklist', 'GET', '/apps/github/blocklist', undefined],
  ['addBlocklistEntry', 'POST', '/apps/github/blocklist', { hostId: 'github-gist' }],
  ['toggleBlocklistRule', 'PATCH', '/apps/github/blocklist/{ruleId}', { enabled: false }],
  ['removeBlocklistRule', 'DELETE', '/apps/github/blocklist/{ruleId}', undefined],
];

const PROJECT_REQUIRED = new Set([
  'listApps',
  'listConfiguredApps',
  'getApp',
  'getAppConfig',
  'upsertAppConfig',
  'deleteAppConfig',
  'toggleAppConfig',
  'getBlocklist',
  'addBlocklistEntry',
  'toggleBlocklistRule',
  'removeBlocklistRule',
]);
const PROJECT_OPTIONAL = new Set(['authorizeApp', 'connectApp']);
const NO_PROJECT_NEEDED = new Set(['listEnvDefaultApps', 'listPermissionDefinitions', 'getPermissionDefinition']);

/** Creates what an operation acts on (a gmail config, a github blocklist rule) and fills `{ruleId}`. */
async function prepare(path: string, headers: Record<string, string>): Promise<string> {
  const res = await app.request('POST', '/v1/apps/gmail/config', { headers, body: { clientId: 'c', clientSecret: 's' } });
  const rule = await app.request('POST', '/v1/apps/github/blocklist', { headers, body: { name: 'n', hostPattern: 'h.example' } });
  expect([res.status, rule.status]).toEqual([201, 201]);
  return path.replace('{ruleId}', (rule.body as { ruleId: string }).ruleId);
}

describe('Apps: authentication and project context on every operation', () => {
  it('covers the 16 documented operations', () => {
    expect(new Set(operations.map(([id]) => id)).size).toBe(16);
    expect(PROJECT_REQUIRED.size + PROJECT_OPTIONAL.size + NO_PROJECT_NEEDED.size).toBe(16);
  });

  it.each(operations)('%s %s %s › succeeds for project, org and member keys', async (_, method, path, body) => {
    for (const who of ['project', 'org', 'member'] as const) {
      app = createApp();
      const headers = headersFor(app, who);
      const res = await app.request(method, `/v1${await prepare(path, headers)}`, { headers, body });
      expect([who, res.status]).toEqual([who, expect.toSatisfy((s: number) => (s >= 200 && s < 300) || s === 302)]);
    }
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key, nothing stored', async (_, method, path, body) => {
    const target = await prepare(path, headersFor(app, 'project'));
    const before = JSON.stringify([[...app.store.appConnections.values()], [...app.store.appConfigs.values()], [...app.store.blocklistRules.values()]]);
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${target}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
    const after = JSON.stringify([[...app.store.appConnections.values()], [...app.store.appConfigs.values()], [...app.store.blocklistRules.values()]]);
    expect(after).toBe(before);
  });

  it.each(operations.filter(([id]) => !NO_PROJECT_NEEDED.has(id)))(
    '%s %s %s › 400 envelope for an org key without X-Project-Id',
    async (_, method, path, body) => {
      const target = await prepare(path, headersFor(app, 'project'));
      const res = await app.request(method, `/v1${target}`, { headers: headersFor(app, 'org', false), body });
      expect([res.status, res.body]).toEqual([400, NO_PROJECT]);
    },
  );

  it.each(operations.filter(([id]) => NO_PROJECT_NEEDED.has(id)))(
    '%s %s %s › needs no project: an org key without X-Project-Id succeeds',
    async (_, method, path) => {
      const res = await app.request(method, `/v1${path}`, { headers: headersFor(app, 'org', false) });
      expect(res.status).toBe(200);
    },
  );

  it.each(operations.filter(([id]) => PROJECT_REQUIRED.has(id)))(
    '%s %s %s › enterprise: 401 envelope for an org key without X-Project-Id (strict mode)',
    async (_, method, path, body) => {
      app = createApp({ edition: 'enterprise' });
      const res = await app.request(method, `/v1${path.replace('{ruleId}', 'r')}`, { headers: headersFor(app, 'org', false), body });
      expect([res.status, res.body]).toEqual([401, { error: { message: 'X-Project-Id header is required', type: 'authentication_error' } }]);
    },
  );

  it.each(operations.filter(([, , path]) => path.includes('{provider}') || /\/apps\/(github|gmail|linear)/.test(path)))(
    '%s %s %s › 404 envelope for an unknown provider',
    async (id, method, path, body) => {
      const unknown = path.replace(/\/apps\/[a-z-]+/, '/apps/nope').replace('{ruleId}', 'r');
      const res = await call(method, unknown, body);
      const message = id.includes('Blocklist') ? 'Unknown provider' : 'Unknown provider: nope';
      expect([res.status, res.body]).toEqual([404, notFound(message)]);
    },
  );

  it('serves every operation on the community edition too', async () => {
    app = createApp({ edition: 'community' });
    const res = await app.request('GET', '/v1/apps', { headers: headersFor(app, 'project') });
    expect(res.status).toBe(200);
  });
});

describe('Apps: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['upsertAppConfig', 'POST', '/apps/gmail/config', 'clientId must be a string (received number)', { clientId: 1 }],
    ['upsertAppConfig', 'POST', '/apps/gmail/config', 'body must be a JSON object (received array)', []],
    ['toggleAppConfig', 'PATCH', '/apps/gmail/config/toggle', 'enabled is required', {}],
    ['toggleAppConfig', 'PATCH', '/apps/gmail/config/toggle', 'enabled must be a boolean (received string)', { enabled: 'no' }],
    [
      'addBlocklistEntry',
      'POST',
      '/apps/github/blocklist',
      'Provide either { hostId } or { name, hostPattern } (hostId must be a string, received number)',
      { hostId: 1 },
    ],
    [
      'addBlocklistEntry',
      'POST',
      '/apps/github/blocklist',
      'Provide either { hostId } or { name, hostPattern }, not both',
      { hostId: 'github-gist', name: 'n', hostPattern: 'h.example' },
    ],
    ['toggleBlocklistRule', 'PATCH', '/apps/github/blocklist/{ruleId}', 'enabled must be a boolean (received string)', { enabled: 'no' }],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = await prepare(path, headersFor(app, 'project'));
    const before = storeSnapshot(app);
    const res = await call(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Apps listApps GET /apps', () => {
  it('lists every catalogue app with every documented property', async () => {
    const res = await call('GET', '/apps');
    expect(res.status).toBe(200);
    const apps = res.body as Record<string, unknown>[];
    expect(apps.map((a) => a['id'])).toEqual(catalogApps().map((a) => a.id));
    for (const item of apps) {
      expect(item).toEqual({
        id: expect.any(String),
        name: expect.any(String),
        available: expect.any(Boolean),
        connectionType: expect.stringMatching(/^(oauth|credentials_import|api_key|cloud_only)$/),
        configurable: expect.any(Boolean),
        config: null,
        connections: [],
        credentialStubs: [],
      });
    }
    expect(new Set(apps.map((a) => a['connectionType']))).toEqual(new Set(['oauth', 'credentials_import', 'api_key', 'cloud_only']));
  });

  it('shows the configuration, the connections and, once connected, the credential stubs', async () => {
    await call('POST', '/apps/gmail/config', { clientId: 'id' });
    await connect('aws', { fields: { accessKeyId: 'AKIA', secretAccessKey: 's' }, label: 'Prod' });
    const apps = (await call('GET', '/apps')).body as Record<string, unknown>[];
    const gmail = apps.find((a) => a['id'] === 'gmail')!;
    expect(gmail['config']).toEqual({ hasCredentials: false, enabled: true });
    const aws = apps.find((a) => a['id'] === 'aws')!;
    expect(aws['connections']).toEqual([
      { id: expect.stringMatching(UUID), label: 'Prod', status: 'connected', scopes: [], connectedAt: expect.stringMatching(ISO_DATE_TIME) },
    ]);
    expect(aws['credentialStubs']).toEqual([{ path: '~/.aws/credentials', content: expect.any(Object) }]);
  });

  it("uses the organization's enabled configuration when the project has none", async () => {
    const config = seedOrgConfig(app, 'gmail', { clientId: 'id', clientSecret: 'secret' });
    const gmail = ((await call('GET', '/apps')).body as Record<string, unknown>[]).find((a) => a['id'] === 'gmail')!;
    expect(gmail['config']).toEqual({ hasCredentials: true, enabled: true });
    config.enabled = false;
    const after = ((await call('GET', '/apps')).body as Record<string, unknown>[]).find((a) => a['id'] === 'gmail')!;
    expect(after['config']).toBeNull();
  });
});

describe('Apps getApp GET /apps/{provider}', () => {
  it('describes one app with its hint and its connections, organization ones included', async () => {
    await connect('stripe', { fields: { secretKey: 'sk' }, label: 'Mine' });
    seedOrgConnection(app, 'stripe', 'Org');
    const res = await call('GET', '/apps/stripe');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ id: 'stripe', name: 'Stripe', connectionType: 'api_key', hint: expect.any(String) }));
    expect((res.body as { connections: { label: string }[] }).connections.map((c) => c.label).sort()).toEqual(['Mine', 'Org']);
  });

  it('is case-sensitive on the provider id', async () => {
    expect((await call('GET', '/apps/GitHub')).status).toBe(404);
  });
});

describe('Apps authorizeApp GET /apps/{provider}/authorize', () => {
  it('answers 302 with a Location to the consent page (environment credentials)', async () => {
    const res = await call('GET', '/apps/github/authorize?agent_name=claude');
    expect([res.status, res.text]).toEqual([302, '']);
    const location = new URL(res.headers['location']!);
    expect(location.origin + location.pathname).toBe('https://github.com/login/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe('onecli-github');
    expect(location.searchParams.get('state')).toMatch(UUID);
  });

  it('needs client credentials: 400 envelope, then 302 once the project (or its organization) configures them', async () => {
    const before = await call('GET', '/apps/gmail/authorize');
    expect([before.status, before.body]).toEqual([400, badRequest('Gmail is not configured. Missing required credentials.')]);
    seedOrgConfig(app, 'gmail', { clientId: 'org-client', clientSecret: 's' });
    const viaOrg = await call('GET', '/apps/gmail/authorize');
    expect(new URL(viaOrg.headers['location']!).searchParams.get('client_id')).toBe('org-client');
    await call('POST', '/apps/gmail/config', { clientId: 'project-client', clientSecret: 's' });
    const own = await call('GET', '/apps/gmail/authorize');
    expect([own.status, new URL(own.headers['location']!).searchParams.get('client_id')]).toEqual([302, 'project-client']);
  });

  it.each([
    ['a direct-credentials app', 'linear'],
    ['an unavailable app', 'salesforce'],
  ])('answers 400 envelope for %s', async (_, provider) => {
    const res = await call('GET', `/apps/${provider}/authorize`);
    expect([res.status, res.body]).toEqual([400, badRequest(`Provider "${provider}" is not available for OAuth`)]);
  });

  it('reconnects a known connectionId and answers 404 envelope for an unknown one', async () => {
    const unknown = await call('GET', '/apps/github/authorize?connectionId=nope');
    expect([unknown.status, unknown.body]).toEqual([404, notFound('Connection not found')]);
    await connect('linear', { fields: { apiKey: 'k' } });
    const [linear] = await connections();
    const otherProvider = await call('GET', `/apps/github/authorize?connectionId=${linear!.id}`);
    expect(otherProvider.status).toBe(404);
  });
});

describe('Apps connectApp POST /apps/{provider}/connect', () => {
  it('creates a project connection with every AppConnection property', async () => {
    await connect('linear', { fields: { apiKey: 'lin_api_x' }, label: 'Work' });
    expect(await connections()).toEqual([
      {
        id: expect.stringMatching(UUID),
        provider: 'linear',
        label: 'Work',
        status: 'connected',
        scopes: [],
        scope: 'project',
        metadata: { method: 'api_key' },
        connectedAt: expect.stringMatching(ISO_DATE_TIME),
      },
    ]);
  });

  it('refreshes the connection with the same label (case-insensitive) instead of adding one', async () => {
    await connect('linear', { fields: { apiKey: 'a' }, label: 'Work' });
    await connect('linear', { fields: { apiKey: 'b' }, label: 'work' });
    await connect('linear', { fields: { apiKey: 'c' }, label: 'Home' });
    expect((await connections()).map((c) => c.label).sort()).toEqual(['Home', 'work']);
  });

  it('without a label refreshes the first existing connection; with connectionId refreshes that one', async () => {
    await connect('linear', { fields: { apiKey: 'a' } });
    await connect('linear', { fields: { apiKey: 'b' }, label: '   ' });
    expect(await connections()).toHaveLength(1);
    await connect('linear', { fields: { apiKey: 'c' }, label: 'Second' });
    const first = (await connections()).find((c) => c.label === null)!;
    await connect('linear', { fields: { apiKey: 'd' }, connectionId: first.id, label: 'Renamed' });
    expect((await connections()).map((c) => c.label).sort()).toEqual(['Renamed', 'Second']);
    expect(app.store.appConnections.get(first.id)!.credentials).toEqual({ apiKey: 'd' });
  });

  it('uses the named method and its required fields', async () => {
    await connect('stripe', { fields: { restrictedKey: 'rk' }, method: 'restricted_key' });
    expect((await connections())[0]).toEqual(expect.objectContaining({ provider: 'stripe', metadata: { method: 'restricted_key' } }));
  });

  it.each<[string, string, unknown, string]>([
    ['an OAuth app', 'github', { fields: {} }, 'Provider "github" uses OAuth flow, not direct credentials'],
    ['an unavailable app', 'salesforce', { fields: {} }, 'Provider "salesforce" is not available'],
    ['an unknown method', 'stripe', { fields: { secretKey: 'x' }, method: 'oauth' }, 'Provider "stripe" has no "oauth" connection method'],
    ['a missing required field', 'aws', { fields: { accessKeyId: 'x' } }, 'Secret access key is required'],
    ['an empty required field', 'linear', { fields: { apiKey: '' } }, 'API key is required'],
  ])('answers 400 envelope for %s, storing nothing', async (_, provider, body, message) => {
    const res = await call('POST', `/apps/${provider}/connect`, body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
    expect(app.store.appConnections.size).toBe(0);
  });

  it.each([
    ['an unknown connectionId', 'nope'],
    ['a connection of another project', 'foreign'],
  ])('answers 404 envelope for %s', async (_, connectionId) => {
    const other = addProject(app);
    await call('POST', '/apps/linear/connect', { fields: { apiKey: 'k' } }, 'project', other.headers);
    const foreign = [...app.store.appConnections.values()][0]!.id;
    const res = await call('POST', '/apps/linear/connect', { fields: { apiKey: 'k' }, connectionId: connectionId === 'foreign' ? foreign : connectionId });
    expect([res.status, res.body]).toEqual([404, notFound('Connection not found')]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{"fields":'],
    ['a JSON array', []],
    ['fields missing', { label: 'x' }],
    ['fields null', { fields: null }],
    ['fields an array', { fields: ['k'] }],
    ['a numeric field value', { fields: { apiKey: 42 } }],
    ['a nested field value', { fields: { apiKey: { v: 'k' } } }],
    ['a numeric label', { fields: { apiKey: 'k' }, label: 42 }],
    ['a null label', { fields: { apiKey: 'k' }, label: null }],
    ['a boolean connectionId', { fields: { apiKey: 'k' }, connectionId: true }],
    ['a numeric method', { fields: { apiKey: 'k' }, method: 1 }],
  ])('rejects %s with 400 flat (never a 500)', async (_, body) => {
    const res = await call('POST', '/apps/linear/connect', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
    expect(app.store.appConnections.size).toBe(0);
  });

  it('validates the body before the provider', async () => {
    const res = await call('POST', '/apps/nope/connect', { fields: { apiKey: 1 } });
    expect([res.status, res.body]).toEqual([400, { error: 'fields.apiKey must be a string (received number)' }]);
  });

  it('accepts unknown extra properties and extra fields', async () => {
    await connect('linear', { fields: { apiKey: 'k', extra: 'x' }, workspace: { a: 1 } });
    expect(app.store.appConnections.size).toBe(1);
  });
});

describe('Apps getAppConfig / upsertAppConfig / deleteAppConfig / toggleAppConfig /apps/{provider}/config', () => {
  it('reads an empty state before any configuration', async () => {
    const res = await call('GET', '/apps/gmail/config');
    expect([res.status, res.body]).toEqual([200, { settings: {}, hasCredentials: false, enabled: false }]);
  });

  it('stores a configuration (201) and returns only its non-secret settings', async () => {
    const res = await call('POST', '/apps/gmail/config', { clientId: '1234.apps.googleusercontent.com', clientSecret: 'GOCSPX-x', other: 'dropped' });
    expect([res.status, res.body]).toEqual([201, SUCCESS]);
    const state = await call('GET', '/apps/gmail/config');
    expect(state.body).toEqual({ settings: { clientId: '1234.apps.googleusercontent.com' }, hasCredentials: true, enabled: true });
  });

  it('keeps a stored value when a later upsert leaves it out or empty', async () => {
    await call('POST', '/apps/gmail/config', { clientId: 'a', clientSecret: 's' });
    await call('POST', '/apps/gmail/config', { clientId: 'b', clientSecret: '' });
    expect((await call('GET', '/apps/gmail/config')).body).toEqual({ settings: { clientId: 'b' }, hasCredentials: true, enabled: true });
    await call('POST', '/apps/gmail/config', {});
    expect((await call('GET', '/apps/gmail/config')).body).toEqual({ settings: { clientId: 'b' }, hasCredentials: true, enabled: true });
  });

  it("shows the organization's enabled configuration, without its settings, when the project has none", async () => {
    seedOrgConfig(app, 'gmail', { clientId: 'org', clientSecret: 's' });
    expect((await call('GET', '/apps/gmail/config')).body).toEqual({ settings: {}, hasCredentials: true, enabled: true });
  });

  it('keeps projects apart', async () => {
    const other = addProject(app);
    await call('POST', '/apps/gmail/config', { clientId: 'a' }, 'project', other.headers);
    expect((await call('GET', '/apps/gmail/config')).body).toEqual({ settings: {}, hasCredentials: false, enabled: false });
  });

  it('answers 400 envelope for an app that takes no configuration', async () => {
    const res = await call('POST', '/apps/linear/config', { clientId: 'a' });
    expect([res.status, res.body]).toEqual([400, badRequest('Provider "linear" does not support app configuration')]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['a JSON array', [['clientId', 'a']]],
    ['a JSON string', '"clientId"'],
    ['a numeric value', { clientId: 1 }],
    ['a null value', { clientId: 'a', clientSecret: null }],
    ['an object value', { clientId: { v: 'a' } }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('POST', '/apps/gmail/config', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
    expect(app.store.appConfigs.size).toBe(0);
  });

  it('toggles (200) and deletes (204) the configuration, then answers 404 envelope', async () => {
    await call('POST', '/apps/gmail/config', { clientId: 'a', clientSecret: 's' });
    expect([(await call('PATCH', '/apps/gmail/config/toggle', { enabled: false })).body]).toEqual([SUCCESS]);
    expect((await call('GET', '/apps/gmail/config')).body).toEqual(expect.objectContaining({ enabled: false }));
    const del = await call('DELETE', '/apps/gmail/config');
    expect([del.status, del.text]).toEqual([204, '']);
    for (const [method, body] of [['DELETE', undefined], ['PATCH', { enabled: true }]] as const) {
      const res = await call(method, method === 'PATCH' ? '/apps/gmail/config/toggle' : '/apps/gmail/config', body);
      expect([res.status, res.body]).toEqual([404, notFound('App config not found')]);
    }
  });

  it('does not touch the organization configuration', async () => {
    seedOrgConfig(app, 'gmail', { clientId: 'org' });
    const res = await call('DELETE', '/apps/gmail/config');
    expect(res.status).toBe(404);
    expect(app.store.appConfigs.size).toBe(1);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['enabled missing', {}],
    ['a string enabled', { enabled: 'true' }],
    ['a numeric enabled', { enabled: 1 }],
    ['a null enabled', { enabled: null }],
  ])('toggle rejects %s with 400 flat, before looking the configuration up', async (_, body) => {
    const res = await call('PATCH', '/apps/gmail/config/toggle', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
  });
});

describe('Apps listConfiguredApps GET /apps/configured', () => {
  it("lists enabled configurations of the project and of its organization, once each", async () => {
    expect((await call('GET', '/apps/configured')).body).toEqual([]);
    await call('POST', '/apps/gmail/config', { clientId: 'a' });
    await call('POST', '/apps/slack/config', { clientId: 'a' });
    await call('PATCH', '/apps/slack/config/toggle', { enabled: false });
    seedOrgConfig(app, 'gmail', { clientId: 'o' });
    seedOrgConfig(app, 'github', { clientId: 'o' });
    seedOrgConfig(app, 'notion', {}).enabled = false;
    expect((await call('GET', '/apps/configured')).body).toEqual(['gmail', 'github']);
  });
});

describe('Apps listEnvDefaultApps / listPermissionDefinitions / getPermissionDefinition', () => {
  it('lists the providers with environment credentials', async () => {
    expect((await call('GET', '/apps/env-defaults')).body).toEqual(['github', 'slack', 'notion']);
  });

  it('lists every tool catalogue, read and write groups with their wildcard', async () => {
    const res = await call('GET', '/apps/permission-definitions');
    const definitions = res.body as { provider: string; groups: unknown[] }[];
    expect(definitions.map((d) => d.provider)).toEqual(catalogApps().filter((a) => a.toolGroups).map((a) => a.id));
    for (const d of definitions) {
      expect(d.groups).toEqual([
        { category: 'read', tools: expect.any(Array), wildcard: { id: `${d.provider}:read:*`, name: expect.any(String), description: expect.any(String) } },
        { category: 'write', tools: expect.any(Array), wildcard: { id: `${d.provider}:write:*`, name: expect.any(String), description: expect.any(String) } },
      ]);
    }
  });

  it('returns one catalogue, or 404 envelope for an app without one', async () => {
    const github = await call('GET', '/apps/github/permission-definition');
    expect(github.body).toEqual(expect.objectContaining({ provider: 'github' }));
    const stripe = await call('GET', '/apps/stripe/permission-definition');
    expect([stripe.status, stripe.body]).toEqual([404, notFound('No permission definition for provider: stripe')]);
  });
});

describe('Apps blocklist /apps/{provider}/blocklist', () => {
  const inactive = (hostId: string, name: string, hostPattern: string) => ({ hostId, ruleId: null, enabled: false, custom: false, name, hostPattern, scope: null });

  it('shows the predefined hosts, inactive, with every BlocklistHostState property', async () => {
    const res = await call('GET', '/apps/github/blocklist');
    expect([res.status, res.body]).toEqual([
      200,
      [inactive('github-uploads', 'GitHub uploads', 'uploads.github.com'), inactive('github-gist', 'GitHub Gist', 'gist.github.com')],
    ]);
    expect((await call('GET', '/apps/linear/blocklist')).body).toEqual([]);
  });

  it('activates a predefined host (201), idempotently', async () => {
    const res = await call('POST', '/apps/github/blocklist', { hostId: 'github-gist' });
    const state = { hostId: 'github-gist', ruleId: expect.stringMatching(UUID), enabled: true, custom: false, name: 'GitHub Gist', hostPattern: 'gist.github.com', scope: 'project' };
    expect([res.status, res.body]).toEqual([201, state]);
    const { ruleId } = res.body as { ruleId: string };
    await call('PATCH', `/apps/github/blocklist/${ruleId}`, { enabled: false });
    const again = await call('POST', '/apps/github/blocklist', { hostId: 'github-gist' });
    expect([again.status, again.body]).toEqual([201, { ...state, ruleId }]);
    expect(app.store.blocklistRules.size).toBe(1);
  });

  it('adds a custom rule (201), listed after the predefined hosts; a whitespace-only name is accepted', async () => {
    const res = await call('POST', '/apps/github/blocklist', { name: '  ', hostPattern: 'api.github.com' });
    const ruleId = (res.body as { ruleId: string }).ruleId;
    const state = { hostId: ruleId, ruleId, enabled: true, custom: true, name: '  ', hostPattern: 'api.github.com', scope: 'project' };
    expect([res.status, res.body]).toEqual([201, state]);
    expect(((await call('GET', '/apps/github/blocklist')).body as unknown[])[2]).toEqual(state);
  });

  it.each<[string, unknown, string]>([
    ['an unknown host id', { hostId: 'nope' }, 'Unknown blocklist host ID'],
    ['a host id of another app', { hostId: 'slack-files' }, 'Unknown blocklist host ID'],
  ])('answers 400 envelope for %s', async (_, body, message) => {
    const res = await call('POST', '/apps/github/blocklist', body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
  });

  it('answers 400 envelope for a custom host already blocked (case-insensitive)', async () => {
    await call('POST', '/apps/github/blocklist', { name: 'a', hostPattern: 'api.github.com' });
    const res = await call('POST', '/apps/github/blocklist', { name: 'b', hostPattern: 'API.github.com' });
    expect([res.status, res.body]).toEqual([400, badRequest('This host is already blocked')]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an empty object', {}],
    ['a JSON array', [{ hostId: 'github-gist' }]],
    ['both variants at once', { hostId: 'github-gist', name: 'n', hostPattern: 'h' }],
    ['a numeric hostId', { hostId: 1 }],
    ['name without hostPattern', { name: 'n' }],
    ['hostPattern without name', { hostPattern: 'h' }],
    ['a numeric hostPattern', { name: 'n', hostPattern: 2 }],
    ['a null name', { name: null, hostPattern: 'h' }],
  ])('rejects %s with 400 flat (oneOf: exactly one variant)', async (_, body) => {
    const res = await call('POST', '/apps/github/blocklist', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
    expect(app.store.blocklistRules.size).toBe(0);
  });

  it('accepts a variant with extra properties of any type', async () => {
    const res = await call('POST', '/apps/github/blocklist', { hostId: 'github-gist', name: 5 });
    expect(res.status).toBe(201);
  });

  it('toggles (200) and removes (204) a rule; the host is inactive again', async () => {
    const { ruleId } = (await call('POST', '/apps/github/blocklist', { hostId: 'github-uploads' })).body as { ruleId: string };
    const toggle = await call('PATCH', `/apps/github/blocklist/${ruleId}`, { enabled: false });
    expect([toggle.status, toggle.body]).toEqual([200, SUCCESS]);
    expect(((await call('GET', '/apps/github/blocklist')).body as { enabled: boolean }[])[0]!.enabled).toBe(false);
    const del = await call('DELETE', `/apps/github/blocklist/${ruleId}`);
    expect([del.status, del.text]).toEqual([204, '']);
    expect(((await call('GET', '/apps/github/blocklist')).body as unknown[])[0]).toEqual(inactive('github-uploads', 'GitHub uploads', 'uploads.github.com'));
  });

  it('answers 404 envelope for an unknown rule, one of another app, project or the organization', async () => {
    const { ruleId } = (await call('POST', '/apps/github/blocklist', { hostId: 'github-gist' })).body as { ruleId: string };
    const other = addOrganization(app);
    const foreign = (await call('POST', '/apps/github/blocklist', { hostId: 'github-gist' }, 'project', other.projectHeaders)).body as { ruleId: string };
    const org = { ruleId: seedOrgRule(app, 'github', { hostId: 'github-uploads', name: 'GitHub uploads', hostPattern: 'uploads.github.com' }) };
    for (const path of [
      '/apps/github/blocklist/nope',
      `/apps/slack/blocklist/${ruleId}`,
      `/apps/github/blocklist/${foreign.ruleId}`,
      `/apps/github/blocklist/${org.ruleId}`,
    ]) {
      for (const [method, body] of [['PATCH', { enabled: true }], ['DELETE', undefined]] as const) {
        const res = await call(method, path, body);
        expect([path, res.status, res.body]).toEqual([path, 404, notFound('Blocklist rule not found')]);
      }
    }
  });

  it("shows the organization's rules with scope organization", async () => {
    const org = { ruleId: seedOrgRule(app, 'github', { hostId: 'github-uploads', name: 'GitHub uploads', hostPattern: 'uploads.github.com' }) };
    seedOrgRule(app, 'github', { name: 'API', hostPattern: 'api.github.com' });
    const list = (await call('GET', '/apps/github/blocklist')).body as Record<string, unknown>[];
    expect(list[0]).toEqual(expect.objectContaining({ hostId: 'github-uploads', ruleId: org.ruleId, enabled: true, scope: 'organization' }));
    expect(list[2]).toEqual(expect.objectContaining({ custom: true, hostPattern: 'api.github.com', scope: 'organization' }));
    const own = (await call('POST', '/apps/github/blocklist', { hostId: 'github-uploads' })).body;
    expect(own).toEqual(expect.objectContaining({ scope: 'project', ruleId: expect.not.stringMatching(org.ruleId) }));
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['enabled missing', {}],
    ['a string enabled', { enabled: 'false' }],
  ])('toggle rejects %s with 400 flat', async (_, body) => {
    const res = await call('PATCH', '/apps/github/blocklist/any', body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
  });
});
