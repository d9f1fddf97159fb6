import { describe, expect, it } from 'vitest';
import { headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { createApp } from '../app.ts';
import { insertConnection, insertOrgSecret, insertVaultConnection } from '../store/index.ts';

describe('Utility getHealth GET /health', () => {
  it.each<[string, (app: ReturnType<typeof createApp>) => Record<string, string>]>([
    ['no credentials', () => ({})],
    ['an invalid key', () => ({ Authorization: 'Bearer oc_invalid' })],
    ['the partner key', (app) => headersFor(app, 'partner')],
  ])('answers 200 {status, version, timestamp} with %s', async (_, headers) => {
    const app = createApp();
    const res = await app.request('GET', '/v1/health', { headers: headers(app) });
    expect([res.status, res.body]).toEqual([
      200,
      { status: 'ok', version: expect.any(String), timestamp: expect.stringMatching(ISO_DATE_TIME) },
    ]);
  });
});

describe('Utility getCounts / listVaults: authentication', () => {
  const operations: [string, string][] = [
    ['getCounts', '/counts'],
    ['listVaults', '/vaults'],
  ];

  it.each(operations)('%s GET %s › 200 for project, org and member keys', async (_, path) => {
    const app = createApp();
    for (const caller of ['project', 'org', 'member'] as const) {
      expect([caller, (await app.request('GET', `/v1${path}`, { headers: headersFor(app, caller) })).status]).toEqual([caller, 200]);
    }
  });

  it.each(operations)('%s GET %s › 401 envelope without a valid key', async (_, path) => {
    const app = createApp();
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request('GET', `/v1${path}`, { headers });
      expect([res.status, res.body]).toEqual([401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }]);
    }
  });

  it.each(operations)('%s GET %s › 400 envelope for an org key without X-Project-Id', async (_, path) => {
    const app = createApp();
    const res = await app.request('GET', `/v1${path}`, { headers: headersFor(app, 'org', false) });
    expect([res.status, res.body]).toEqual([400, { error: { message: 'X-Project-Id header is required', type: 'invalid_request_error' } }]);
  });
});

describe('Utility getCounts GET /counts', () => {
  it('counts the seeded default agent and nothing else', async () => {
    const app = createApp();
    const res = await app.request('GET', '/v1/counts', { headers: headersFor(app, 'project') });
    expect([res.status, res.body]).toEqual([200, { agents: 1, apps: 0, llms: 0, secrets: 0 }]);
  });

  it('counts agents, connected apps, LLM keys and generic secrets of the project and its organization', async () => {
    const app = createApp();
    const headers = headersFor(app, 'project');
    const post = (path: string, body: unknown) => app.request('POST', `/v1${path}`, { headers, body });
    await post('/agents', { name: 'Second', identifier: 'second' });
    await post('/secrets', { name: 'A', type: 'anthropic', value: 'sk-ant-1', hostPattern: 'api.anthropic.com' });
    await post('/secrets', { name: 'O', type: 'openai', value: 'sk-1', hostPattern: 'api.openai.com' });
    await post('/secrets', { name: 'G', type: 'generic', value: 'g', hostPattern: 'x.com', injectionConfig: { headerName: 'X' } });
    insertOrgSecret(app.store, app.keys.orgId, { name: 'Org G', type: 'generic', value: 'v', hostPattern: 'y.com', injectionConfig: { paramName: 'k' } });
    const projectId = app.keys.projectId;
    app.store.appConnections.set('c1', { id: 'c1', projectId, provider: 'github', label: null, createdAt: '' });
    app.store.appConnections.set('c2', { id: 'c2', projectId: 'other', provider: 'github', label: null, createdAt: '' });
    app.store.secrets.set('foreign', { id: 'foreign', projectId: 'other', name: 'F', createdAt: '' });
    const res = await app.request('GET', '/v1/counts', { headers });
    expect([res.status, res.body]).toEqual([200, { agents: 2, apps: 1, llms: 2, secrets: 2 }]);
  });

  it("counts the organization's connections too", async () => {
    const app = createApp();
    const input = { provider: 'github', label: null, scopes: [], credentials: {}, metadata: null };
    insertConnection(app.store, { scope: 'organization', orgId: app.keys.orgId }, input);
    insertConnection(app.store, { scope: 'organization', orgId: 'another-org' }, input);
    const res = await app.request('GET', '/v1/counts', { headers: headersFor(app, 'project') });
    expect((res.body as { apps: number }).apps).toBe(1);
  });

  it('does not count a disconnected app', async () => {
    const app = createApp();
    const connection = { id: 'c1', projectId: app.keys.projectId, provider: 'github', label: null, createdAt: '', status: 'error' };
    app.store.appConnections.set('c1', connection);
    const res = await app.request('GET', '/v1/counts', { headers: headersFor(app, 'project') });
    expect((res.body as { apps: number }).apps).toBe(0);
  });
});

describe('Utility listVaults GET /vaults', () => {
  it('starts empty', async () => {
    const app = createApp();
    const res = await app.request('GET', '/v1/vaults', { headers: headersFor(app, 'project') });
    expect([res.status, res.body]).toEqual([200, []]);
  });

  it("lists the project's vault connections with every VaultConnection property", async () => {
    const app = createApp();
    const vault = insertVaultConnection(app.store, { projectId: app.keys.projectId });
    insertVaultConnection(app.store, { projectId: app.keys.projectId, status: 'disconnected', name: null, lastConnectedAt: null });
    insertVaultConnection(app.store, { projectId: 'other-project' });
    const res = await app.request('GET', '/v1/vaults', { headers: headersFor(app, 'project') });
    expect([res.status, res.body]).toEqual([
      200,
      [
        { id: vault.id, provider: 'onepassword', status: 'connected', name: '1Password', lastConnectedAt: expect.stringMatching(ISO_DATE_TIME) },
        { id: expect.stringMatching(UUID), provider: 'onepassword', status: 'disconnected', name: null, lastConnectedAt: null },
      ],
    ]);
  });
});
