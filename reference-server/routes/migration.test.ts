import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import type { Edition } from '../edition.ts';
import { isUri } from './migration.ts';

const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const flat = { error: expect.any(String) };
const CLOUD_KEY = `oc_${'a'.repeat(64)}`;
const EMPTY = { imported: { secrets: 0, agents: 1, agentSecrets: 0, rules: 0 }, skipped: [] };

let app: App;

function call(method: string, path: string, body?: unknown, caller: Caller = 'project') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller), body });
}

beforeEach(() => {
  app = createApp({ edition: 'community' });
});

describe('Migration migrateExport POST /migrate/export: editions and authentication', () => {
  it.each<[Edition, number]>([
    ['community', 200],
    ['enterprise', 200],
    ['cloud', 404],
  ])('on %s answers %i', async (edition, status) => {
    app = createApp({ edition });
    const res = await call('POST', '/migrate/export', { cloudApiKey: CLOUD_KEY });
    expect(res.status).toBe(status);
    if (status === 404) expect(res.body).toEqual({ error: expect.objectContaining({ type: 'invalid_request_error', message: expect.stringMatching(/^Unrecognized request URL/) }) });
  });

  it.each(['project', 'org', 'member'] as const)('succeeds for the %s key', async (caller) => {
    expect((await call('POST', '/migrate/export', { cloudApiKey: CLOUD_KEY }, caller)).status).toBe(200);
  });

  it('answers 401 envelope without a valid key', async () => {
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request('POST', '/v1/migrate/export', { headers, body: { cloudApiKey: CLOUD_KEY } });
      expect([res.status, res.body]).toEqual([401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }]);
    }
  });

  it('answers 401 envelope for an org key without X-Project-Id on community (and 401 strict on enterprise)', async () => {
    const res = await app.request('POST', '/v1/migrate/export', { headers: headersFor(app, 'org', false), body: { cloudApiKey: CLOUD_KEY } });
    expect([res.status, res.body]).toEqual([401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }]);
    app = createApp({ edition: 'enterprise' });
    const strict = await app.request('POST', '/v1/migrate/export', { headers: headersFor(app, 'org', false), body: { cloudApiKey: CLOUD_KEY } });
    expect([strict.status, strict.body]).toEqual([401, { error: { message: 'X-Project-Id header is required', type: 'authentication_error' } }]);
  });
});

describe('Migration: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, unknown, string]>([
    ['cloudApiKey missing', { cloudUrl: 'https://api.onecli.sh' }, 'cloudApiKey is required'],
    ['a numeric cloudApiKey', { cloudApiKey: 1 }, 'cloudApiKey must be a string (received number)'],
    ['a relative cloudUrl', { cloudApiKey: CLOUD_KEY, cloudUrl: 'api.onecli.sh' }, 'cloudUrl must be an absolute URI (RFC 3986), e.g. https://api.onecli.sh'],
  ])('migrateExport POST /migrate/export › %s', async (_, body, message) => {
    const before = storeSnapshot(app);
    const res = await call('POST', '/migrate/export', body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Migration migrateExport POST /migrate/export', () => {
  it("takes the contract's placeholder key (oc_...) as a project key", async () => {
    const res = await call('POST', '/migrate/export', { cloudApiKey: 'oc_...' });
    expect([res.status, res.body]).toEqual([200, EMPTY]);
  });

  it('reports the seeded project: one agent, nothing else', async () => {
    const res = await call('POST', '/migrate/export', { cloudApiKey: CLOUD_KEY, cloudUrl: 'https://api.onecli.sh' });
    expect([res.status, res.body]).toEqual([200, EMPTY]);
  });

  it('counts secrets, agents, assignments and rules; skips 1Password-backed secrets; changes nothing', async () => {
    const post = (path: string, body: unknown) => call('POST', path, body);
    const inline = (await post('/secrets', { name: 'A', type: 'anthropic', value: 'sk-ant-1', hostPattern: 'api.anthropic.com' })).body as { id: string };
    const op = (await post('/secrets', { name: 'OP', type: 'openai', valueSource: 'onepassword', opRef: 'op://v/i/f', hostPattern: 'api.openai.com' })).body as { id: string };
    const agent = (await post('/agents', { name: 'Worker', identifier: 'worker' })).body as { id: string };
    await call('PUT', `/agents/${agent.id}/secrets`, { secretIds: [inline.id, op.id] });
    await post('/rules', { name: 'R', hostPattern: 'api.github.com', action: 'block', enabled: true });
    const before = JSON.stringify([...app.store.secrets.values(), ...app.store.rules.values()]);
    const res = await call('POST', '/migrate/export', { cloudApiKey: CLOUD_KEY });
    expect([res.status, res.body]).toEqual([
      200,
      {
        imported: { secrets: 1, agents: 2, agentSecrets: 1, rules: 1 },
        skipped: [{ type: 'secret', name: 'OP', reason: expect.any(String) }],
      },
    ]);
    expect(JSON.stringify([...app.store.secrets.values(), ...app.store.rules.values()])).toBe(before);
  });

  it.each([
    ['a cloud key that is not a project key', { cloudApiKey: 'not-a-key' }, 'Cloud import failed: Invalid API key or token.'],
    ['an empty cloud key', { cloudApiKey: '' }, 'Cloud import failed: Invalid API key or token.'],
    ['an organization key', { cloudApiKey: 'oc_org_abc' }, 'Cloud import failed: Invalid API key or token.'],
    ['a partner key', { cloudApiKey: 'oc_partner_abc' }, 'Cloud import failed: Invalid API key or token.'],
    ['a non-http cloudUrl', { cloudApiKey: CLOUD_KEY, cloudUrl: 'ftp://files.example.com' }, 'Cloud import failed: cloudUrl must be an http(s) URL'],
  ])('answers 400 envelope for %s (schema-valid, the simulated import fails)', async (_, body, message) => {
    const res = await call('POST', '/migrate/export', body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{"cloudApiKey":'],
    ['cloudApiKey missing', {}],
    ['a numeric cloudApiKey', { cloudApiKey: 1 }],
    ['a relative cloudUrl', { cloudApiKey: CLOUD_KEY, cloudUrl: '/v1' }],
    ['a cloudUrl with a space', { cloudApiKey: CLOUD_KEY, cloudUrl: 'https://api onecli.sh' }],
    ['an empty cloudUrl', { cloudApiKey: CLOUD_KEY, cloudUrl: '' }],
    ['a null cloudUrl', { cloudApiKey: CLOUD_KEY, cloudUrl: null }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('POST', '/migrate/export', body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });
});

describe('Migration isUri (format: uri)', () => {
  it.each(['https://api.onecli.sh', 'http://localhost:10254/v1?x=1#y', 'http://[::1]:8080/', 'http://[v7.a]/', 'mailto:ops@example.com', 'urn:isbn:0451450523', 'file:///etc/hosts', 'https://a/%20'])(
    'accepts %s',
    (value) => expect(isUri(value)).toBe(true),
  );

  it.each(['', 'api.onecli.sh', '/v1', '//host/x', 'https://exa mple.com', 'https://a/%zz', 'https://é.com', 'http://[1:2]/', 'http://a/"', 'x:', '1http://a'])(
    'rejects %s',
    (value) => expect(isUri(value)).toBe(false),
  );
});
