import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor } from '../__test-helpers__/callers.ts';
import { type App, createApp } from '../app.ts';
import type { Edition } from '../edition.ts';
import { json } from '../http.ts';
import type { RouteDef } from '../routes/types.ts';
import type { AuthPolicy, Principal } from './auth.ts';

/** One spy route per policy, at /v1/<policy>; `seen` records the principal of each handler run. */
function spyApp(edition: Edition = 'cloud') {
  const seen: (Principal | undefined)[] = [];
  const policies: AuthPolicy[] = ['public', 'project', 'project-optional', 'user', 'org-member', 'org-admin', 'partner'];
  const routes: RouteDef[] = policies.map((auth) => ({
    method: 'GET',
    path: `/${auth}`,
    operationId: auth,
    auth,
    handler: (ctx) => {
      seen.push(ctx.principal);
      return json(200, { ok: true });
    },
  }));
  return { app: createApp({ edition, routes }), seen };
}

const INVALID = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const FORBIDDEN = { error: { message: 'Insufficient permissions', type: 'authentication_error' } };
const NO_PROJECT_400 = { error: { message: 'X-Project-Id header is required', type: 'invalid_request_error' } };
const NO_PROJECT_401 = { error: { message: 'X-Project-Id header is required', type: 'authentication_error' } };

describe('middleware/auth', () => {
  let app: App;
  let seen: (Principal | undefined)[];
  beforeEach(() => {
    ({ app, seen } = spyApp());
  });

  it('lets anyone call a public route, credentials or not', async () => {
    for (const headers of [{}, { Authorization: 'Bearer nonsense' }] as Record<string, string>[]) {
      expect((await app.request('GET', '/v1/public', { headers })).status).toBe(200);
    }
    expect(seen).toEqual([undefined, undefined]);
  });

  it.each<[string, Record<string, string>]>([
    ['no Authorization header', {}],
    ['an empty header', { Authorization: '' }],
    ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }],
    ['a lower-case scheme', { Authorization: 'bearer oc_0000' }],
    ['Bearer with no token', { Authorization: 'Bearer ' }],
    ['two spaces', { Authorization: 'Bearer  oc_0000' }],
    ['a malformed key', { Authorization: 'Bearer not-a-key' }],
    ['an unknown project key', { Authorization: `Bearer oc_${'0'.repeat(64)}` }],
    ['an unknown org key', { Authorization: `Bearer oc_org_${'0'.repeat(64)}`, 'X-Project-Id': 'p' }],
  ])('answers 401 envelope for %s, without running the handler', async (_, headers) => {
    for (const route of ['/v1/project', '/v1/user', '/v1/org-admin', '/v1/partner']) {
      const res = await app.request('GET', route, { headers });
      expect([route, res.status, res.body]).toEqual([route, 401, INVALID]);
    }
    expect(seen).toEqual([]);
  });

  it.each<[AuthPolicy, Caller]>([
    ['project', 'partner'],
    ['project-optional', 'partner'],
    ['user', 'partner'],
    ['org-member', 'partner'],
    ['org-admin', 'partner'],
    ['partner', 'project'],
    ['partner', 'org'],
    ['partner', 'member'],
  ])('refuses a %s route to the %s key with 401 envelope', async (policy, caller) => {
    const res = await app.request('GET', `/v1/${policy}`, { headers: headersFor(app, caller) });
    expect([res.status, res.body]).toEqual([401, INVALID]);
    expect(seen).toEqual([]);
  });

  it.each<[AuthPolicy, Caller, boolean, string | undefined]>([
    ['project', 'project', true, 'owner'],
    ['project', 'org', true, 'owner'],
    ['project', 'member', true, 'member'],
    ['project-optional', 'org', false, 'owner'],
    ['user', 'project', false, 'owner'],
    ['user', 'member', false, 'member'],
    ['org-member', 'member', false, 'member'],
    ['org-admin', 'org', false, 'owner'],
    ['org-admin', 'project', false, 'owner'],
  ])('lets a %s route through for the %s key (with project: %s)', async (policy, caller, withProject, role) => {
    const res = await app.request('GET', `/v1/${policy}`, { headers: headersFor(app, caller, withProject) });
    expect(res.status).toBe(200);
    expect(seen).toEqual([expect.objectContaining({ kind: 'user', role })]);
  });

  it('gives a project key its own project and an org key the X-Project-Id project', async () => {
    await app.request('GET', '/v1/project', { headers: headersFor(app, 'project') });
    await app.request('GET', '/v1/project', { headers: headersFor(app, 'org') });
    await app.request('GET', '/v1/user', { headers: headersFor(app, 'org', false) });
    expect(seen.map((p) => (p?.kind === 'user' ? p.projectId : 'partner'))).toEqual([
      app.keys.projectId,
      app.keys.projectId,
      undefined,
    ]);
  });

  it('lets the partner key call a partner route', async () => {
    const res = await app.request('GET', '/v1/partner', { headers: headersFor(app, 'partner') });
    expect(res.status).toBe(200);
    expect(seen).toEqual([expect.objectContaining({ kind: 'partner' })]);
  });

  it('refuses an org-admin route to a plain member with 403 envelope', async () => {
    const res = await app.request('GET', '/v1/org-admin', { headers: headersFor(app, 'member') });
    expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
    expect(seen).toEqual([]);
  });

  it.each<[Edition, number, unknown]>([
    ['cloud', 400, NO_PROJECT_400],
    ['enterprise', 401, NO_PROJECT_401],
    ['community', 401, INVALID],
  ])('on %s, answers an org key without X-Project-Id on a project route with %i', async (edition, status, body) => {
    ({ app, seen } = spyApp(edition));
    for (const caller of ['org', 'member'] as const) {
      for (const headers of [headersFor(app, caller, false), { ...headersFor(app, caller, false), 'X-Project-Id': '' }]) {
        const res = await app.request('GET', '/v1/project', { headers });
        expect([res.status, res.body]).toEqual([status, body]);
      }
    }
    expect(seen).toEqual([]);
  });

  it.each(['an unknown project', 'a project of another organization'])(
    'answers 401 envelope for an X-Project-Id naming %s',
    async (which) => {
      let projectId = 'does-not-exist';
      if (which !== 'an unknown project') {
        projectId = 'other-project';
        app.store.organizations.set('other-org', { id: 'other-org', name: 'Other', createdAt: '' });
        app.store.projects.set(projectId, { id: projectId, orgId: 'other-org', name: 'Other', createdAt: '' });
      }
      for (const route of ['/v1/project', '/v1/user']) {
        const headers = { ...headersFor(app, 'org', false), 'X-Project-Id': projectId };
        const res = await app.request('GET', route, { headers });
        expect([res.status, res.body]).toEqual([401, INVALID]);
      }
      expect(seen).toEqual([]);
    },
  );
});
