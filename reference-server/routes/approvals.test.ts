import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import { insertApproval } from '../store/index.ts';

const notFound = (message: string) => ({ error: { message, type: 'not_found_error' } });
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const flat = { error: expect.any(String) };

let app: App;
let agentId: string;

function call(method: string, path: string, body?: unknown, caller: Caller = 'project') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller), body });
}

function hold(overrides: Partial<Parameters<typeof insertApproval>[1]> = {}) {
  return insertApproval(app.store, { projectId: app.keys.projectId, agentId, ...overrides });
}

beforeEach(() => {
  app = createApp();
  agentId = [...app.store.agents.values()][0]!.id;
});

const operations: [string, string, string, unknown][] = [
  ['listPendingApprovals', 'GET', '/approvals/pending', undefined],
  ['submitApprovalDecision', 'POST', '/approvals/{id}/decision', { decision: 'approve' }],
];

describe('Approvals: authentication on every operation', () => {
  it.each(operations)('%s %s %s › succeeds for project, org and member keys', async (_, method, path, body) => {
    for (const caller of ['project', 'org', 'member'] as const) {
      app = createApp();
      agentId = [...app.store.agents.values()][0]!.id;
      const res = await call(method, path.replace('{id}', hold().id), body, caller);
      expect([caller, res.status]).toEqual([caller, 200]);
    }
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key, nothing decided', async (_, method, path, body) => {
    const approval = hold();
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${path.replace('{id}', approval.id)}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }]);
    }
    expect(approval.status).toBe('pending');
  });

  it.each(operations)('%s %s %s › 400 envelope for an org key without X-Project-Id', async (_, method, path, body) => {
    const res = await app.request(method, `/v1${path.replace('{id}', hold().id)}`, { headers: headersFor(app, 'org', false), body });
    expect([res.status, res.body]).toEqual([400, badRequest('X-Project-Id header is required')]);
  });
});

describe('Approvals: route validation names the failing field (400 flat), nothing decided', () => {
  it.each<[string, unknown, string]>([
    ['decision missing', {}, 'decision is required'],
    ['an unknown decision', { decision: 'maybe' }, 'decision must be one of: approve, deny (received "maybe")'],
    ['a boolean decision', { decision: true }, 'decision must be one of: approve, deny (received boolean)'],
  ])('submitApprovalDecision POST /approvals/{id}/decision › %s', async (_, body, message) => {
    const approval = hold();
    const before = storeSnapshot(app);
    const res = await call('POST', `/approvals/${approval.id}/decision`, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
    expect(approval.status).toBe('pending');
  });
});

describe('Approvals listPendingApprovals GET /approvals/pending', () => {
  it('answers at once with no requests and the approval timeout', async () => {
    const res = await call('GET', '/approvals/pending');
    expect([res.status, res.body]).toEqual([200, { requests: [], timeoutSeconds: 180 }]);
  });

  it('lists pending requests oldest first with every PendingApproval property', async () => {
    const older = hold({ createdAt: new Date(Date.now() - 10_000), url: 'https://api.github.com/repos/a/b?x=1', method: 'DELETE' });
    const newer = hold({ bodyPreview: '{"title":"x"}', summary: { action: 'create issue' } });
    const res = await call('GET', '/approvals/pending');
    expect(res.status).toBe(200);
    expect((res.body as { requests: unknown[] }).requests).toEqual([
      {
        id: older.id,
        projectId: app.keys.projectId,
        method: 'DELETE',
        url: 'https://api.github.com/repos/a/b?x=1',
        host: 'api.github.com',
        path: '/repos/a/b?x=1',
        headers: { 'content-type': 'application/json' },
        bodyPreview: null,
        summary: null,
        agent: { id: agentId, name: 'Default Agent', externalId: 'default' },
        createdAt: expect.stringMatching(ISO_DATE_TIME),
        expiresAt: expect.stringMatching(ISO_DATE_TIME),
      },
      expect.objectContaining({ id: newer.id, bodyPreview: '{"title":"x"}', summary: { action: 'create issue' } }),
    ]);
    expect(older.id).toMatch(UUID);
  });

  it.each([
    ['one id', (ids: string[]) => `exclude=${ids[0]}`],
    ['a comma-separated list', (ids: string[]) => `exclude=${ids[0]},${ids[1]}`],
    ['repeated parameters', (ids: string[]) => `exclude=${ids[0]}&exclude=${ids[1]}`],
  ])('leaves out the ids given in exclude as %s', async (label, query) => {
    const ids = [hold().id, hold().id, hold().id];
    const res = await call('GET', `/approvals/pending?${query(ids)}`);
    const listed = (res.body as { requests: { id: string }[] }).requests.map((r) => r.id);
    expect(listed).toEqual(label === 'one id' ? [ids[1], ids[2]] : [ids[2]]);
  });

  it('leaves out decided, expired, foreign-project and orphaned requests', async () => {
    const decided = hold();
    decided.status = 'approved';
    hold({ createdAt: new Date(Date.now() - 200_000) });
    hold({ projectId: 'other-project' });
    hold({ agentId: 'deleted-agent' });
    expect((await call('GET', '/approvals/pending')).body).toEqual({ requests: [], timeoutSeconds: 180 });
  });
});

describe('Approvals submitApprovalDecision POST /approvals/{id}/decision', () => {
  it.each([
    ['approve', 'approved'],
    ['deny', 'denied'],
  ] as const)('%s → {success: true}, the request leaves the pending list', async (decision, status) => {
    const approval = hold();
    const res = await call('POST', `/approvals/${approval.id}/decision`, { decision });
    expect([res.status, res.body]).toEqual([200, { success: true }]);
    expect(approval.status).toBe(status);
    expect(approval.decidedAt).toMatch(ISO_DATE_TIME);
    expect(((await call('GET', '/approvals/pending')).body as { requests: unknown[] }).requests).toEqual([]);
  });

  it('answers 404 envelope for a second decision on the same request', async () => {
    const approval = hold();
    await call('POST', `/approvals/${approval.id}/decision`, { decision: 'approve' });
    const res = await call('POST', `/approvals/${approval.id}/decision`, { decision: 'deny' });
    expect([res.status, res.body]).toEqual([404, notFound('Approval not found')]);
    expect(approval.status).toBe('approved');
  });

  it.each([
    ['an unknown id', () => 'does-not-exist'],
    ['a request of another project', () => hold({ projectId: 'other-project' }).id],
    ['a request of a deleted agent', () => hold({ agentId: 'deleted-agent' }).id],
  ])('answers 404 envelope for %s', async (_, id) => {
    const res = await call('POST', `/approvals/${id()}/decision`, { decision: 'approve' });
    expect([res.status, res.body]).toEqual([404, notFound('Approval not found')]);
  });

  it('answers 410 envelope for an expired request, leaving it undecided', async () => {
    const approval = hold({ createdAt: new Date(Date.now() - 200_000) });
    const res = await call('POST', `/approvals/${approval.id}/decision`, { decision: 'approve' });
    expect([res.status, res.body]).toEqual([410, { error: { message: 'Approval expired', type: 'invalid_request_error' } }]);
    expect(approval.status).toBe('pending');
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{"decision"'],
    ['decision missing', {}],
    ['an unknown decision', { decision: 'maybe' }],
    ['an upper-case decision', { decision: 'APPROVE' }],
    ['a boolean decision', { decision: true }],
  ])('rejects %s with 400 flat, before looking the request up', async (_, body) => {
    const approval = hold();
    for (const id of [approval.id, 'does-not-exist']) {
      const res = await call('POST', `/approvals/${id}/decision`, body);
      expect([res.status, res.body]).toEqual([400, flat]);
    }
    expect(approval.status).toBe('pending');
  });
});
