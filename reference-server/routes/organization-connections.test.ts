import { beforeEach, describe, expect, it } from 'vitest';
import {
  addOrganization,
  caller,
  FLAT,
  FORBIDDEN,
  INVALID_KEY,
  listedConnections,
  notFound,
  seedOrgConnection,
} from '../__test-helpers__/app-fixtures.ts';
import { headersFor, ISO_DATE_TIME } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import type { Edition } from '../edition.ts';
import { insertConnection } from '../store/index.ts';

let app: App;
let call: ReturnType<typeof caller>;

beforeEach(() => {
  app = createApp();
  call = caller(app);
});

/** As the seeded owner's org key, without X-Project-Id (the /org routes need no project). */
function asAdmin(method: string, path: string, body?: unknown) {
  return call(method, path, body, 'org', headersFor(app, 'org', false));
}

const operations: [string, string, string, unknown][] = [
  ['listOrgConnections', 'GET', '/org/connections', undefined],
  ['renameOrgConnection', 'PATCH', '/org/connections/{id}', { label: 'New' }],
  ['deleteOrgConnection', 'DELETE', '/org/connections/{id}', undefined],
];

describe('Organization Connections: editions, roles and authentication on every operation', () => {
  const withConnection = (path: string) => path.replace('{id}', seedOrgConnection(app, 'stripe', 'Org'));

  it.each(operations)('%s %s %s › succeeds for an admin with an org key (with or without X-Project-Id) or a project key', async (_, method, path, body) => {
    for (const headers of [() => headersFor(app, 'org', false), () => headersFor(app, 'org'), () => headersFor(app, 'project')]) {
      app = createApp();
      call = caller(app);
      const res = await call(method, withConnection(path), body, 'org', headers());
      expect(res.status).toSatisfy((s: number) => s >= 200 && s < 300);
    }
  });

  it.each(operations)('%s %s %s › 403 envelope for a plain member, nothing changed', async (_, method, path, body) => {
    const res = await call(method, withConnection(path), body, 'member', headersFor(app, 'member', false));
    expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
    expect([...app.store.orgAppConnections.values()].map((c) => c.label)).toEqual(['Org']);
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key', async (_, method, path, body) => {
    const target = withConnection(path);
    for (const headers of [{}, { Authorization: 'Bearer oc_org_nope' }, headersFor(app, 'partner')]) {
      const res = await call(method, target, body, 'org', headers);
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
  });

  it.each<[string, string, string, unknown, Edition]>(operations.map(([id, m, p, b]) => [id, m, p, b, 'enterprise']))(
    '%s %s %s › served on %s',
    async (_, method, path, body, edition) => {
      app = createApp({ edition });
      call = caller(app);
      expect((await asAdmin(method, withConnection(path), body)).status).toBeLessThan(300);
    },
  );

  it.each(operations)('%s %s %s › unknown route (404 envelope) on community', async (_, method, path, body) => {
    app = createApp({ edition: 'community' });
    const target = `/v1${path.replace('{id}', 'x')}`;
    const res = await app.request(method, target, { headers: headersFor(app, 'org', false), body });
    expect(res.status).toBe(404);
    expect((res.body as { error: { type: string; message: string } }).error).toEqual({
      type: 'invalid_request_error',
      message: expect.stringContaining(`Unrecognized request URL (${method}: ${target})`),
    });
  });

  it.each(operations.filter(([, , p]) => p.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown connection, a project one, or one of another organization',
    async (_, method, path, body) => {
      const projectConnection = insertConnection(app.store, { scope: 'project', projectId: app.keys.projectId, orgId: app.keys.orgId }, { provider: 'linear', label: 'P', scopes: [], credentials: {}, metadata: null });
      const other = addOrganization(app);
      const foreign = insertConnection(app.store, { scope: 'organization', orgId: other.orgId }, { provider: 'linear', label: 'F', scopes: [], credentials: {}, metadata: null });
      for (const id of ['does-not-exist', projectConnection.record.id, foreign.record.id]) {
        const res = await asAdmin(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, notFound('Connection not found')]);
      }
      expect(app.store.appConnections.get(projectConnection.record.id)!.label).toBe('P');
      expect(app.store.orgAppConnections.get(foreign.record.id)!.label).toBe('F');
    },
  );
});

describe('Organization Connections: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, unknown, string]>([
    ['label missing', {}, 'label is required'],
    ['an empty label', { label: '' }, 'label must be at least 1 character(s) long (received 0)'],
    ['a numeric label', { label: 3 }, 'label must be a string (received number)'],
  ])('renameOrgConnection PATCH /org/connections/{connectionId} › %s', async (_, body, message) => {
    const id = seedOrgConnection(app, 'stripe', 'Org');
    const before = storeSnapshot(app);
    const res = await asAdmin('PATCH', `/org/connections/${id}`, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Organization Connections listOrgConnections GET /org/connections', () => {
  it("lists only the organization's own connections, newest first, with every AppConnection property", async () => {
    expect((await asAdmin('GET', '/org/connections')).body).toEqual([]);
    const first = seedOrgConnection(app, 'stripe', 'First');
    await new Promise((r) => setTimeout(r, 3));
    const second = seedOrgConnection(app, 'linear');
    insertConnection(app.store, { scope: 'project', projectId: app.keys.projectId, orgId: app.keys.orgId }, { provider: 'linear', label: 'P', scopes: [], credentials: {}, metadata: null });
    insertConnection(app.store, { scope: 'organization', orgId: addOrganization(app).orgId }, { provider: 'linear', label: 'F', scopes: [], credentials: {}, metadata: null });
    const res = await asAdmin('GET', '/org/connections');
    expect([res.status, res.body]).toEqual([
      200,
      [
        { id: second, provider: 'linear', label: null, status: 'connected', scopes: [], scope: 'organization', metadata: null, connectedAt: expect.stringMatching(ISO_DATE_TIME) },
        expect.objectContaining({ id: first, label: 'First', scope: 'organization' }),
      ],
    ]);
  });

  it('filters by provider; an unknown provider is an empty list (no 400 or 404 documented)', async () => {
    seedOrgConnection(app, 'stripe');
    seedOrgConnection(app, 'linear');
    expect(((await asAdmin('GET', '/org/connections?provider=linear')).body as { provider: string }[]).map((c) => c.provider)).toEqual(['linear']);
    const unknown = await asAdmin('GET', '/org/connections?provider=nope');
    expect([unknown.status, unknown.body]).toEqual([200, []]);
  });
});

describe('Organization Connections renameOrgConnection PATCH /org/connections/{connectionId}', () => {
  it('sets the label and answers {id, provider, status, label}; projects see it', async () => {
    const id = seedOrgConnection(app, 'stripe', 'Old');
    const res = await asAdmin('PATCH', `/org/connections/${id}`, { label: ' Shared ' });
    expect([res.status, res.body]).toEqual([200, { id, provider: 'stripe', status: 'connected', label: ' Shared ' }]);
    expect(listedConnections(app).map((c) => c.label)).toEqual([' Shared ']);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['label missing', {}],
    ['an empty label', { label: '' }],
    ['a numeric label', { label: 7 }],
    ['a null label', { label: null }],
    ['an array label', { label: ['x'] }],
  ])('rejects %s with 400 flat (never a 500)', async (_, body) => {
    const id = seedOrgConnection(app, 'stripe', 'Kept');
    const res = await asAdmin('PATCH', `/org/connections/${id}`, body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
    expect(app.store.orgAppConnections.get(id)!.label).toBe('Kept');
  });

  it('accepts a whitespace-only label and extra properties', async () => {
    const id = seedOrgConnection(app, 'stripe');
    const res = await asAdmin('PATCH', `/org/connections/${id}`, { label: '\t', more: 1 });
    expect([res.status, (res.body as { label: string }).label]).toEqual([200, '\t']);
  });
});

describe('Organization Connections deleteOrgConnection DELETE /org/connections/{connectionId}', () => {
  it('answers 204; the connection is gone for the organization and its projects', async () => {
    const id = seedOrgConnection(app, 'stripe');
    const keep = seedOrgConnection(app, 'linear');
    const res = await asAdmin('DELETE', `/org/connections/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(listedConnections(app).map((c) => c.id)).toEqual([keep]);
    expect((await asAdmin('DELETE', `/org/connections/${id}`)).status).toBe(404);
  });

  it('also drops the connection from agent assignments', async () => {
    const id = seedOrgConnection(app, 'stripe');
    const agent = [...app.store.agents.values()][0]!;
    agent.connections.set(id, null);
    await asAdmin('DELETE', `/org/connections/${id}`);
    expect(agent.connections.has(id)).toBe(false);
  });
});
