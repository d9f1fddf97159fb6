import { beforeEach, describe, expect, it } from 'vitest';
import { headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { addPartner } from '../__test-helpers__/orgs.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import { claimPartnerOrg } from '../store/index.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const ORG_NOT_FOUND = { error: { message: 'Organization not found', type: 'not_found_error' } };
const PROJECT_NOT_FOUND = { error: { message: 'Project not found', type: 'not_found_error' } };
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const flat = { error: expect.any(String) };

interface Created {
  organizationId: string;
  projectId: string;
  orgApiKey: string;
  projectApiKey: string;
  claimUrl: string;
}

let app: App;
let org: Created;

function call(method: string, path: string, body?: unknown, headers = headersFor(app, 'partner')) {
  return app.request(method, `/v1${path}`, { headers, body });
}

async function createOrg(headers = headersFor(app, 'partner')): Promise<Created> {
  const res = await call('POST', '/partner/orgs', { name: 'Acme' }, headers);
  expect(res.status).toBe(201);
  return res.body as Created;
}

async function projectNames(orgId = org.organizationId): Promise<string[]> {
  return ((await call('GET', `/partner/orgs/${orgId}/projects`)).body as { name: string }[]).map((p) => p.name);
}

async function addProject(name: string): Promise<string> {
  const res = await call('POST', `/partner/orgs/${org.organizationId}/projects`, { name });
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

beforeEach(async () => {
  app = createApp();
  org = await createOrg();
});

const operations: [string, string, string, unknown][] = [
  ['listPartnerProjects', 'GET', '/partner/orgs/{org}/projects', undefined],
  ['createPartnerProject', 'POST', '/partner/orgs/{org}/projects', { name: 'Staging' }],
  ['deletePartnerProject', 'DELETE', '/partner/orgs/{org}/projects/{project}', undefined],
];

describe('Partner Projects: access on every operation', () => {
  const target = async (path: string) => path.replace('{org}', org.organizationId).replace('{project}', await addProject('Extra'));

  it.each(operations)('%s %s %s › succeeds for the partner key', async (_, method, path, body) => {
    const res = await call(method, await target(path), body);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  it.each(operations)('%s %s %s › 401 envelope for any other key, nothing changed', async (_, method, path, body) => {
    const url = await target(path);
    const before = await projectNames();
    for (const headers of [{}, { Authorization: `Bearer oc_partner_${'0'.repeat(64)}` }, { Authorization: 'Bearer not-a-key' }, headersFor(app, 'project'), headersFor(app, 'org'), headersFor(app, 'member'), { Authorization: `Bearer ${org.orgApiKey}` }]) {
      const res = await call(method, url, body, headers);
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
    expect(await projectNames()).toEqual(before);
  });

  it.each(operations)('%s %s %s › unknown route off Cloud', async (_, method, path, body) => {
    for (const edition of ['enterprise', 'community'] as const) {
      app = createApp({ edition });
      const res = await call(method, path.replace('{org}', 'o').replace('{project}', 'p'), body);
      expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
    }
  });

  it.each(operations)('%s %s %s › 404 envelope for an unknown organization, another partner\'s, or one not partner-managed', async (_, method, path, body) => {
    const other = addPartner(app);
    const foreign = await createOrg(other.headers);
    for (const [orgId, projectId] of [['nope', 'nope'], [foreign.organizationId, foreign.projectId], [app.keys.orgId, app.keys.projectId]]) {
      const res = await call(method, path.replace('{org}', orgId!).replace('{project}', projectId!), body);
      expect([orgId, res.status, res.body]).toEqual([orgId, 404, ORG_NOT_FOUND]);
    }
    expect(app.store.projects.has(foreign.projectId)).toBe(true);
    expect(app.store.projects.has(app.keys.projectId)).toBe(true);
  });
});

describe('Partner Projects: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, unknown, string]>([
    ['name missing', {}, 'name is required'],
    ['a one-character name', { name: 'x' }, 'name must be at least 2 character(s) long (received 1)'],
    ['a 51-character name', { name: 'x'.repeat(51) }, 'name must be at most 50 characters (received 51)'],
  ])('createPartnerProject POST /partner/orgs/{orgId}/projects › %s', async (_, body, message) => {
    const before = storeSnapshot(app);
    const res = await call('POST', `/partner/orgs/${org.organizationId}/projects`, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Partner Projects listPartnerProjects / createPartnerProject', () => {
  it('lists the default project, then added ones, as full Project objects', async () => {
    const res = await call('POST', `/partner/orgs/${org.organizationId}/projects`, { name: 'Staging Env' });
    expect([res.status, res.body]).toEqual([
      201,
      { id: expect.stringMatching(UUID), name: 'Staging Env', slug: 'staging-env', createdAt: expect.stringMatching(ISO_DATE_TIME) },
    ]);
    const list = await call('GET', `/partner/orgs/${org.organizationId}/projects`);
    expect([list.status, list.body]).toEqual([
      200,
      [
        { id: org.projectId, name: 'Default Project', slug: 'default-project', createdAt: expect.stringMatching(ISO_DATE_TIME) },
        res.body,
      ],
    ]);
  });

  it('keeps slugs unique within the organization', async () => {
    await addProject('Staging');
    const second = await call('POST', `/partner/orgs/${org.organizationId}/projects`, { name: 'staging' });
    expect((second.body as { slug: string }).slug).toBe('staging-2');
  });

  it('still lists the projects of a claimed organization', async () => {
    claimPartnerOrg(app.store, org.claimUrl.split('/').pop()!, 'a@b.co');
    expect(await projectNames()).toEqual(['Default Project']);
  });

  it.each([
    ['a 2-character name', 'ab'],
    ['a 50-character name', 'x'.repeat(50)],
    ['a whitespace-only name', '   '],
    ['a 50-code-point emoji name', '🚀'.repeat(50)],
  ])('accepts %s', async (_, name) => {
    expect((await call('POST', `/partner/orgs/${org.organizationId}/projects`, { name })).status).toBe(201);
  });

  it.each([
    ['no body', undefined],
    ['no name', {}],
    ['a 1-character name', { name: 'x' }],
    ['a 51-character name', { name: 'x'.repeat(51) }],
    ['a numeric name', { name: 12 }],
  ])('400 flat for %s, validated before the organization look-up', async (_, body) => {
    for (const orgId of [org.organizationId, 'does-not-exist']) {
      const res = await call('POST', `/partner/orgs/${orgId}/projects`, body);
      expect([res.status, res.body]).toEqual([400, flat]);
    }
    expect(await projectNames()).toEqual(['Default Project']);
  });

  it('400 envelope on a claimed organization', async () => {
    claimPartnerOrg(app.store, org.claimUrl.split('/').pop()!, 'a@b.co');
    const res = await call('POST', `/partner/orgs/${org.organizationId}/projects`, { name: 'Staging' });
    expect([res.status, res.body]).toEqual([400, badRequest('Organization has already been claimed')]);
  });
});

describe('Partner Projects deletePartnerProject', () => {
  it('answers 204 and removes the project with its agents and keys', async () => {
    const id = await addProject('Staging');
    const res = await call('DELETE', `/partner/orgs/${org.organizationId}/projects/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(await projectNames()).toEqual(['Default Project']);
    expect([...app.store.agents.values()].some((a) => a.projectId === id)).toBe(false);
  });

  it('removes the default project when another remains', async () => {
    await addProject('Staging');
    expect((await call('DELETE', `/partner/orgs/${org.organizationId}/projects/${org.projectId}`)).status).toBe(204);
    expect(await projectNames()).toEqual(['Staging']);
    expect((await app.request('GET', '/v1/agents', { headers: { Authorization: `Bearer ${org.projectApiKey}` } })).status).toBe(401);
    const rotated = (await call('POST', `/partner/orgs/${org.organizationId}/rotate-tokens`)).body as { projectApiKey: string };
    expect((await app.request('GET', '/v1/agents', { headers: { Authorization: `Bearer ${rotated.projectApiKey}` } })).status).toBe(200);
  });

  it('400 envelope for the last project', async () => {
    const res = await call('DELETE', `/partner/orgs/${org.organizationId}/projects/${org.projectId}`);
    expect([res.status, res.body]).toEqual([400, badRequest('At least one project must remain')]);
    expect(await projectNames()).toEqual(['Default Project']);
  });

  it('404 envelope for an unknown project or one of another organization', async () => {
    const other = await createOrg();
    for (const id of ['does-not-exist', other.projectId, app.keys.projectId]) {
      const res = await call('DELETE', `/partner/orgs/${org.organizationId}/projects/${id}`);
      expect([id, res.status, res.body]).toEqual([id, 404, PROJECT_NOT_FOUND]);
    }
  });

  it('400 envelope on a claimed organization', async () => {
    const id = await addProject('Staging');
    claimPartnerOrg(app.store, org.claimUrl.split('/').pop()!, 'a@b.co');
    const res = await call('DELETE', `/partner/orgs/${org.organizationId}/projects/${id}`);
    expect([res.status, res.body]).toEqual([400, badRequest('Organization has already been claimed')]);
  });
});
