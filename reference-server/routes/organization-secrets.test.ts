import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { addOrganization } from '../__test-helpers__/orgs.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const FORBIDDEN = { error: { message: 'Insufficient permissions', type: 'authentication_error' } };
const NOT_FOUND = { error: { message: 'Secret not found', type: 'not_found_error' } };
const flat = { error: expect.any(String) };
const SUCCESS = { success: true };

const ANTHROPIC = { name: 'Shared Anthropic Key', type: 'anthropic', value: 'sk-ant-0123456789abcdef', hostPattern: 'api.anthropic.com' };

let app: App;

function call(method: string, path: string, body?: unknown, caller: Caller = 'org') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller, false), body });
}

async function createSecret(body: Record<string, unknown> = ANTHROPIC): Promise<string> {
  const res = await call('POST', '/org/secrets', body);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

async function listed(): Promise<Record<string, unknown>[]> {
  return (await call('GET', '/org/secrets')).body as Record<string, unknown>[];
}

beforeEach(() => {
  app = createApp();
});

const operations: [string, string, string, unknown][] = [
  ['listOrgSecrets', 'GET', '/org/secrets', undefined],
  ['createOrgSecret', 'POST', '/org/secrets', ANTHROPIC],
  ['updateOrgSecret', 'PATCH', '/org/secrets/{id}', { name: 'Renamed' }],
  ['deleteOrgSecret', 'DELETE', '/org/secrets/{id}', undefined],
];

describe('Organization Secrets: access on every operation', () => {
  const withSecret = async (path: string) => path.replace('{id}', await createSecret());

  it.each(operations)('%s %s %s › succeeds for the org key without X-Project-Id', async (_, method, path, body) => {
    const res = await call(method, await withSecret(path), body);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  it.each(operations)('%s %s %s › 403 envelope for a plain member, nothing changed', async (_, method, path, body) => {
    const target = await withSecret(path);
    const before = await listed();
    const res = await call(method, target, body, 'member');
    expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
    expect(await listed()).toEqual(before);
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key or with the partner key', async (_, method, path, body) => {
    const target = await withSecret(path);
    for (const headers of [{}, { Authorization: 'Bearer oc_org_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${target}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
  });

  it.each(operations)('%s %s %s › served on enterprise, unknown route on community', async (_, method, path, body) => {
    app = createApp({ edition: 'enterprise' });
    expect((await call(method, await withSecret(path), body)).status).toBeLessThan(300);
    app = createApp({ edition: 'community' });
    const res = await call(method, path.replace('{id}', 'x'), body);
    expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown secret or one of another organization',
    async (_, method, path, body) => {
      const other = addOrganization(app);
      const created = await app.request('POST', '/v1/org/secrets', { headers: other.headers, body: ANTHROPIC });
      const foreignId = (created.body as { id: string }).id;
      for (const id of ['does-not-exist', foreignId]) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, NOT_FOUND]);
      }
      expect(app.store.orgSecrets.get(foreignId)!.name).toBe(ANTHROPIC.name);
    },
  );
});

describe('Organization Secrets: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['createOrgSecret', 'POST', '/org/secrets', 'value is required', { ...ANTHROPIC, value: undefined }],
    [
      'createOrgSecret',
      'POST',
      '/org/secrets',
      'type must be one of: anthropic, openai, generic (received "gemini")',
      { ...ANTHROPIC, type: 'gemini' },
    ],
    ['updateOrgSecret', 'PATCH', '/org/secrets/{id}', 'name must be at most 255 characters (received 256)', { name: 'x'.repeat(256) }],
    [
      'updateOrgSecret',
      'PATCH',
      '/org/secrets/{id}',
      'injectionConfig must have exactly the properties of one of: {headerName, valueFormat?}, {paramName, paramFormat?}, {pathTemplate}, {pathRegex, pathReplacement}',
      { injectionConfig: { headerName: 'X', paramName: 'y' } },
    ],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = path.replace('{id}', await createSecret());
    const before = storeSnapshot(app);
    const res = await call(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Organization Secrets createOrgSecret POST /org/secrets', () => {
  it('answers 201 SecretCreated with a masked preview, never the value', async () => {
    const res = await call('POST', '/org/secrets', { ...ANTHROPIC, pathPattern: '/v1/*' });
    expect([res.status, res.body]).toEqual([
      201,
      {
        id: expect.stringMatching(UUID),
        name: 'Shared Anthropic Key',
        type: 'anthropic',
        valueSource: 'inline',
        opRef: '',
        hostPattern: 'api.anthropic.com',
        pathPattern: '/v1/*',
        createdAt: expect.stringMatching(ISO_DATE_TIME),
        preview: 'sk-a****cdef',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(ANTHROPIC.value);
  });

  it('masks short values entirely', async () => {
    const res = await call('POST', '/org/secrets', { ...ANTHROPIC, value: 'short' });
    expect((res.body as { preview: string }).preview).toBe('****');
  });

  it.each([
    ['a whitespace-only name', { ...ANTHROPIC, name: '   ' }],
    ['a 255-code-point emoji name', { ...ANTHROPIC, name: '😀'.repeat(255) }],
    ['a 10000-character value', { ...ANTHROPIC, value: 'v'.repeat(10000) }],
    ['an empty hostPattern', { ...ANTHROPIC, hostPattern: '' }],
    ['a 1000-character pathPattern', { ...ANTHROPIC, pathPattern: 'p'.repeat(1000) }],
    ['a null injectionConfig', { ...ANTHROPIC, injectionConfig: null }],
    ['a header injectionConfig', { ...ANTHROPIC, injectionConfig: { headerName: 'x-api-key', valueFormat: '{value}' } }],
    ['a param injectionConfig', { ...ANTHROPIC, injectionConfig: { paramName: 'key' } }],
    ['a path-template injectionConfig', { ...ANTHROPIC, injectionConfig: { pathTemplate: '' } }],
    ['a path-regex injectionConfig', { ...ANTHROPIC, injectionConfig: { pathRegex: '^/x', pathReplacement: '/y' } }],
    ['a generic secret with a header', { ...ANTHROPIC, type: 'generic', injectionConfig: { headerName: 'Authorization' } }],
    ['an openai secret', { ...ANTHROPIC, type: 'openai', hostPattern: 'api.openai.com' }],
    ['unknown extra keys', { ...ANTHROPIC, scope: 'project', nested: { a: 1 } }],
  ])('accepts %s', async (_, body) => {
    const res = await call('POST', '/org/secrets', body);
    expect(res.status).toBe(201);
  });

  it.each([
    ['no body', undefined],
    ['malformed JSON', '{"name":'],
    ['an array', [ANTHROPIC]],
    ['no name', { ...ANTHROPIC, name: undefined }],
    ['an empty name', { ...ANTHROPIC, name: '' }],
    ['a 256-character name', { ...ANTHROPIC, name: 'x'.repeat(256) }],
    ['no type', { ...ANTHROPIC, type: undefined }],
    ['an unknown type', { ...ANTHROPIC, type: 'gemini' }],
    ['no value', { ...ANTHROPIC, value: undefined }],
    ['an empty value', { ...ANTHROPIC, value: '' }],
    ['a 10001-character value', { ...ANTHROPIC, value: 'v'.repeat(10001) }],
    ['no hostPattern', { ...ANTHROPIC, hostPattern: undefined }],
    ['a numeric hostPattern', { ...ANTHROPIC, hostPattern: 42 }],
    ['a null pathPattern', { ...ANTHROPIC, pathPattern: null }],
    ['a 1001-character pathPattern', { ...ANTHROPIC, pathPattern: 'p'.repeat(1001) }],
    ['an array injectionConfig', { ...ANTHROPIC, injectionConfig: [] }],
    ['an empty injectionConfig', { ...ANTHROPIC, injectionConfig: {} }],
    ['an empty headerName', { ...ANTHROPIC, injectionConfig: { headerName: '' } }],
    ['an empty paramName', { ...ANTHROPIC, injectionConfig: { paramName: '' } }],
    ['mixed variants', { ...ANTHROPIC, injectionConfig: { headerName: 'h', paramName: 'p' } }],
    ['an extra injectionConfig key', { ...ANTHROPIC, injectionConfig: { headerName: 'h', extra: 'x' } }],
    ['half a path-regex variant', { ...ANTHROPIC, injectionConfig: { pathRegex: '^/x' } }],
    ['a numeric valueFormat', { ...ANTHROPIC, injectionConfig: { headerName: 'h', valueFormat: 1 } }],
  ])('400 flat for %s, nothing stored', async (_, body) => {
    const res = await call('POST', '/org/secrets', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(await listed()).toEqual([]);
  });

  it('400 envelope for a generic secret that does not say how it is injected', async () => {
    for (const injectionConfig of [undefined, null]) {
      const res = await call('POST', '/org/secrets', { ...ANTHROPIC, type: 'generic', injectionConfig });
      expect([res.status, res.body]).toEqual([
        400,
        { error: { message: 'Header name, parameter name, or URL path template is required for generic secrets', type: 'invalid_request_error' } },
      ]);
    }
    expect(await listed()).toEqual([]);
  });
});

describe('Organization Secrets listOrgSecrets GET /org/secrets', () => {
  it('lists the organization secrets newest first, every Secret property, no value', async () => {
    const first = await createSecret();
    const second = await createSecret({ name: 'Generic', type: 'generic', value: 'token-value-1234', hostPattern: 'api.example.com', injectionConfig: { headerName: 'X-Key' } });
    const res = await call('GET', '/org/secrets');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: second,
        name: 'Generic',
        type: 'generic',
        valueSource: 'inline',
        opRef: null,
        hostPattern: 'api.example.com',
        pathPattern: null,
        injectionConfig: { headerName: 'X-Key' },
        metadata: null,
        scope: 'organization',
        typeLabel: 'Generic Secret',
        createdAt: expect.stringMatching(ISO_DATE_TIME),
      },
      expect.objectContaining({ id: first, type: 'anthropic', typeLabel: 'Anthropic API Key', scope: 'organization', injectionConfig: null }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain('token-value-1234');
  });

  it('shows only the caller organization secrets', async () => {
    const other = addOrganization(app);
    await app.request('POST', '/v1/org/secrets', { headers: other.headers, body: ANTHROPIC });
    expect(await listed()).toEqual([]);
    await createSecret();
    expect(await listed()).toHaveLength(1);
  });
});

describe('Organization Secrets updateOrgSecret PATCH /org/secrets/{secretId}', () => {
  it('changes the given fields and answers {success: true}', async () => {
    const id = await createSecret({ ...ANTHROPIC, pathPattern: '/v1/*' });
    const res = await call('PATCH', `/org/secrets/${id}`, {
      name: 'Renamed',
      value: 'new-value-0123456789',
      hostPattern: '*.anthropic.com',
      pathPattern: null,
      injectionConfig: { paramName: 'key', paramFormat: '{value}' },
    });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect((await listed())[0]).toEqual(
      expect.objectContaining({ name: 'Renamed', hostPattern: '*.anthropic.com', pathPattern: null, injectionConfig: { paramName: 'key', paramFormat: '{value}' } }),
    );
    expect(app.store.orgSecrets.get(id)!.value).toBe('new-value-0123456789');
  });

  it('accepts an empty object and changes nothing', async () => {
    const id = await createSecret();
    const before = await listed();
    const res = await call('PATCH', `/org/secrets/${id}`, {});
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect(await listed()).toEqual(before);
  });

  it.each([
    ['no body', undefined],
    ['an empty name', { name: '' }],
    ['a 256-character name', { name: 'x'.repeat(256) }],
    ['a null name', { name: null }],
    ['an empty value', { value: '' }],
    ['a 10001-character value', { value: 'v'.repeat(10001) }],
    ['a null hostPattern', { hostPattern: null }],
    ['a numeric pathPattern', { pathPattern: 5 }],
    ['a mixed injectionConfig', { injectionConfig: { pathTemplate: '/x', headerName: 'h' } }],
  ])('400 flat for %s, validated before the look-up', async (_, body) => {
    const id = await createSecret();
    for (const target of [id, 'does-not-exist']) {
      const res = await call('PATCH', `/org/secrets/${target}`, body);
      expect([res.status, res.body]).toEqual([400, flat]);
    }
    expect((await listed())[0]!.name).toBe(ANTHROPIC.name);
  });
});

describe('Organization Secrets deleteOrgSecret DELETE /org/secrets/{secretId}', () => {
  it('answers 204 with no body, and the secret is gone', async () => {
    const id = await createSecret();
    const res = await call('DELETE', `/org/secrets/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(await listed()).toEqual([]);
    expect((await call('DELETE', `/org/secrets/${id}`)).status).toBe(404);
  });
});
