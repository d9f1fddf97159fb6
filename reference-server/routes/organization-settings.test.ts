import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor } from '../__test-helpers__/callers.ts';
import { addOrganization } from '../__test-helpers__/orgs.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const FORBIDDEN = { error: { message: 'Insufficient permissions', type: 'authentication_error' } };
const flat = { error: expect.any(String) };

let app: App;

function call(method: string, path: string, body?: unknown, caller: Caller = 'org') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller, false), body });
}

beforeEach(() => {
  app = createApp();
});

const operations: [string, string, string, unknown][] = [
  ['getOrgSettings', 'GET', '/org/settings', undefined],
  ['updateOrgSettings', 'PATCH', '/org/settings', { policyMode: 'deny' }],
];

describe('Organization Settings: access on every operation', () => {
  it.each(operations)('%s %s %s › succeeds for the org key (no X-Project-Id) and the project key', async (_, method, path, body) => {
    for (const caller of ['org', 'project'] as const) {
      const res = await call(method, path, body, caller);
      expect([caller, res.status]).toEqual([caller, 200]);
    }
  });

  it.each(operations)('%s %s %s › 403 envelope for a plain member, nothing changed', async (_, method, path, body) => {
    const res = await call(method, path, body, 'member');
    expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
    expect((await call('GET', '/org/settings')).body).toEqual({ policyMode: 'allow' });
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key or with the partner key', async (_, method, path, body) => {
    for (const headers of [{}, { Authorization: 'Bearer oc_org_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${path}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
  });

  it.each(operations)('%s %s %s › served on enterprise, unknown route on community', async (_, method, path, body) => {
    app = createApp({ edition: 'enterprise' });
    expect((await call(method, path, body)).status).toBe(200);
    app = createApp({ edition: 'community' });
    const res = await call(method, path, body);
    expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
  });
});

describe('Organization Settings: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, unknown, string]>([
    ['policyMode missing', {}, 'policyMode is required'],
    ['an unknown policyMode', { policyMode: 'block' }, 'policyMode must be one of: allow, deny (received "block")'],
  ])('updateOrgSettings PATCH /org/settings › %s', async (_, body, message) => {
    const before = storeSnapshot(app);
    const res = await call('PATCH', '/org/settings', body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Organization Settings getOrgSettings / updateOrgSettings', () => {
  it('starts default-allow, then reports what was set', async () => {
    expect((await call('GET', '/org/settings')).body).toEqual({ policyMode: 'allow' });
    const res = await call('PATCH', '/org/settings', { policyMode: 'deny' });
    expect([res.status, res.body]).toEqual([200, { policyMode: 'deny' }]);
    expect((await call('GET', '/org/settings')).body).toEqual({ policyMode: 'deny' });
    expect((await call('PATCH', '/org/settings', { policyMode: 'allow', extra: 1 })).body).toEqual({ policyMode: 'allow' });
  });

  it('keeps settings per organization', async () => {
    await call('PATCH', '/org/settings', { policyMode: 'deny' });
    const other = addOrganization(app);
    expect((await app.request('GET', '/v1/org/settings', { headers: other.headers })).body).toEqual({ policyMode: 'allow' });
    expect((await call('GET', '/org/settings')).body).toEqual({ policyMode: 'deny' });
  });

  it.each([
    ['no body', undefined],
    ['malformed JSON', '{"policyMode":'],
    ['an array', []],
    ['no policyMode', {}],
    ['an unknown mode', { policyMode: 'block' }],
    ['an upper-case mode', { policyMode: 'DENY' }],
    ['a null mode', { policyMode: null }],
    ['a number', { policyMode: 1 }],
  ])('updateOrgSettings › 400 flat for %s, nothing changed', async (_, body) => {
    const res = await call('PATCH', '/org/settings', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect((await call('GET', '/org/settings')).body).toEqual({ policyMode: 'allow' });
  });

  it('names the field in the 400 message', async () => {
    const res = await call('PATCH', '/org/settings', { policyMode: 'block' });
    expect((res.body as { error: string }).error).toMatch(/policyMode must be one of: allow, deny/);
  });
});
