import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

const PROJECT_KEY = /^oc_[0-9a-f]{64}$/;
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const UNAUTHORIZED = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const flat = { error: expect.any(String) };

let app: App;

function call(method: string, path: string, body?: unknown, caller: Caller = 'project') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller), body });
}

function withKey(key: string, method: string, path: string) {
  return app.request(method, `/v1${path}`, { headers: { Authorization: `Bearer ${key}` } });
}

beforeEach(() => {
  app = createApp();
});

const operations: [string, string, string, unknown][] = [
  ['getUser', 'GET', '/user', undefined],
  ['updateUser', 'PATCH', '/user', { name: 'Jane' }],
  ['getApiKey', 'GET', '/user/api-key', undefined],
  ['regenerateApiKey', 'POST', '/user/api-key/regenerate', undefined],
];

describe('User: authentication on every operation', () => {
  it.each(operations)('%s %s %s › succeeds for project, org and member keys', async (_, method, path, body) => {
    for (const caller of ['project', 'org', 'member'] as const) {
      app = createApp();
      const res = await call(method, path, body, caller);
      expect([caller, res.status]).toEqual([caller, 200]);
    }
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key, nothing changed', async (_, method, path, body) => {
    const keys = [...app.store.apiKeys.keys()];
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${path}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, UNAUTHORIZED]);
    }
    expect([...app.store.apiKeys.keys()]).toEqual(keys);
    expect([...app.store.users.values()].map((u) => u.name)).toEqual(['Owner', 'Member']);
  });

  it.each(operations)('%s %s %s › 400 envelope for an org key without X-Project-Id', async (_, method, path, body) => {
    const res = await app.request(method, `/v1${path}`, { headers: headersFor(app, 'org', false), body });
    expect([res.status, res.body]).toEqual([400, badRequest('X-Project-Id header is required')]);
  });
});

describe('User: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, unknown, string]>([
    ['name missing', {}, 'name is required'],
    ['a numeric name', { name: 42 }, 'name must be a string (received number)'],
    ['a 256-character name', { name: 'x'.repeat(256) }, 'name must be at most 255 characters (received 256)'],
  ])('updateUser PATCH /user › %s', async (_, body, message) => {
    const before = storeSnapshot(app);
    const res = await call('PATCH', '/user', body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('User getUser GET /user', () => {
  it.each([
    ['project', 'owner@example.com', 'Owner'],
    ['member', 'member@example.com', 'Member'],
  ] as const)('returns the %s key holder with every User property', async (caller, email, name) => {
    const res = await call('GET', '/user', undefined, caller);
    expect([res.status, res.body]).toEqual([200, { id: expect.stringMatching(UUID), email, name, createdAt: expect.stringMatching(ISO_DATE_TIME) }]);
  });
});

describe('User updateUser PATCH /user', () => {
  it('changes the display name and answers {id, email, name}', async () => {
    const res = await call('PATCH', '/user', { name: '  Jane Doe ' });
    expect([res.status, res.body]).toEqual([200, { id: expect.stringMatching(UUID), email: 'owner@example.com', name: '  Jane Doe ' }]);
    expect(((await call('GET', '/user')).body as { name: string }).name).toBe('  Jane Doe ');
    expect(((await call('GET', '/user', undefined, 'member')).body as { name: string }).name).toBe('Member');
  });

  it.each([
    ['a one-character name', 'J'],
    ['a 255-character name', 'x'.repeat(255)],
    ['a whitespace-only name', '   '],
  ])('accepts %s', async (_, name) => {
    expect((await call('PATCH', '/user', { name, extra: 1 })).status).toBe(200);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{'],
    ['name missing', {}],
    ['an empty name', { name: '' }],
    ['a 256-character name', { name: 'x'.repeat(256) }],
    ['a null name', { name: null }],
    ['a numeric name', { name: 7 }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('PATCH', '/user', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(((await call('GET', '/user')).body as { name: string }).name).toBe('Owner');
  });
});

describe('User getApiKey GET /user/api-key', () => {
  it('returns the project key the caller holds', async () => {
    const res = await call('GET', '/user/api-key');
    expect([res.status, res.body]).toEqual([200, { apiKey: app.keys.projectKey }]);
  });

  it('issues a project key on first read for an org-key caller, then returns the same one', async () => {
    const first = await call('GET', '/user/api-key', undefined, 'member');
    expect(first.body).toEqual({ apiKey: expect.stringMatching(PROJECT_KEY) });
    const { apiKey } = first.body as { apiKey: string };
    expect((await call('GET', '/user/api-key', undefined, 'member')).body).toEqual({ apiKey });
    // The issued key carries the project and authenticates as the member.
    const me = await withKey(apiKey, 'GET', '/user');
    expect([me.status, (me.body as { email: string }).email]).toEqual([200, 'member@example.com']);
  });
});

describe('User regenerateApiKey POST /user/api-key/regenerate', () => {
  it('rotates the project key: the new key works, the old one is refused with 401', async () => {
    const old = app.keys.projectKey;
    const res = await call('POST', '/user/api-key/regenerate');
    expect([res.status, res.body]).toEqual([200, { apiKey: expect.stringMatching(PROJECT_KEY) }]);
    const { apiKey } = res.body as { apiKey: string };
    expect(apiKey).not.toBe(old);
    // The server stays usable: the new key works, reads itself back, and sees the same project.
    expect((await withKey(apiKey, 'GET', '/agents')).status).toBe(200);
    expect((await withKey(apiKey, 'GET', '/user/api-key')).body).toEqual({ apiKey });
    // The old key (app.keys.projectKey) is revoked.
    const refused = await withKey(old, 'GET', '/agents');
    expect([refused.status, refused.body]).toEqual([401, UNAUTHORIZED]);
    // Organization keys are untouched.
    expect((await call('GET', '/agents', undefined, 'org')).status).toBe(200);
  });

  it('rotates only the caller key for that project', async () => {
    const memberKey = ((await call('GET', '/user/api-key', undefined, 'member')).body as { apiKey: string }).apiKey;
    await call('POST', '/user/api-key/regenerate', undefined, 'org');
    expect((await withKey(app.keys.projectKey, 'GET', '/agents')).status).toBe(401);
    expect((await withKey(memberKey, 'GET', '/agents')).status).toBe(200);
  });
});
