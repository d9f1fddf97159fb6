import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor } from '../__test-helpers__/callers.ts';
import { addOrganization } from '../__test-helpers__/orgs.ts';
import { type App, createApp } from '../app.ts';
import { insertAgent, insertApproval } from '../store/index.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const FORBIDDEN = { error: { message: 'Insufficient permissions', type: 'authentication_error' } };
const SCOPE_REQUIRED = { error: { message: 'organization_scope_required', type: 'authentication_error' } };

let app: App;
let agentId: string;

function list(query = '', caller: Caller = 'org', withProject = false) {
  return app.request('GET', `/v1/org/approvals/pending${query}`, { headers: headersFor(app, caller, withProject) });
}

async function ids(query = ''): Promise<string[]> {
  return ((await list(query)).body as { requests: { id: string }[] }).requests.map((r) => r.id);
}

/** A second project of the seeded organization, with its default agent. */
function addProject(): { projectId: string; agentId: string } {
  const projectId = crypto.randomUUID();
  app.store.projects.set(projectId, { id: projectId, orgId: app.keys.orgId, name: 'Second', createdAt: new Date().toISOString() });
  const agent = insertAgent(app.store, { projectId, name: 'Second Agent', identifier: 'default', isDefault: true });
  return { projectId, agentId: agent.id };
}

beforeEach(() => {
  app = createApp();
  agentId = [...app.store.agents.values()][0]!.id;
});

describe('Organization Approvals listOrgPendingApprovals GET /org/approvals/pending', () => {
  it('answers at once with no requests and the approval timeout', async () => {
    const res = await list();
    expect([res.status, res.body]).toEqual([200, { requests: [], timeoutSeconds: 180 }]);
  });

  it('lists pending requests of every project of the organization, oldest first, every property filled', async () => {
    const second = addProject();
    const t0 = Date.now();
    const a = insertApproval(app.store, { projectId: app.keys.projectId, agentId, createdAt: new Date(t0 - 2000) });
    const b = insertApproval(app.store, {
      projectId: second.projectId,
      agentId: second.agentId,
      method: 'DELETE',
      url: 'https://api.github.com/repos/acme/app?x=1',
      bodyPreview: '{"a":1}',
      summary: { action: 'delete repo' },
      createdAt: new Date(t0 - 1000),
    });
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      requests: [
        expect.objectContaining({ id: a.id, projectId: app.keys.projectId }),
        {
          id: b.id,
          projectId: second.projectId,
          method: 'DELETE',
          url: 'https://api.github.com/repos/acme/app?x=1',
          host: 'api.github.com',
          path: '/repos/acme/app?x=1',
          headers: { 'content-type': 'application/json' },
          bodyPreview: '{"a":1}',
          summary: { action: 'delete repo' },
          agent: { id: second.agentId, name: 'Second Agent', externalId: 'default' },
          createdAt: b.createdAt,
          expiresAt: b.expiresAt,
        },
      ],
      timeoutSeconds: 180,
    });
  });

  it('leaves out decided, expired and other organizations\' requests', async () => {
    const pending = insertApproval(app.store, { projectId: app.keys.projectId, agentId });
    insertApproval(app.store, { projectId: app.keys.projectId, agentId }).status = 'approved';
    insertApproval(app.store, { projectId: app.keys.projectId, agentId, createdAt: new Date(Date.now() - 10_000), expiresAt: new Date(Date.now() - 1) });
    const other = addOrganization(app);
    const otherAgent = insertAgent(app.store, { projectId: other.projectId, name: 'X', identifier: 'default', isDefault: true });
    const foreign = insertApproval(app.store, { projectId: other.projectId, agentId: otherAgent.id });
    expect(await ids()).toEqual([pending.id]);
    const theirs = await app.request('GET', '/v1/org/approvals/pending', { headers: other.headers });
    expect((theirs.body as { requests: { id: string }[] }).requests.map((r) => r.id)).toEqual([foreign.id]);
  });

  it.each([
    ['one id', (x: string, _y: string) => `?exclude=${x}`, 1],
    ['a comma-separated list', (x: string, y: string) => `?exclude=${x},${y}`, 0],
    ['repeated parameters', (x: string, y: string) => `?exclude=${x}&exclude=${y}`, 0],
    ['unknown ids', () => '?exclude=nope,', 2],
    ['an empty value', () => '?exclude=', 2],
  ])('exclude › %s', async (_, query, remaining) => {
    const x = insertApproval(app.store, { projectId: app.keys.projectId, agentId });
    const y = insertApproval(app.store, { projectId: app.keys.projectId, agentId });
    expect(await ids(query(x.id, y.id))).toHaveLength(remaining);
  });

  it('accepts an org key sent with X-Project-Id (still organization-wide)', async () => {
    const second = addProject();
    insertApproval(app.store, { projectId: second.projectId, agentId: second.agentId });
    expect(((await list('', 'org', true)).body as { requests: unknown[] }).requests).toHaveLength(1);
  });

  it('403 envelope organization_scope_required for a project key', async () => {
    const res = await list('', 'project');
    expect([res.status, res.body]).toEqual([403, SCOPE_REQUIRED]);
  });

  it('403 envelope for a plain member', async () => {
    const res = await list('', 'member');
    expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
  });

  it('401 envelope without a valid key or with the partner key', async () => {
    for (const headers of [{}, { Authorization: 'Bearer oc_org_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request('GET', '/v1/org/approvals/pending', { headers });
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
  });

  it('served on enterprise, unknown route on community', async () => {
    app = createApp({ edition: 'enterprise' });
    expect((await list()).status).toBe(200);
    app = createApp({ edition: 'community' });
    const res = await list();
    expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
  });
});
