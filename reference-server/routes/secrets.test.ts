import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import { createPartnerOrg, detachPartnerOrg, insertOrgSecret, insertPartnerSecret } from '../store/index.ts';

const notFound = (message: string) => ({ error: { message, type: 'not_found_error' } });
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const flat = { error: expect.any(String) };
const SUCCESS = { success: true };

let app: App;

function call(method: string, path: string, body?: unknown, caller: Caller = 'project') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller), body });
}

const ANTHROPIC = { name: 'Anthropic Production', type: 'anthropic', value: 'sk-ant-api03-abcdefgh', hostPattern: 'api.anthropic.com' };
const GENERIC = {
  name: 'Stripe',
  type: 'generic',
  value: 'sk_live_123456789',
  hostPattern: 'api.stripe.com',
  injectionConfig: { headerName: 'Authorization', valueFormat: 'Bearer {value}' },
};

async function createSecret(body: Record<string, unknown> = ANTHROPIC): Promise<string> {
  const res = await call('POST', '/secrets', body);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

beforeEach(() => {
  app = createApp();
});

/** Every Secrets operation, with a request the contract accepts. */
const operations: [string, string, string, unknown][] = [
  ['listSecrets', 'GET', '/secrets', undefined],
  ['createSecret', 'POST', '/secrets', ANTHROPIC],
  ['updateSecret', 'PATCH', '/secrets/{id}', { name: 'Renamed' }],
  ['deleteSecret', 'DELETE', '/secrets/{id}', undefined],
];

describe('Secrets: authentication on every operation', () => {
  const withSecret = async (path: string) => (path.includes('{id}') ? path.replace('{id}', await createSecret()) : path);

  it.each(operations)('%s %s %s › succeeds for project, org and member keys', async (_, method, path, body) => {
    for (const caller of ['project', 'org', 'member'] as const) {
      app = createApp();
      const res = await call(method, await withSecret(path), body, caller);
      expect([caller, res.status]).toEqual([caller, expect.toSatisfy((s: number) => s >= 200 && s < 300)]);
    }
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key, nothing changed', async (_, method, path, body) => {
    const target = await withSecret(path);
    const before = JSON.stringify([...app.store.secrets.values()]);
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${target}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }]);
    }
    expect(JSON.stringify([...app.store.secrets.values()])).toBe(before);
  });

  it.each(operations)('%s %s %s › 400 envelope for an org key without X-Project-Id', async (_, method, path, body) => {
    const res = await app.request(method, `/v1${await withSecret(path)}`, { headers: headersFor(app, 'org', false), body });
    expect([res.status, res.body]).toEqual([400, badRequest('X-Project-Id header is required')]);
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown secret or one of another project',
    async (_, method, path, body) => {
      app.store.projects.set('p2', { id: 'p2', orgId: app.keys.orgId, name: 'P2', createdAt: '' });
      app.store.secrets.set('foreign', { id: 'foreign', projectId: 'p2', name: 'F', createdAt: '' });
      for (const id of ['does-not-exist', 'foreign']) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, notFound('Secret not found')]);
      }
    },
  );

  it.each(['community', 'enterprise'] as const)('is served on %s too', async (edition) => {
    app = createApp({ edition });
    expect((await call('GET', '/secrets')).status).toBe(200);
  });
});

describe('Secrets: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['createSecret', 'POST', '/secrets', 'type is required', { name: 'n', value: 'v', hostPattern: 'h' }],
    ['createSecret', 'POST', '/secrets', 'type must be one of: anthropic, openai, generic (received "aws")', { ...ANTHROPIC, type: 'aws' }],
    ['createSecret', 'POST', '/secrets', 'value must be at most 10000 characters (received 10001)', { ...ANTHROPIC, value: 'v'.repeat(10001) }],
    ['updateSecret', 'PATCH', '/secrets/{id}', 'name must be at least 1 character(s) long (received 0)', { name: '' }],
    ['updateSecret', 'PATCH', '/secrets/{id}', 'pathPattern must be a string (received number)', { pathPattern: 5 }],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = path.replace('{id}', await createSecret(GENERIC));
    const before = storeSnapshot(app);
    const res = await call(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Secrets createSecret POST /secrets', () => {
  it('answers 201 with every SecretCreated property and a masked preview', async () => {
    const res = await call('POST', '/secrets', ANTHROPIC);
    expect([res.status, res.body]).toEqual([
      201,
      {
        id: expect.stringMatching(UUID),
        name: 'Anthropic Production',
        type: 'anthropic',
        valueSource: 'inline',
        opRef: '',
        hostPattern: 'api.anthropic.com',
        pathPattern: null,
        createdAt: expect.stringMatching(ISO_DATE_TIME),
        preview: 'sk-a\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022efgh',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(ANTHROPIC.value);
  });

  it('masks a short value entirely', async () => {
    const res = await call('POST', '/secrets', { ...ANTHROPIC, value: 'short' });
    expect((res.body as { preview: string }).preview).toBe('\u2022'.repeat(8));
  });

  it('stores a 1Password reference without a value', async () => {
    const body = { name: 'OP', type: 'openai', valueSource: 'onepassword', opRef: 'op://Vault/Item/field', opDisplay: { vault: 'Vault' }, hostPattern: 'api.openai.com' };
    const res = await call('POST', '/secrets', body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ valueSource: 'onepassword', opRef: 'op://Vault/Item/field' }));
    const [listed] = (await call('GET', '/secrets')).body as Record<string, unknown>[];
    expect(listed).toEqual(expect.objectContaining({ opRef: 'op://Vault/Item/field', metadata: { opDisplay: { vault: 'Vault' } } }));
  });

  it.each([
    ['a header injection', { headerName: 'X-Api-Key' }],
    ['a header injection with a format', { headerName: 'Authorization', valueFormat: 'Bearer {value}' }],
    ['a query parameter injection', { paramName: 'key', paramFormat: '{value}' }],
    ['a path template injection', { pathTemplate: '/bot{value}/' }],
    ['a path regex injection', { pathRegex: '^/v1/', pathReplacement: '/v1/{value}/' }],
  ])('accepts a generic secret with %s', async (_, injection) => {
    const res = await call('POST', '/secrets', { ...GENERIC, value: 'abc123', injectionConfig: injection });
    expect(res.status).toBe(201);
    const [listed] = (await call('GET', '/secrets')).body as Record<string, unknown>[];
    expect(listed!['injectionConfig']).toEqual(injection);
  });

  it.each([
    ['a whitespace-only name', { ...ANTHROPIC, name: '   ' }],
    ['a 255-character name', { ...ANTHROPIC, name: 'x'.repeat(255) }],
    ['a 10000-character value', { ...ANTHROPIC, value: 'v'.repeat(10000) }],
    ['an empty hostPattern', { ...ANTHROPIC, hostPattern: '' }],
    ['a 1000-character pathPattern', { ...ANTHROPIC, pathPattern: '/'.repeat(1000) }],
    ['a null injectionConfig on a non-generic secret', { ...ANTHROPIC, injectionConfig: null }],
    ['an empty opDisplay', { ...ANTHROPIC, opDisplay: {} }],
    ['unknown extra keys', { ...ANTHROPIC, color: 'red', nested: { a: 1 } }],
  ])('accepts %s', async (_, body) => {
    expect((await call('POST', '/secrets', body)).status).toBe(201);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{"name":'],
    ['a JSON array', []],
    ['name missing', { type: 'anthropic', value: 'v', hostPattern: 'h' }],
    ['type missing', { name: 'n', value: 'v', hostPattern: 'h' }],
    ['hostPattern missing', { name: 'n', type: 'anthropic', value: 'v' }],
    ['an empty name', { ...ANTHROPIC, name: '' }],
    ['a 256-character name', { ...ANTHROPIC, name: 'x'.repeat(256) }],
    ['an unknown type', { ...ANTHROPIC, type: 'aws' }],
    ['an unknown valueSource', { ...ANTHROPIC, valueSource: 'vault' }],
    ['an empty value', { ...ANTHROPIC, value: '' }],
    ['a 10001-character value', { ...ANTHROPIC, value: 'v'.repeat(10001) }],
    ['a numeric value', { ...ANTHROPIC, value: 123 }],
    ['a numeric opRef', { ...ANTHROPIC, opRef: 1 }],
    ['a string opDisplay', { ...ANTHROPIC, opDisplay: 'vault' }],
    ['a numeric opDisplay.vault', { ...ANTHROPIC, opDisplay: { vault: 1 } }],
    ['a null hostPattern', { ...ANTHROPIC, hostPattern: null }],
    ['a 1001-character pathPattern', { ...ANTHROPIC, pathPattern: '/'.repeat(1001) }],
    ['a null pathPattern', { ...ANTHROPIC, pathPattern: null }],
    ['an injectionConfig array', { ...GENERIC, injectionConfig: [] }],
    ['an empty injectionConfig', { ...GENERIC, injectionConfig: {} }],
    ['an empty headerName', { ...GENERIC, injectionConfig: { headerName: '' } }],
    ['an empty paramName', { ...GENERIC, injectionConfig: { paramName: '' } }],
    ['a numeric pathTemplate', { ...GENERIC, injectionConfig: { pathTemplate: 1 } }],
    ['pathRegex without pathReplacement', { ...GENERIC, injectionConfig: { pathRegex: '^/' } }],
    ['mixed variants', { ...GENERIC, injectionConfig: { headerName: 'X', paramName: 'y' } }],
    ['an unknown injection key', { ...GENERIC, injectionConfig: { headerName: 'X', extra: true } }],
  ])('rejects %s with 400 flat, storing nothing', async (_, body) => {
    const res = await call('POST', '/secrets', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(app.store.secrets.size).toBe(0);
  });

  it('names the failing field in the message', async () => {
    const res = await call('POST', '/secrets', { ...GENERIC, injectionConfig: { headerName: '' } });
    expect(res.body).toEqual({ error: 'injectionConfig.headerName must be at least 1 character(s) long (received 0)' });
  });

  it.each([
    ['an inline secret without a value', { name: 'n', type: 'anthropic', hostPattern: 'h' }, 'Secret value is required'],
    ['a 1Password secret without opRef', { name: 'n', type: 'anthropic', valueSource: 'onepassword', hostPattern: 'h' }, 'Select a 1Password field'],
    [
      'a generic secret without injectionConfig',
      { name: 'n', type: 'generic', value: 'v', hostPattern: 'h' },
      'Header name, parameter name, or URL path template is required for generic secrets',
    ],
    [
      'a path-injected value with a slash',
      { ...GENERIC, value: 'a/b', injectionConfig: { pathTemplate: '/x/{value}' } },
      "Secret value can't contain / ? # % whitespace or control characters when injected into the URL path",
    ],
  ])('answers 400 envelope for %s (schema-valid, refused by the service)', async (_, body, message) => {
    const res = await call('POST', '/secrets', body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
    expect(app.store.secrets.size).toBe(0);
  });
});

describe('Secrets listSecrets GET /secrets', () => {
  it('starts empty, then lists the newest first with every Secret property', async () => {
    expect((await call('GET', '/secrets')).body).toEqual([]);
    const first = await createSecret(ANTHROPIC);
    const second = await createSecret(GENERIC);
    const res = await call('GET', '/secrets');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: second,
        name: 'Stripe',
        type: 'generic',
        valueSource: 'inline',
        opRef: null,
        hostPattern: 'api.stripe.com',
        pathPattern: null,
        injectionConfig: GENERIC.injectionConfig,
        metadata: null,
        scope: 'project',
        typeLabel: 'Generic Secret',
        createdAt: expect.stringMatching(ISO_DATE_TIME),
      },
      expect.objectContaining({ id: first, type: 'anthropic', typeLabel: 'Anthropic API Key', injectionConfig: null }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain(GENERIC.value);
  });

  it('includes the inherited organization secrets (scope organization), never their values', async () => {
    const own = await createSecret(ANTHROPIC);
    const inherited = insertOrgSecret(app.store, app.keys.orgId, { name: 'Org OpenAI', type: 'openai', value: 'sk-org-0123456789', hostPattern: 'api.openai.com' });
    inherited.createdAt = new Date(Date.now() + 1000).toISOString();
    insertOrgSecret(app.store, 'another-org', { name: 'Elsewhere', type: 'openai', value: 'sk-x', hostPattern: 'api.openai.com' });
    const res = await call('GET', '/secrets');
    expect((res.body as { id: string }[]).map((s) => s.id)).toEqual([inherited.id, own]);
    expect((res.body as unknown[])[0]).toEqual(
      expect.objectContaining({ scope: 'organization', typeLabel: 'OpenAI', valueSource: 'inline', opRef: null, metadata: null }),
    );
    expect(JSON.stringify(res.body)).not.toContain('sk-org-0123456789');
  });

  it("includes a partner's secrets in the organizations it manages, until they detach", async () => {
    const partnerId = [...app.store.partners.keys()][0]!;
    const { record } = createPartnerOrg(app.store, partnerId, 'Customer');
    const inherited = insertPartnerSecret(app.store, partnerId, { name: 'Partner LLM', type: 'anthropic', value: 'sk-partner-123456', hostPattern: 'api.anthropic.com' });
    const list = () => app.request('GET', '/v1/secrets', { headers: { Authorization: `Bearer ${record.projectApiKey}` } });
    expect((await list()).body).toEqual([expect.objectContaining({ id: inherited.id, scope: 'organization' })]);
    expect((await call('GET', '/secrets')).body).toEqual([]);
    detachPartnerOrg(record);
    expect((await list()).body).toEqual([]);
  });

  it('lists only the caller project secrets', async () => {
    app.store.secrets.set('foreign', { id: 'foreign', projectId: 'p2', name: 'F', createdAt: '' });
    expect((await call('GET', '/secrets')).body).toEqual([]);
  });
});

describe('Secrets updateSecret PATCH /secrets/{secretId}', () => {
  it('changes the given fields and answers {success: true}', async () => {
    const id = await createSecret(GENERIC);
    const res = await call('PATCH', `/secrets/${id}`, { name: 'Stripe Live', pathPattern: '/v1/*', injectionConfig: { paramName: 'key' } });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    const [listed] = (await call('GET', '/secrets')).body as Record<string, unknown>[];
    expect(listed).toEqual(expect.objectContaining({ name: 'Stripe Live', pathPattern: '/v1/*', injectionConfig: { paramName: 'key' }, hostPattern: 'api.stripe.com' }));
  });

  it('clears pathPattern with null and replaces the value', async () => {
    const id = await createSecret({ ...ANTHROPIC, pathPattern: '/v1/*' });
    expect((await call('PATCH', `/secrets/${id}`, { pathPattern: null, value: 'new-value-123456' })).status).toBe(200);
    expect(app.store.secrets.get(id)).toEqual(expect.objectContaining({ pathPattern: null, value: 'new-value-123456' }));
  });

  it('switches an inline secret to 1Password', async () => {
    const id = await createSecret(ANTHROPIC);
    const res = await call('PATCH', `/secrets/${id}`, { valueSource: 'onepassword', opRef: 'op://V/I/f' });
    expect(res.status).toBe(200);
    expect(app.store.secrets.get(id)).toEqual(expect.objectContaining({ valueSource: 'onepassword', opRef: 'op://V/I/f', value: null }));
  });

  it.each([
    ['an empty body', {}, 'No fields to update'],
    ['only unknown keys', { color: 'red' }, 'No fields to update'],
    ['a switch to 1Password without opRef', { valueSource: 'onepassword' }, 'Select a 1Password field'],
    ['removing the injection of a generic secret', { injectionConfig: null }, 'Header name, parameter name, or URL path template is required for generic secrets'],
  ])('answers 400 envelope for %s', async (_, body, message) => {
    const id = await createSecret(GENERIC);
    const before = JSON.stringify(app.store.secrets.get(id));
    const res = await call('PATCH', `/secrets/${id}`, body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
    expect(JSON.stringify(app.store.secrets.get(id))).toBe(before);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['a JSON string', '"x"'],
    ['an empty name', { name: '' }],
    ['a 256-character name', { name: 'x'.repeat(256) }],
    ['an unknown valueSource', { valueSource: 'env' }],
    ['an empty value', { value: '' }],
    ['a 10001-character value', { value: 'v'.repeat(10001) }],
    ['a null hostPattern', { hostPattern: null }],
    ['a numeric pathPattern', { pathPattern: 5 }],
    ['an invalid injectionConfig', { injectionConfig: { headerName: 'X', paramName: 'y' } }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const id = await createSecret(GENERIC);
    const res = await call('PATCH', `/secrets/${id}`, body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });

  it('validates the body before looking the secret up', async () => {
    const res = await call('PATCH', '/secrets/does-not-exist', { name: '' });
    expect([res.status, res.body]).toEqual([400, flat]);
  });
});

describe('Secrets deleteSecret DELETE /secrets/{secretId}', () => {
  it('answers 204, the secret is gone and no agent keeps it assigned', async () => {
    const id = await createSecret();
    const agentId = [...app.store.agents.values()][0]!.id;
    expect((await call('PUT', `/agents/${agentId}/secrets`, { secretIds: [id] })).status).toBe(200);
    const res = await call('DELETE', `/secrets/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await call('GET', '/secrets')).body).toEqual([]);
    expect((await call('GET', `/agents/${agentId}/secrets`)).body).toEqual([]);
    expect(app.store.agents.get(agentId)!.secretIds.has(id)).toBe(false);
    expect((await call('DELETE', `/secrets/${id}`)).status).toBe(404);
  });
});
