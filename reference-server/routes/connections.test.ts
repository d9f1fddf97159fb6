import { beforeEach, describe, expect, it } from 'vitest';
import { addOrganization, addProject, caller, FLAT, INVALID_KEY, NO_PROJECT, notFound, seedOrgConnection } from '../__test-helpers__/app-fixtures.ts';
import { headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { type App, createApp } from '../app.ts';
import { insertConnection } from '../store/index.ts';

let app: App;
let call: ReturnType<typeof caller>;

beforeEach(() => {
  app = createApp();
  call = caller(app);
});

/** Connects an app in the seeded project (or with `headers`) and returns the new connection's id. */
async function connect(provider: string, fields: Record<string, string>, label?: string, headers?: Record<string, string>) {
  const before = new Set(app.store.appConnections.keys());
  const res = await call('POST', `/apps/${provider}/connect`, { fields, label }, 'project', headers);
  expect(res.status).toBe(200);
  return [...app.store.appConnections.keys()].find((id) => !before.has(id))!;
}

/** An organization connection of the seeded organization (as POST /org/apps/{provider}/connect makes). */
async function orgConnect(provider: string, label?: string) {
  return seedOrgConnection(app, provider, label);
}

const operations: [string, string, string, unknown][] = [
  ['listConnections', 'GET', '/connections', undefined],
  ['renameConnection', 'PATCH', '/connections/{id}', { label: 'New' }],
  ['disconnectConnection', 'DELETE', '/connections/{id}', undefined],
];

describe('Connections: authentication and project context on every operation', () => {
  const withConnection = async (path: string) => path.replace('{id}', await connect('linear', { apiKey: 'k' }, 'L'));

  it.each(operations)('%s %s %s › succeeds for project, org and member keys', async (_, method, path, body) => {
    for (const who of ['project', 'org', 'member'] as const) {
      app = createApp();
      call = caller(app);
      const res = await call(method, await withConnection(path), body, who);
      expect([who, res.status]).toEqual([who, expect.toSatisfy((s: number) => s >= 200 && s < 300)]);
    }
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key, nothing changed', async (_, method, path, body) => {
    const target = await withConnection(path);
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${target}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
    expect([...app.store.appConnections.values()].map((c) => c.label)).toEqual(['L']);
  });

  it.each(operations)('%s %s %s › 400 envelope for an org key without X-Project-Id', async (_, method, path, body) => {
    const res = await app.request(method, `/v1${await withConnection(path)}`, { headers: headersFor(app, 'org', false), body });
    expect([res.status, res.body]).toEqual([400, NO_PROJECT]);
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown connection, one of another project, or an organization one',
    async (_, method, path, body) => {
      const other = addProject(app);
      const foreign = await connect('linear', { apiKey: 'k' }, 'F', other.headers);
      const otherOrg = addOrganization(app);
      const farAway = await connect('linear', { apiKey: 'k' }, 'X', otherOrg.projectHeaders);
      const org = await orgConnect('stripe', 'Org');
      for (const id of ['does-not-exist', foreign, farAway, org]) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, notFound('Connection not found')]);
      }
      expect(app.store.appConnections.size + app.store.orgAppConnections.size).toBe(3);
    },
  );
});

describe('Connections listConnections GET /connections', () => {
  it('starts empty', async () => {
    expect([(await call('GET', '/connections')).status, (await call('GET', '/connections')).body]).toEqual([200, []]);
  });

  it("lists the project's connections and its organization's, newest first, with every property", async () => {
    await connect('linear', { apiKey: 'k' }, 'Mine');
    await new Promise((r) => setTimeout(r, 3));
    await orgConnect('stripe');
    const other = addProject(app);
    await connect('linear', { apiKey: 'k' }, 'Sibling', other.headers);
    const res = await call('GET', '/connections');
    expect(res.body).toEqual([
      {
        id: expect.stringMatching(UUID),
        provider: 'stripe',
        label: null,
        status: 'connected',
        scopes: [],
        scope: 'organization',
        metadata: null,
        connectedAt: expect.stringMatching(ISO_DATE_TIME),
      },
      expect.objectContaining({ provider: 'linear', label: 'Mine', scope: 'project' }),
    ]);
  });

  it('filters by provider (an unknown provider is just an empty list)', async () => {
    await connect('linear', { apiKey: 'k' });
    await connect('stripe', { secretKey: 'k' });
    await orgConnect('stripe');
    const stripe = (await call('GET', '/connections?provider=stripe')).body as { provider: string }[];
    expect(stripe.map((c) => c.provider)).toEqual(['stripe', 'stripe']);
    expect((await call('GET', '/connections?provider=nope')).body).toEqual([]);
    expect(((await call('GET', '/connections?provider=')).body as unknown[]).length).toBe(3);
  });

  it("does not show another organization's connections", async () => {
    const other = addOrganization(app);
    insertConnection(app.store, { scope: 'organization', orgId: other.orgId }, { provider: 'linear', label: null, scopes: [], credentials: {}, metadata: null });
    expect((await call('GET', '/connections')).body).toEqual([]);
  });
});

describe('Connections renameConnection PATCH /connections/{connectionId}', () => {
  it('sets the label and answers {id, provider, status, label}', async () => {
    const id = await connect('linear', { apiKey: 'k' }, 'Old');
    const res = await call('PATCH', `/connections/${id}`, { label: 'Work account' });
    expect([res.status, res.body]).toEqual([200, { id, provider: 'linear', status: 'connected', label: 'Work account' }]);
    expect(((await call('GET', '/connections')).body as { label: string }[])[0]!.label).toBe('Work account');
  });

  it.each([
    ['a whitespace-only label', '   '],
    ['a one-character label', 'x'],
    ['a long unicode label', '😀'.repeat(500)],
  ])('accepts %s as is', async (_, label) => {
    const id = await connect('linear', { apiKey: 'k' });
    const res = await call('PATCH', `/connections/${id}`, { label, extra: true });
    expect([res.status, (res.body as { label: string }).label]).toEqual([200, label]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{"label"'],
    ['label missing', {}],
    ['an empty label', { label: '' }],
    ['a numeric label', { label: 42 }],
    ['a null label', { label: null }],
    ['an object label', { label: { text: 'x' } }],
  ])('rejects %s with 400 flat (never a 500), label unchanged', async (_, body) => {
    const id = await connect('linear', { apiKey: 'k' }, 'Kept');
    const res = await call('PATCH', `/connections/${id}`, body);
    expect([res.status, res.body]).toEqual([400, FLAT]);
    expect(app.store.appConnections.get(id)!.label).toBe('Kept');
  });

  it('validates the body before looking the connection up', async () => {
    const res = await call('PATCH', '/connections/nope', { label: '' });
    expect([res.status, res.body]).toEqual([400, { error: 'label must be at least 1 character(s) long (received 0)' }]);
  });
});

describe('Connections disconnectConnection DELETE /connections/{connectionId}', () => {
  it('answers 204, removes the connection and its agent assignments', async () => {
    const id = await connect('linear', { apiKey: 'k' });
    const keep = await connect('stripe', { secretKey: 'k' });
    const agentId = [...app.store.agents.keys()][0]!;
    const put = await call('PUT', `/agents/${agentId}/connections`, { connections: [{ appConnectionId: id, sessionPolicy: { a: 1 } }, { appConnectionId: keep }] });
    expect(put.status).toBe(200);
    const res = await call('DELETE', `/connections/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(app.store.agents.get(agentId)!.connections.has(id)).toBe(false);
    expect((await call('GET', `/agents/${agentId}/connections`)).body).toEqual([{ appConnectionId: keep, sessionPolicy: null }]);
    expect((await call('GET', '/agents/granular-access')).body).toEqual([]);
    expect((await call('DELETE', `/connections/${id}`)).status).toBe(404);
  });

  it('leaves the app configuration and blocklist alone', async () => {
    const id = await connect('stripe', { secretKey: 'k' });
    await call('POST', '/apps/stripe/blocklist', { hostId: 'stripe-files' });
    await call('DELETE', `/connections/${id}`);
    expect(app.store.blocklistRules.size).toBe(1);
  });
});
