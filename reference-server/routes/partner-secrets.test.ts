import { beforeEach, describe, expect, it } from 'vitest';
import { headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { addPartner } from '../__test-helpers__/orgs.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const NOT_FOUND = { error: { message: 'Secret not found', type: 'not_found_error' } };
const flat = { error: expect.any(String) };
const SUCCESS = { success: true };

const FALLBACK = { name: 'Fallback Anthropic key', type: 'anthropic', value: 'sk-ant-partner-0123456789', hostPattern: 'api.anthropic.com' };

let app: App;

function call(method: string, path: string, body?: unknown, headers = headersFor(app, 'partner')) {
  return app.request(method, `/v1${path}`, { headers, body });
}

async function createSecret(body: Record<string, unknown> = FALLBACK, headers = headersFor(app, 'partner')): Promise<string> {
  const res = await call('POST', '/partner/secrets', body, headers);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

async function listed(): Promise<Record<string, unknown>[]> {
  return (await call('GET', '/partner/secrets')).body as Record<string, unknown>[];
}

beforeEach(() => {
  app = createApp();
});

const operations: [string, string, string, unknown][] = [
  ['listPartnerSecrets', 'GET', '/partner/secrets', undefined],
  ['createPartnerSecret', 'POST', '/partner/secrets', FALLBACK],
  ['updatePartnerSecret', 'PATCH', '/partner/secrets/{id}', { name: 'Renamed' }],
  ['deletePartnerSecret', 'DELETE', '/partner/secrets/{id}', undefined],
];

describe('Partner Secrets: access on every operation', () => {
  const withSecret = async (path: string) => path.replace('{id}', await createSecret());

  it.each(operations)('%s %s %s › succeeds for the partner key', async (_, method, path, body) => {
    const res = await call(method, await withSecret(path), body);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  it.each(operations)('%s %s %s › 401 envelope for any other key, nothing changed', async (_, method, path, body) => {
    const target = await withSecret(path);
    const before = await listed();
    for (const headers of [{}, { Authorization: `Bearer oc_partner_${'0'.repeat(64)}` }, { Authorization: 'Bearer not-a-key' }, headersFor(app, 'project'), headersFor(app, 'org'), headersFor(app, 'member'), { Authorization: 'Bearer oc_partner_x' }]) {
      const res = await call(method, target, body, headers);
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
    expect(await listed()).toEqual(before);
  });

  it.each(operations)('%s %s %s › unknown route off Cloud', async (_, method, path, body) => {
    for (const edition of ['enterprise', 'community'] as const) {
      app = createApp({ edition });
      const res = await call(method, path.replace('{id}', 'x'), body);
      expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
    }
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown secret or another partner\'s',
    async (_, method, path, body) => {
      const other = addPartner(app);
      const foreign = await createSecret(FALLBACK, other.headers);
      const orgSecret = (await app.request('POST', '/v1/org/secrets', { headers: headersFor(app, 'org', false), body: FALLBACK })).body as { id: string };
      for (const id of ['does-not-exist', foreign, orgSecret.id]) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, NOT_FOUND]);
      }
      expect(app.store.partnerSecrets.get(foreign)!.name).toBe(FALLBACK.name);
    },
  );
});

describe('Partner Secrets: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['createPartnerSecret', 'POST', '/partner/secrets', 'hostPattern is required', { ...FALLBACK, hostPattern: undefined }],
    [
      'createPartnerSecret',
      'POST',
      '/partner/secrets',
      'type must be one of: anthropic, openai, generic (received "mistral")',
      { ...FALLBACK, type: 'mistral' },
    ],
    ['updatePartnerSecret', 'PATCH', '/partner/secrets/{id}', 'value must be a string (received null)', { value: null }],
    ['updatePartnerSecret', 'PATCH', '/partner/secrets/{id}', 'hostPattern must be a string (received number)', { hostPattern: 5 }],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = path.replace('{id}', await createSecret());
    const before = storeSnapshot(app);
    const res = await call(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Partner Secrets createPartnerSecret POST /partner/secrets', () => {
  it('answers 201 SecretCreated with a masked preview', async () => {
    const res = await call('POST', '/partner/secrets', FALLBACK);
    expect([res.status, res.body]).toEqual([
      201,
      {
        id: expect.stringMatching(UUID),
        name: FALLBACK.name,
        type: 'anthropic',
        valueSource: 'inline',
        opRef: '',
        hostPattern: 'api.anthropic.com',
        pathPattern: null,
        createdAt: expect.stringMatching(ISO_DATE_TIME),
        preview: 'sk-a****6789',
      },
    ]);
  });

  it.each([
    ['a whitespace-only name', { ...FALLBACK, name: ' ' }],
    ['a generic secret with a path template', { ...FALLBACK, type: 'generic', injectionConfig: { pathTemplate: '/k/{value}' } }],
    ['unknown extra keys', { ...FALLBACK, partnerId: 'x' }],
  ])('accepts %s', async (_, body) => {
    expect((await call('POST', '/partner/secrets', body)).status).toBe(201);
  });

  it.each([
    ['no body', undefined],
    ['no name', { ...FALLBACK, name: undefined }],
    ['a 256-character name', { ...FALLBACK, name: 'x'.repeat(256) }],
    ['an unknown type', { ...FALLBACK, type: 'mistral' }],
    ['an empty value', { ...FALLBACK, value: '' }],
    ['no hostPattern', { ...FALLBACK, hostPattern: undefined }],
    ['a 1001-character pathPattern', { ...FALLBACK, pathPattern: 'x'.repeat(1001) }],
    ['an open injectionConfig', { ...FALLBACK, injectionConfig: { headerName: 'h', other: 1 } }],
  ])('400 flat for %s, nothing stored', async (_, body) => {
    const res = await call('POST', '/partner/secrets', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(await listed()).toEqual([]);
  });

  it('400 envelope for a generic secret without injectionConfig', async () => {
    const res = await call('POST', '/partner/secrets', { ...FALLBACK, type: 'generic' });
    expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([400, 'invalid_request_error']);
  });
});

describe('Partner Secrets listPartnerSecrets / updatePartnerSecret / deletePartnerSecret', () => {
  it('lists the partner secrets newest first as full Secret objects, without values', async () => {
    const first = await createSecret();
    const second = await createSecret({ ...FALLBACK, name: 'OpenAI', type: 'openai', hostPattern: 'api.openai.com' });
    const res = await call('GET', '/partner/secrets');
    expect(res.body).toEqual([
      {
        id: second,
        name: 'OpenAI',
        type: 'openai',
        valueSource: 'inline',
        opRef: null,
        hostPattern: 'api.openai.com',
        pathPattern: null,
        injectionConfig: null,
        metadata: null,
        scope: 'organization',
        typeLabel: 'OpenAI',
        createdAt: expect.stringMatching(ISO_DATE_TIME),
      },
      expect.objectContaining({ id: first }),
    ]);
    expect(JSON.stringify(res.body)).not.toContain(FALLBACK.value);
  });

  it('lists only the caller partner secrets', async () => {
    await createSecret(FALLBACK, addPartner(app).headers);
    expect(await listed()).toEqual([]);
  });

  it('updates the given fields', async () => {
    const id = await createSecret();
    const res = await call('PATCH', `/partner/secrets/${id}`, { name: 'Renamed', pathPattern: '/v1/*', value: 'sk-new-value' });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect((await listed())[0]).toEqual(expect.objectContaining({ name: 'Renamed', pathPattern: '/v1/*' }));
    expect(app.store.partnerSecrets.get(id)!.value).toBe('sk-new-value');
    expect((await call('PATCH', `/partner/secrets/${id}`, {})).status).toBe(200);
  });

  it.each([
    ['an empty name', { name: '' }],
    ['a null value', { value: null }],
    ['a numeric hostPattern', { hostPattern: 1 }],
  ])('update › 400 flat for %s', async (_, body) => {
    const id = await createSecret();
    const res = await call('PATCH', `/partner/secrets/${id}`, body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });

  it('deletes with 204, and budgets on the secret go with it', async () => {
    const id = await createSecret();
    const org = (await call('POST', '/partner/orgs', { name: 'Acme' })).body as { organizationId: string };
    await call('POST', `/partner/orgs/${org.organizationId}/secrets/${id}/budget`, { limitCents: 500, period: 'monthly' });
    const res = await call('DELETE', `/partner/secrets/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(await listed()).toEqual([]);
    expect((await call('GET', `/partner/orgs/${org.organizationId}/budgets`)).body).toEqual([]);
  });
});
