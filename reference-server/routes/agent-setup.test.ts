import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor } from '../__test-helpers__/callers.ts';
import { type App, createApp } from '../app.ts';
import { insertOrgSecret } from '../store/index.ts';

const notFound = (message: string) => ({ error: { message, type: 'not_found_error' } });
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const PEM = /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/;

let app: App;

function call(path: string, caller: Caller = 'project') {
  return app.request('GET', `/v1${path}`, { headers: headersFor(app, caller) });
}

function post(path: string, body: unknown) {
  return app.request('POST', `/v1${path}`, { headers: headersFor(app, 'project'), body });
}

const defaultAgent = () => [...app.store.agents.values()].find((a) => a.isDefault)!;

beforeEach(() => {
  app = createApp();
});

const operations: [string, string][] = [
  ['getContainerConfig', '/container-config'],
  ['listCredentialStubs', '/credential-stubs'],
  ['getCredentialStub', '/credential-stubs/codex'],
  ['getGatewaySkill', '/skill/gateway'],
];

describe('Agent Setup: authentication on every operation', () => {
  it.each(operations)('%s GET %s › 200 for project, org and member keys', async (_, path) => {
    for (const caller of ['project', 'org', 'member'] as const) {
      expect([caller, (await call(path, caller)).status]).toEqual([caller, 200]);
    }
  });

  it.each(operations)('%s GET %s › 401 envelope without a valid key', async (_, path) => {
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request('GET', `/v1${path}`, { headers });
      expect([res.status, res.body]).toEqual([401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }]);
    }
  });

  it.each(operations)('%s GET %s › 400 envelope for an org key without X-Project-Id', async (_, path) => {
    const res = await app.request('GET', `/v1${path}`, { headers: headersFor(app, 'org', false) });
    expect([res.status, res.body]).toEqual([400, badRequest('X-Project-Id header is required')]);
  });
});

describe('Agent Setup getContainerConfig GET /container-config', () => {
  it("returns the default agent's proxy settings, the CA and a warning when no LLM key is available", async () => {
    const res = await call('/container-config');
    const proxy = `http://x:${defaultAgent().accessToken}@host.docker.internal:10255`;
    expect([res.status, res.body]).toEqual([
      200,
      {
        env: {
          HTTPS_PROXY: proxy,
          HTTP_PROXY: proxy,
          https_proxy: proxy,
          http_proxy: proxy,
          NODE_EXTRA_CA_CERTS: '/tmp/onecli-gateway-ca.pem',
          NODE_USE_ENV_PROXY: '1',
          GIT_TERMINAL_PROMPT: '0',
          GIT_HTTP_PROXY_AUTHMETHOD: 'basic',
        },
        caCertificate: expect.stringMatching(PEM),
        caCertificateContainerPath: '/tmp/onecli-gateway-ca.pem',
        credentialStubs: [],
        warnings: [expect.stringContaining('No LLM API key')],
      },
    ]);
  });

  it('uses the agent named by ?agent=', async () => {
    const created = await post('/agents', { name: 'Worker', identifier: 'worker' });
    const token = app.store.agents.get((created.body as { id: string }).id)!.accessToken;
    const res = await call('/container-config?agent=worker');
    expect((res.body as { env: Record<string, string> }).env['HTTPS_PROXY']).toBe(`http://x:${token}@host.docker.internal:10255`);
  });

  it('adds placeholders and the codex stub for the LLM secrets the agent may use, never their values', async () => {
    await post('/secrets', { name: 'A', type: 'anthropic', value: 'sk-ant-secret-value', hostPattern: 'api.anthropic.com' });
    insertOrgSecret(app.store, app.keys.orgId, { name: 'O', type: 'openai', value: 'sk-org-secret-value', hostPattern: 'api.openai.com' });
    const res = await call('/container-config');
    const body = res.body as { env: Record<string, string>; credentialStubs: unknown[]; warnings: string[] };
    expect(body.env).toEqual(expect.objectContaining({ ANTHROPIC_API_KEY: 'placeholder', OPENAI_API_KEY: 'placeholder' }));
    expect(body.credentialStubs).toEqual([{ containerPath: '/root/.codex/auth.json', content: expect.stringContaining('placeholder') }]);
    expect(body.warnings).toEqual([]);
    expect(JSON.stringify(body)).not.toMatch(/secret-value/);
  });

  it('in selective mode, only the assigned secrets count', async () => {
    const created = await post('/secrets', { name: 'A', type: 'anthropic', value: 'sk-ant-1', hostPattern: 'api.anthropic.com' });
    const agent = defaultAgent();
    await app.request('PATCH', `/v1/agents/${agent.id}/secret-mode`, { headers: headersFor(app, 'project'), body: { mode: 'selective' } });
    expect((await call('/container-config')).body).toEqual(expect.objectContaining({ warnings: [expect.any(String)] }));
    await app.request('PUT', `/v1/agents/${agent.id}/secrets`, { headers: headersFor(app, 'project'), body: { secretIds: [(created.body as { id: string }).id] } });
    const env = ((await call('/container-config')).body as { env: Record<string, string> }).env;
    expect(env['ANTHROPIC_API_KEY']).toBe('placeholder');
  });

  it.each([
    ['an unknown identifier', 'nobody'],
    ['an empty identifier', ''],
  ])('answers 404 envelope for %s', async (_, identifier) => {
    const res = await call(`/container-config?agent=${identifier}`);
    expect([res.status, res.body]).toEqual([404, notFound(`No agent with identifier "${identifier}" exists in this project.`)]);
  });

  it('answers 404 envelope for an agent of another project', async () => {
    app.store.agents.set('foreign', { ...defaultAgent(), id: 'foreign', projectId: 'p2', identifier: 'foreign', isDefault: false });
    const res = await call('/container-config?agent=foreign');
    expect(res.status).toBe(404);
  });

  it('answers 404 envelope when the project has no default agent', async () => {
    defaultAgent().isDefault = false;
    const res = await call('/container-config');
    expect([res.status, res.body]).toEqual([404, notFound('No default agent found')]);
  });
});

describe('Agent Setup credential stubs GET /credential-stubs, /credential-stubs/{agent}', () => {
  it('lists codex', async () => {
    expect((await call('/credential-stubs')).body).toEqual({ agents: ['codex'] });
  });

  it('returns the codex stub with every documented property', async () => {
    const res = await call('/credential-stubs/codex');
    expect([res.status, res.body]).toEqual([
      200,
      { agent: 'codex', filePath: '~/.codex/auth.json', content: expect.any(String), authMode: 'api-key', permissions: '0600' },
    ]);
    expect(JSON.parse((res.body as { content: string }).content)).toEqual({ OPENAI_API_KEY: 'placeholder' });
  });

  it.each(['claude', 'Codex', 'codex%20'])('answers 404 envelope for %s', async (agent) => {
    const res = await call(`/credential-stubs/${agent}`);
    expect([res.status, res.body]).toEqual([404, notFound(`No credential stub for agent "${decodeURIComponent(agent)}"`)]);
  });
});

describe('Agent Setup getGatewaySkill GET /skill/gateway', () => {
  it('answers Markdown, not JSON', async () => {
    const res = await call('/skill/gateway');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(res.text).toMatch(/^# Working behind the OneCLI gateway\n/);
    expect(res.body).toBe(res.text);
  });

  it('names the agent framework, lower-cased', async () => {
    const res = await call('/skill/gateway?agent_framework=Claude-Code');
    expect(res.text).toMatch(/^# Working behind the OneCLI gateway \(claude-code\)\n/);
  });
});
