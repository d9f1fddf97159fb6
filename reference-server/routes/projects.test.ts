import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import type { Edition } from '../edition.ts';

const PROJECT_KEY = /^oc_[0-9a-f]{64}$/;
const notFound = (message: string) => ({ error: { message, type: 'not_found_error' } });
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const UNAUTHORIZED = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const flat = { error: expect.any(String) };

let app: App;

/** Project routes need no project context: org keys are sent without X-Project-Id. */
function call(method: string, path: string, body?: unknown, caller: Caller = 'org') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller, false), body });
}

async function createProject(name: string): Promise<{ id: string; apiKey: string; slug: string }> {
  const res = await call('POST', '/projects', { name });
  expect(res.status).toBe(201);
  return res.body as { id: string; apiKey: string; slug: string };
}

beforeEach(() => {
  app = createApp();
});

const operations: [string, string, string, unknown][] = [
  ['listProjects', 'GET', '/projects', undefined],
  ['createProject', 'POST', '/projects', { name: 'Staging' }],
  ['getProject', 'GET', '/projects/{id}', undefined],
  ['updateProject', 'PATCH', '/projects/{id}', { name: 'Renamed' }],
  ['deleteProject', 'DELETE', '/projects/{id}', undefined],
];

describe('Projects: editions and authentication', () => {
  const withProject = async (path: string) => (path.includes('{id}') ? path.replace('{id}', (await createProject('Other')).id) : path);

  it.each(operations)('%s %s %s › succeeds for the project key and the owner org key', async (_, method, path, body) => {
    for (const caller of ['project', 'org'] as const) {
      app = createApp();
      const res = await call(method, await withProject(path), body, caller);
      expect([caller, res.status]).toEqual([caller, expect.toSatisfy((s: number) => s >= 200 && s < 300)]);
    }
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key, nothing changed', async (_, method, path, body) => {
    const target = await withProject(path);
    const before = JSON.stringify([...app.store.projects.values()]);
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${target}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, UNAUTHORIZED]);
    }
    expect(JSON.stringify([...app.store.projects.values()])).toBe(before);
  });

  it.each(operations)('%s %s %s › not served on self-hosted editions', async (_, method, path, body) => {
    for (const edition of ['enterprise', 'community'] as Edition[]) {
      app = createApp({ edition });
      const res = await call(method, path.replace('{id}', app.keys.projectId), body);
      expect([edition, res.status, (res.body as { error: { message: string } }).error.message]).toEqual([
        edition,
        404,
        expect.stringMatching(/^Unrecognized request URL/),
      ]);
    }
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown project or one of another organization',
    async (_, method, path, body) => {
      app.store.projects.set('foreign', { id: 'foreign', orgId: 'another-org', name: 'Foreign', createdAt: '' });
      await createProject('Second');
      for (const id of ['does-not-exist', 'foreign']) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, notFound('Project not found')]);
      }
      expect(app.store.projects.get('foreign')!.name).toBe('Foreign');
    },
  );

  it('lets a plain member list, read, rename and delete, but not create (403 envelope)', async () => {
    const { id } = await createProject('Shared');
    expect((await call('GET', '/projects', undefined, 'member')).status).toBe(200);
    expect((await call('GET', `/projects/${id}`, undefined, 'member')).status).toBe(200);
    expect((await call('PATCH', `/projects/${id}`, { name: 'Shared 2' }, 'member')).status).toBe(200);
    const res = await call('POST', '/projects', { name: 'Mine' }, 'member');
    expect([res.status, res.body]).toEqual([403, { error: { message: 'Insufficient permissions', type: 'authentication_error' } }]);
    expect((await call('DELETE', `/projects/${id}`, undefined, 'member')).status).toBe(204);
  });
});

describe('Projects: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['createProject', 'POST', '/projects', 'name is required', {}],
    ['createProject', 'POST', '/projects', 'name must be at least 2 character(s) long (received 1)', { name: 'x' }],
    ['updateProject', 'PATCH', '/projects/{id}', 'name must be at most 50 characters (received 51)', { name: 'x'.repeat(51) }],
    ['updateProject', 'PATCH', '/projects/{id}', 'name must be a string (received null)', { name: null }],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = path.replace('{id}', (await createProject('Target')).id);
    const before = storeSnapshot(app);
    const res = await call(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Projects listProjects / getProject', () => {
  it("lists the organization's projects, oldest first, with every Project property", async () => {
    const res = await call('GET', '/projects');
    expect([res.status, res.body]).toEqual([
      200,
      [{ id: app.keys.projectId, name: 'Default Project', slug: 'default-project', createdAt: expect.stringMatching(ISO_DATE_TIME) }],
    ]);
    const { id } = await createProject('Staging EU');
    app.store.projects.set('foreign', { id: 'foreign', orgId: 'another-org', name: 'Foreign', createdAt: '' });
    const list = (await call('GET', '/projects')).body as { id: string; slug: string }[];
    expect(list.map((p) => [p.id, p.slug])).toEqual([
      [app.keys.projectId, 'default-project'],
      [id, 'staging-eu'],
    ]);
    expect((await call('GET', `/projects/${id}`)).body).toEqual(list[1]);
  });
});

describe('Projects createProject POST /projects', () => {
  it('answers 201 with the Project, its slug and a project key that works for the new project', async () => {
    const res = await call('POST', '/projects', { name: 'Production', region: 'eu' });
    expect([res.status, res.body]).toEqual([
      201,
      { id: expect.stringMatching(UUID), name: 'Production', slug: 'production', createdAt: expect.stringMatching(ISO_DATE_TIME), apiKey: expect.stringMatching(PROJECT_KEY) },
    ]);
    const { apiKey } = res.body as { apiKey: string };
    const agents = await app.request('GET', '/v1/agents', { headers: { Authorization: `Bearer ${apiKey}` } });
    expect([agents.status, (agents.body as { identifier: string }[]).map((a) => a.identifier)]).toEqual([200, ['default']]);
  });

  it.each([
    ['a 2-character name', 'ab'],
    ['a 50-character name', 'x'.repeat(50)],
    ['a name without letters or digits', '--'],
    ['a whitespace-only name', '   '],
  ])('accepts %s', async (_, name) => {
    expect((await call('POST', '/projects', { name })).status).toBe(201);
  });

  it('answers 409 envelope when the derived slug is taken', async () => {
    await createProject('Staging');
    for (const name of ['Staging', 'staging', 'STAGING!', 'Default project']) {
      const res = await call('POST', '/projects', { name });
      expect([name, res.status, res.body]).toEqual([name, 409, badRequest('A project with this slug already exists')]);
    }
    expect(app.store.projects.size).toBe(2);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{'],
    ['name missing', {}],
    ['a 1-character name', { name: 'a' }],
    ['a 51-character name', { name: 'x'.repeat(51) }],
    ['a numeric name', { name: 12 }],
  ])('rejects %s with 400 flat, creating nothing', async (_, body) => {
    const res = await call('POST', '/projects', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(app.store.projects.size).toBe(1);
  });
});

describe('Projects updateProject PATCH /projects/{projectId}', () => {
  it('renames and re-derives the slug', async () => {
    const { id } = await createProject('Staging');
    const res = await call('PATCH', `/projects/${id}`, { name: 'Pre Production' });
    expect([res.status, res.body]).toEqual([200, { id, name: 'Pre Production', slug: 'pre-production', createdAt: expect.stringMatching(ISO_DATE_TIME) }]);
    expect((await call('GET', `/projects/${id}`)).body).toEqual(res.body);
  });

  it('keeps its own slug when only the case changes', async () => {
    const { id } = await createProject('Staging');
    expect((await call('PATCH', `/projects/${id}`, { name: 'STAGING' })).status).toBe(200);
  });

  it('answers 409 envelope for a slug another project has', async () => {
    const { id } = await createProject('Staging');
    const res = await call('PATCH', `/projects/${id}`, { name: 'Default Project' });
    expect([res.status, res.body]).toEqual([409, badRequest('A project with this slug already exists')]);
    expect(app.store.projects.get(id)!.name).toBe('Staging');
  });

  it('answers 400 envelope for an empty body', async () => {
    const res = await call('PATCH', `/projects/${app.keys.projectId}`, {});
    expect([res.status, res.body]).toEqual([400, badRequest('No fields to update')]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['a 1-character name', { name: 'a' }],
    ['a 51-character name', { name: 'x'.repeat(51) }],
    ['a null name', { name: null }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('PATCH', `/projects/${app.keys.projectId}`, body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });
});

describe('Projects deleteProject DELETE /projects/{projectId}', () => {
  it('answers 204 and removes the project with its data and keys', async () => {
    const { id, apiKey } = await createProject('Temp');
    const headers = { Authorization: `Bearer ${apiKey}` };
    await app.request('POST', '/v1/secrets', { headers, body: { name: 'S', type: 'anthropic', value: 'v', hostPattern: 'h' } });
    const res = await call('DELETE', `/projects/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await call('GET', `/projects/${id}`)).status).toBe(404);
    expect([...app.store.agents.values()].some((a) => a.projectId === id)).toBe(false);
    expect([...app.store.secrets.values()].some((s) => s.projectId === id)).toBe(false);
    expect((await app.request('GET', '/v1/agents', { headers })).status).toBe(401);
    expect((await call('GET', '/agents', undefined, 'project')).status).toBe(200);
  });

  it('answers 400 envelope for the last project of the organization', async () => {
    const res = await call('DELETE', `/projects/${app.keys.projectId}`);
    expect([res.status, res.body]).toEqual([400, badRequest('Cannot delete the last project of an organization')]);
    expect(app.store.projects.has(app.keys.projectId)).toBe(true);
  });
});
