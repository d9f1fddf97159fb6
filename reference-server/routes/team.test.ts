import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

const PROJECT_KEY = /^oc_[0-9a-f]{64}$/;
const UNAUTHORIZED = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const flat = { error: expect.any(String) };

let app: App;

function provision(body?: unknown, caller: Caller = 'org') {
  return app.request('POST', '/v1/team/provisions', { headers: headersFor(app, caller, false), body });
}

beforeEach(() => {
  app = createApp();
});

describe('Team provisionUser POST /team/provisions', () => {
  it('answers 201 with every ProvisionResult property; user, project, agent and key exist', async () => {
    const res = await provision({ role: 'admin', skipOnboarding: false });
    expect([res.status, res.body]).toEqual([
      201,
      {
        id: expect.stringMatching(UUID),
        userId: expect.stringMatching(UUID),
        projectId: expect.stringMatching(UUID),
        apiKey: expect.stringMatching(PROJECT_KEY),
        claimUrl: expect.stringMatching(/^https:\/\/app\.onecli\.sh\/claim\?token=[0-9a-f]{48}$/),
        expiresAt: expect.stringMatching(ISO_DATE_TIME),
      },
    ]);
    const result = res.body as { userId: string; projectId: string; apiKey: string; expiresAt: string };
    expect(Date.parse(result.expiresAt)).toBeGreaterThan(Date.now());
    expect(app.store.users.get(result.userId)).toEqual(expect.objectContaining({ orgId: app.keys.orgId, role: 'admin' }));
    expect(app.store.projects.get(result.projectId)!.orgId).toBe(app.keys.orgId);
    const headers = { Authorization: `Bearer ${result.apiKey}` };
    const me = await app.request('GET', '/v1/user', { headers });
    expect((me.body as { id: string }).id).toBe(result.userId);
    const agents = (await app.request('GET', '/v1/agents', { headers })).body as { isDefault: boolean }[];
    expect(agents.map((a) => a.isDefault)).toEqual([true]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an empty body text', ''],
    ['an empty object', {}],
  ])('applies the defaults (role member) for %s', async (_, body) => {
    const res = await provision(body);
    expect(res.status).toBe(201);
    expect(app.store.users.get((res.body as { userId: string }).userId)!.role).toBe('member');
  });

  it('gives each provisioned user a project of their own', async () => {
    const a = (await provision()).body as { projectId: string };
    const b = (await provision()).body as { projectId: string };
    expect(a.projectId).not.toBe(b.projectId);
  });

  it.each<[string, unknown]>([
    ['malformed JSON', '{"role":'],
    ['JSON null', 'null'],
    ['a JSON array', []],
    ['a JSON string', '"admin"'],
    ['role owner', { role: 'owner' }],
    ['an upper-case role', { role: 'ADMIN' }],
    ['a string skipOnboarding', { skipOnboarding: 'yes' }],
  ])('rejects %s with 400 flat, creating nothing', async (_, body) => {
    const users = app.store.users.size;
    const res = await provision(body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(app.store.users.size).toBe(users);
  });

  it.each<[string, unknown, string]>([
    ['role owner', { role: 'owner' }, 'role must be one of: admin, member (received "owner")'],
    ['a string skipOnboarding', { skipOnboarding: 'yes' }, 'skipOnboarding must be a boolean (received string)'],
    ['a JSON array', [], 'body must be a JSON object (received array)'],
  ])('names the failing field for %s (400 flat), creating nothing', async (_, body, message) => {
    const before = storeSnapshot(app);
    const res = await provision(body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });

  it('answers 403 envelope for a plain member', async () => {
    const res = await provision({}, 'member');
    expect([res.status, res.body]).toEqual([403, { error: { message: 'Insufficient permissions', type: 'authentication_error' } }]);
  });

  it.each<[string, (app: App) => Record<string, string>]>([
    ['no key', () => ({})],
    ['an unknown key', () => ({ Authorization: 'Bearer oc_org_nope' })],
    ['the partner key', (a) => headersFor(a, 'partner')],
    ['a project key (this operation takes organization keys only)', (a) => headersFor(a, 'project')],
  ])('answers 401 envelope for %s, creating nothing', async (_, headers) => {
    const users = app.store.users.size;
    const res = await app.request('POST', '/v1/team/provisions', { headers: headers(app), body: {} });
    expect([res.status, res.body]).toEqual([401, UNAUTHORIZED]);
    expect(app.store.users.size).toBe(users);
  });

  it.each(['enterprise', 'community'] as const)('is not served on %s', async (edition) => {
    app = createApp({ edition });
    expect((await provision({})).status).toBe(404);
  });
});
