import { beforeEach, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { addPartner } from '../__test-helpers__/orgs.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import { claimPartnerOrg } from '../store/index.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const ORG_NOT_FOUND = { error: { message: 'Organization not found', type: 'not_found_error' } };
const CLAIMED = { error: { message: 'Organization has already been claimed', type: 'authentication_error' } };
const flat = { error: expect.any(String) };
const CLAIM_URL = /^https:\/\/app\.onecli\.sh\/claim\/[0-9a-f]{48}$/;
const ORG_KEY = /^oc_org_[0-9a-f]{64}$/;
const PROJECT_KEY = /^oc_[0-9a-f]{64}$/;

interface Created {
  organizationId: string;
  projectId: string;
  orgApiKey: string;
  projectApiKey: string;
  agentToken: string;
  claimUrl: string;
}

let app: App;

function call(method: string, path: string, body?: unknown, headers = headersFor(app, 'partner')) {
  return app.request(method, `/v1${path}`, { headers, body });
}

async function createOrg(name = 'Acme Corp'): Promise<Created> {
  const res = await call('POST', '/partner/orgs', { name });
  expect(res.status).toBe(201);
  return res.body as Created;
}

function claim(created: Created, email = 'founder@acme.com'): void {
  expect(claimPartnerOrg(app.store, created.claimUrl.split('/').pop()!, email)).toBe(true);
}

beforeEach(() => {
  app = createApp();
});

const operations: [string, string, string, unknown][] = [
  ['listPartnerOrgs', 'GET', '/partner/orgs', undefined],
  ['createPartnerOrg', 'POST', '/partner/orgs', { name: 'Acme' }],
  ['getPartnerOrg', 'GET', '/partner/orgs/{id}', undefined],
  ['deletePartnerOrg', 'DELETE', '/partner/orgs/{id}', undefined],
  ['reissuePartnerClaimLink', 'POST', '/partner/orgs/{id}/claim-link', undefined],
  ['rotatePartnerOrgTokens', 'POST', '/partner/orgs/{id}/rotate-tokens', undefined],
];
const withOrgId = operations.filter(([, , path]) => path.includes('{id}'));

describe('Partner Organizations: access on every operation', () => {
  const withOrg = async (path: string) => path.replace('{id}', (await createOrg('Target')).organizationId);

  it.each(operations)('%s %s %s › succeeds for the partner key', async (_, method, path, body) => {
    const res = await call(method, await withOrg(path), body);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  it.each(operations)('%s %s %s › 401 envelope for any other key, nothing changed', async (_, method, path, body) => {
    const target = await withOrg(path);
    const before = JSON.stringify((await call('GET', '/partner/orgs')).body);
    for (const caller of ['project', 'org', 'member'] as const) {
      const res = await call(method, target, body, headersFor(app, caller));
      expect([caller, res.status, res.body]).toEqual([caller, 401, INVALID_KEY]);
    }
    const partnerKey = app.keys.partnerKey;
    const refused: Record<string, string>[] = [{}, { Authorization: 'Bearer oc_partner_nope' }, { Authorization: `bearer ${partnerKey}` }, { Authorization: `Bearer ${partnerKey}x` }];
    for (const headers of refused) {
      const res = await call(method, target, body, headers);
      expect([headers, res.status, res.body]).toEqual([headers, 401, INVALID_KEY]);
    }
    expect(JSON.stringify((await call('GET', '/partner/orgs')).body)).toBe(before);
  });

  it.each(operations)('%s %s %s › unknown route on enterprise and community', async (_, method, path, body) => {
    for (const edition of ['enterprise', 'community'] as const) {
      app = createApp({ edition });
      const res = await call(method, path.replace('{id}', 'x'), body);
      expect([edition, res.status, (res.body as { error: { type: string } }).error.type]).toEqual([edition, 404, 'invalid_request_error']);
    }
  });

  it.each(withOrgId)('%s %s %s › 404 envelope for an unknown organization, another partner\'s, or one not partner-managed', async (_, method, path, body) => {
    const other = addPartner(app);
    const foreign = (await call('POST', '/partner/orgs', { name: 'Foreign' }, other.headers)).body as Created;
    for (const id of ['does-not-exist', foreign.organizationId, app.keys.orgId]) {
      const res = await call(method, path.replace('{id}', id), body);
      expect([id, res.status, res.body]).toEqual([id, 404, ORG_NOT_FOUND]);
    }
    expect((await call('GET', `/partner/orgs/${foreign.organizationId}`, undefined, other.headers)).status).toBe(200);
  });

  it.each(withOrgId.filter(([, method]) => method !== 'GET'))('%s %s %s › 403 envelope once the organization is claimed or detached', async (_, method, path, body) => {
    const claimed = await createOrg('Claimed');
    claim(claimed);
    const res = await call(method, path.replace('{id}', claimed.organizationId), body);
    expect([res.status, res.body]).toEqual([403, CLAIMED]);

    const detached = await createOrg('Detached');
    await app.request('POST', '/v1/org/partner/detach', { headers: { Authorization: `Bearer ${detached.orgApiKey}` } });
    const after = await call(method, path.replace('{id}', detached.organizationId), body);
    expect([after.status, after.body]).toEqual([403, { error: { message: 'Organization has detached from the partner', type: 'authentication_error' } }]);
  });
});

describe('Partner Organizations: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, unknown, string]>([
    ['name missing', {}, 'name is required'],
    ['an empty name', { name: '' }, 'name must be at least 1 character(s) long (received 0)'],
    ['a numeric name', { name: 1 }, 'name must be a string (received number)'],
  ])('createPartnerOrg POST /partner/orgs › %s', async (_, body, message) => {
    const before = storeSnapshot(app);
    const res = await call('POST', '/partner/orgs', body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Partner Organizations createPartnerOrg POST /partner/orgs', () => {
  it('answers 201 with the organization, its default project, keys, agent token and claim URL', async () => {
    const res = await call('POST', '/partner/orgs', { name: 'Acme Corp' });
    expect([res.status, res.body]).toEqual([
      201,
      {
        organizationId: expect.stringMatching(UUID),
        projectId: expect.stringMatching(UUID),
        orgApiKey: expect.stringMatching(ORG_KEY),
        projectApiKey: expect.stringMatching(PROJECT_KEY),
        agentToken: expect.stringMatching(AGENT_TOKEN),
        claimUrl: expect.stringMatching(CLAIM_URL),
      },
    ]);
  });

  it('hands out keys that work on the new organization and its default project', async () => {
    const created = await createOrg();
    const orgHeaders = { Authorization: `Bearer ${created.orgApiKey}` };
    expect((await app.request('GET', '/v1/org/partner/status', { headers: orgHeaders })).body).toEqual({ partnerManaged: true, detached: false });
    const agents = await app.request('GET', '/v1/agents', { headers: { Authorization: `Bearer ${created.projectApiKey}` } });
    expect(agents.status).toBe(200);
    expect(agents.body).toEqual([expect.objectContaining({ isDefault: true, accessToken: created.agentToken })]);
    expect(app.store.projects.get(created.projectId)!.orgId).toBe(created.organizationId);
  });

  it.each([
    ['a whitespace-only name', '   '],
    ['a 255-character name', 'x'.repeat(255)],
    ['a 255-code-point emoji name', '🏢'.repeat(255)],
    ['a name with symbols only', '!!!'],
  ])('accepts %s', async (_, name) => {
    const res = await call('POST', '/partner/orgs', { name, extra: true });
    expect(res.status).toBe(201);
    const org = (await call('GET', `/partner/orgs/${(res.body as Created).organizationId}`)).body as { name: string; slug: string };
    expect(org.name).toBe(name);
    expect(org.slug).toMatch(/^[a-z0-9-]{1,50}$/);
  });

  it.each([
    ['no body', undefined],
    ['malformed JSON', '{"name"'],
    ['an array', [{ name: 'A' }]],
    ['no name', {}],
    ['an empty name', { name: '' }],
    ['a 256-character name', { name: 'x'.repeat(256) }],
    ['a numeric name', { name: 7 }],
    ['a null name', { name: null }],
  ])('400 flat for %s, nothing created', async (_, body) => {
    const res = await call('POST', '/partner/orgs', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect((await call('GET', '/partner/orgs')).body).toEqual([]);
  });
});

describe('Partner Organizations listPartnerOrgs / getPartnerOrg', () => {
  it('lists the partner organizations newest first, each a full PartnerOrg', async () => {
    const first = await createOrg('Acme Corp');
    const second = await createOrg('Acme Corp');
    const res = await call('GET', '/partner/orgs');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: second.organizationId,
        name: 'Acme Corp',
        slug: 'acme-corp-2',
        createdAt: expect.stringMatching(ISO_DATE_TIME),
        status: 'unclaimed',
        claimedByEmail: null,
        claimedAt: null,
        projects: [{ id: second.projectId, name: 'Default Project', slug: 'default-project', createdAt: expect.stringMatching(ISO_DATE_TIME) }],
      },
      expect.objectContaining({ id: first.organizationId, slug: 'acme-corp' }),
    ]);
  });

  it('lists only the caller partner organizations', async () => {
    const other = addPartner(app);
    await call('POST', '/partner/orgs', { name: 'Theirs' }, other.headers);
    expect((await call('GET', '/partner/orgs')).body).toEqual([]);
  });

  it('reports claims and detachment', async () => {
    const created = await createOrg();
    claim(created, 'founder@acme.com');
    const claimed = (await call('GET', `/partner/orgs/${created.organizationId}`)).body;
    expect(claimed).toEqual(expect.objectContaining({ status: 'claimed', claimedByEmail: 'founder@acme.com', claimedAt: expect.stringMatching(ISO_DATE_TIME) }));
    await app.request('POST', '/v1/org/partner/detach', { headers: { Authorization: `Bearer ${created.orgApiKey}` } });
    expect((await call('GET', `/partner/orgs/${created.organizationId}`)).body).toEqual(
      expect.objectContaining({ status: 'detached', claimedByEmail: 'founder@acme.com' }),
    );
  });

  it('lists projects added to the organization', async () => {
    const created = await createOrg();
    await call('POST', `/partner/orgs/${created.organizationId}/projects`, { name: 'Staging' });
    const org = (await call('GET', `/partner/orgs/${created.organizationId}`)).body as { projects: { name: string }[] };
    expect(org.projects.map((p) => p.name)).toEqual(['Default Project', 'Staging']);
  });
});

describe('Partner Organizations deletePartnerOrg DELETE /partner/orgs/{orgId}', () => {
  it('answers 204, and the organization, its projects and its keys are gone', async () => {
    const created = await createOrg();
    const res = await call('DELETE', `/partner/orgs/${created.organizationId}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await call('GET', `/partner/orgs/${created.organizationId}`)).status).toBe(404);
    expect((await call('GET', '/partner/orgs')).body).toEqual([]);
    expect(app.store.projects.has(created.projectId)).toBe(false);
    const orgCall = await app.request('GET', '/v1/org/partner/status', { headers: { Authorization: `Bearer ${created.orgApiKey}` } });
    expect(orgCall.status).toBe(401);
    expect((await app.request('GET', '/v1/agents', { headers: { Authorization: `Bearer ${created.projectApiKey}` } })).status).toBe(401);
  });

  it('leaves the seeded organization alone', async () => {
    const created = await createOrg();
    await call('DELETE', `/partner/orgs/${created.organizationId}`);
    expect((await app.request('GET', '/v1/agents', { headers: headersFor(app, 'project') })).status).toBe(200);
  });
});

describe('Partner Organizations reissuePartnerClaimLink / rotatePartnerOrgTokens', () => {
  it('issues a new claim URL that invalidates the previous one', async () => {
    const created = await createOrg();
    const res = await call('POST', `/partner/orgs/${created.organizationId}/claim-link`);
    expect([res.status, res.body]).toEqual([200, { claimUrl: expect.stringMatching(CLAIM_URL) }]);
    const fresh = (res.body as { claimUrl: string }).claimUrl;
    expect(fresh).not.toBe(created.claimUrl);
    expect(claimPartnerOrg(app.store, created.claimUrl.split('/').pop()!, 'late@acme.com')).toBe(false);
    expect(claimPartnerOrg(app.store, fresh.split('/').pop()!, 'founder@acme.com')).toBe(true);
  });

  it('mints fresh keys and revokes the previous pair', async () => {
    const created = await createOrg();
    const res = await call('POST', `/partner/orgs/${created.organizationId}/rotate-tokens`);
    expect([res.status, res.body]).toEqual([200, { orgApiKey: expect.stringMatching(ORG_KEY), projectApiKey: expect.stringMatching(PROJECT_KEY) }]);
    const rotated = res.body as { orgApiKey: string; projectApiKey: string };
    expect(rotated.orgApiKey).not.toBe(created.orgApiKey);
    const status = (key: string) => app.request('GET', '/v1/org/partner/status', { headers: { Authorization: `Bearer ${key}` } });
    expect((await status(created.orgApiKey)).status).toBe(401);
    expect((await status(rotated.orgApiKey)).status).toBe(200);
    const agents = (key: string) => app.request('GET', '/v1/agents', { headers: { Authorization: `Bearer ${key}` } });
    expect((await agents(created.projectApiKey)).status).toBe(401);
    expect((await agents(rotated.projectApiKey)).status).toBe(200);
  });
});

describe('Partner Organizations rotatePartnerOrgTokens after project changes', () => {
  it('binds the new project key to the oldest remaining project, or a fresh one when none is left', async () => {
    const created = await createOrg();
    app.store.projects.delete(created.projectId);
    const rotated = (await call('POST', `/partner/orgs/${created.organizationId}/rotate-tokens`)).body as { projectApiKey: string };
    const agents = await app.request('GET', '/v1/agents', { headers: { Authorization: `Bearer ${rotated.projectApiKey}` } });
    expect(agents.status).toBe(200);
    const org = (await call('GET', `/partner/orgs/${created.organizationId}`)).body as { projects: { name: string }[] };
    expect(org.projects.map((p) => p.name)).toEqual(['Default Project']);
  });
});
