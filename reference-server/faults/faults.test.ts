import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { headersFor } from '../__test-helpers__/callers.ts';
import { createApp } from '../app.ts';
import { routes } from '../routes/index.ts';
import { faultIds } from './index.ts';
import { FLAT_404_OPERATIONS } from './real-flat-404.ts';
import { RETIRED_OPERATIONS } from './v2-retired-410.ts';

const INVALID_BODY = { name: '', identifier: 'x' };

describe('faults', () => {
  it.each(faultIds)('%s › lives in faults/%s.ts', (id) => {
    expect(existsSync(fileURLToPath(new URL(`./${id}.ts`, import.meta.url)))).toBe(true);
  });

  it('registers the faults, ids unique', () => {
    expect(new Set(faultIds).size).toBe(faultIds.length);
    expect(faultIds).toEqual([
      'auth-401-flat',
      'validation-400-envelope',
      'accepts-invalid-body',
      'rejects-valid-names',
      'refuses-every-create',
      'undocumented-status',
      'wrong-property-type',
      'omits-documented-property',
      'wrong-content-type',
      'missing-location-header',
      '500-on-long-names',
      'slow-responses',
      'no-auth',
      'ignores-missing-project-id',
      'member-can-delete-org-secrets',
      'extra-method-accepted',
      'delete-keeps-resource',
      'created-not-readable',
      'update-not-persisted',
      'list-omits-created',
      'budget-clear-kept',
      'assignment-not-persisted',
      'real-flat-404',
      'v2-retired-410',
      'gateway-401-text',
      'container-config-500-flat',
      'approvals-on-gateway',
      'strict-trim',
      'strict-utf16-length',
      'strict-empty-as-missing',
      'strict-at-least-one-field',
      'strict-rate-limit-pair',
      'strict-host-pattern',
      'strict-provider-not-available',
      'drops-agent-list-once-in-three',
    ]);
  });

  it('auth-401-flat › a 401 comes back flat, other errors unchanged', async () => {
    const app = createApp({ faults: ['auth-401-flat'] });
    const res = await app.request('GET', '/v1/agents');
    expect([res.status, res.body]).toEqual([401, { error: 'Invalid API key or token.' }]);
    const other = await app.request('GET', '/v1/agents', { headers: headersFor(app, 'org', false) });
    expect(other.body).toEqual({ error: { message: 'X-Project-Id header is required', type: 'invalid_request_error' } });
  });

  it('validation-400-envelope › a validation 400 comes back as the envelope, service 400s unchanged', async () => {
    const app = createApp({ faults: ['validation-400-envelope'] });
    const headers = headersFor(app, 'project');
    const res = await app.request('POST', '/v1/agents', { headers, body: { identifier: 'x' } });
    expect([res.status, res.body]).toEqual([400, { error: { message: 'name is required', type: 'invalid_request_error' } }]);
    const defaultId = [...app.store.agents.keys()][0];
    const service = await app.request('DELETE', `/v1/agents/${defaultId}`, { headers });
    expect(service.body).toEqual({ error: { message: 'Cannot delete the default agent', type: 'invalid_request_error' } });
  });

  it('accepts-invalid-body › createAgent answers 200 to an invalid body, other operations unchanged', async () => {
    const app = createApp({ faults: ['accepts-invalid-body'] });
    const headers = headersFor(app, 'project');
    const res = await app.request('POST', '/v1/agents', { headers, body: INVALID_BODY });
    expect([res.status, res.body]).toEqual([200, { id: expect.any(String), createdAt: expect.any(String) }]);
    expect(app.store.agents.size).toBe(1);
    const valid = await app.request('POST', '/v1/agents', { headers, body: { name: 'n', identifier: 'n' } });
    expect(valid.status).toBe(201);
    const rename = await app.request('PATCH', `/v1/agents/${(valid.body as { id: string }).id}`, { headers, body: {} });
    expect(rename.status).toBe(400);
  });

  it('wrong-property-type › listAgents items carry isDefault as a string, getDefaultAgent unchanged', async () => {
    const app = createApp({ faults: ['wrong-property-type'] });
    const headers = headersFor(app, 'project');
    await app.request('POST', '/v1/agents', { headers, body: { name: 'n', identifier: 'n' } });
    const res = await app.request('GET', '/v1/agents', { headers });
    expect((res.body as { isDefault: unknown }[]).map((a) => a.isDefault)).toEqual(['true', 'false']);
    const single = await app.request('GET', '/v1/agents/default', { headers });
    expect((single.body as { isDefault: unknown }).isDefault).toBe(true);
  });

  it.each([
    ['createAgent', 'POST', '/v1/agents', { identifier: 'long' }],
    ['renameAgent', 'PATCH', '/v1/agents/{default}', {}],
  ])('500-on-long-names › %s answers 500 for a 101-character name, not for 100', async (_, method, path, extra) => {
    const app = createApp({ faults: ['500-on-long-names'] });
    const headers = headersFor(app, 'project');
    const url = path.replace('{default}', [...app.store.agents.keys()][0]!);
    const long = await app.request(method, url, { headers, body: { ...extra, name: 'x'.repeat(101) } });
    expect([long.status, long.body]).toEqual([500, { error: { message: 'An unexpected error occurred.', type: 'api_error' } }]);
    const ok = await app.request(method, url, { headers, body: { ...extra, identifier: 'ok', name: 'x'.repeat(100) } });
    expect(ok.status).toBeLessThan(300);
    const invalid = await app.request(method, url, { headers, body: { ...extra, name: 'x'.repeat(256) } });
    expect(invalid.status).toBe(400);
  });

  it('rejects-valid-names › createAgent answers 400 flat to a valid name with a digit; invalid bodies and auth unchanged', async () => {
    const app = createApp({ faults: ['rejects-valid-names'] });
    const headers = headersFor(app, 'project');
    const digit = await app.request('POST', '/v1/agents', { headers, body: { name: 'agent 7', identifier: 'a7' } });
    expect([digit.status, digit.body]).toEqual([400, { error: 'name must not contain digits' }]);
    const plain = await app.request('POST', '/v1/agents', { headers, body: { name: 'agent', identifier: 'a' } });
    expect(plain.status).toBe(201);
    const invalid = await app.request('POST', '/v1/agents', { headers, body: { name: 'agent 7', identifier: 'A!' } });
    expect(invalid.body).not.toEqual({ error: 'name must not contain digits' });
    expect((await app.request('POST', '/v1/agents', { body: { name: 'agent 8', identifier: 'a8' } })).status).toBe(401);
  });

  it('omits-documented-property › listAgents items lack secretMode, getDefaultAgent unchanged', async () => {
    const app = createApp({ faults: ['omits-documented-property'] });
    const headers = headersFor(app, 'project');
    const res = await app.request('GET', '/v1/agents', { headers });
    const items = res.body as Record<string, unknown>[];
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(Object.keys(item)).toEqual(['id', 'name', 'identifier', 'accessToken', 'isDefault', 'createdAt', '_count']);
    const single = await app.request('GET', '/v1/agents/default', { headers });
    expect(single.body).toHaveProperty('secretMode');
  });

  it('undocumented-status › getDefaultAgent answers 202 with its body, other operations unchanged', async () => {
    const app = createApp({ faults: ['undocumented-status'] });
    const headers = headersFor(app, 'project');
    const res = await app.request('GET', '/v1/agents/default', { headers });
    expect([res.status, res.body]).toEqual([202, expect.objectContaining({ isDefault: true })]);
    expect((await app.request('GET', '/v1/agents', { headers })).status).toBe(200);
  });

  it('wrong-content-type › listAgents sends its JSON as text/plain, other operations unchanged', async () => {
    const app = createApp({ faults: ['wrong-content-type'] });
    const headers = headersFor(app, 'project');
    const res = await app.request('GET', '/v1/agents', { headers });
    expect([res.status, res.headers['content-type']]).toEqual([200, 'text/plain; charset=utf-8']);
    expect(JSON.parse(res.text)).toEqual([expect.objectContaining({ isDefault: true })]);
    const single = await app.request('GET', '/v1/agents/default', { headers });
    expect(single.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('missing-location-header › authorizeApp answers 302 without Location, authorizeOrgApp unchanged', async () => {
    const app = createApp({ faults: ['missing-location-header'] });
    const res = await app.request('GET', '/v1/apps/github/authorize', { headers: headersFor(app, 'project') });
    expect([res.status, res.headers['location']]).toEqual([302, undefined]);
    const org = await app.request('GET', '/v1/org/apps/github/authorize', { headers: headersFor(app, 'org', false) });
    expect([org.status, org.headers['location']]).toEqual([302, expect.stringMatching(/^https:\/\//)]);
  });

  it('slow-responses › getHealth answers after 300 ms, other operations at once', async () => {
    const app = createApp({ faults: ['slow-responses'] });
    let started = performance.now();
    const res = await app.request('GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    started = performance.now();
    await app.request('GET', '/v1/agents', { headers: headersFor(app, 'project') });
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('no-auth › no key and an unknown key are served as the project key, known keys keep their rights', async () => {
    const app = createApp({ faults: ['no-auth'] });
    expect((await app.request('GET', '/v1/agents')).status).toBe(200);
    expect((await app.request('GET', '/v1/agents', { headers: { Authorization: 'Bearer oc_not-a-valid-key' } })).status).toBe(200);
    expect((await app.request('GET', '/v1/partner/orgs')).status).toBe(200);
    expect((await app.request('GET', '/v1/org/settings', { headers: headersFor(app, 'member') })).status).toBe(403);
    const correct = createApp();
    expect((await correct.request('GET', '/v1/agents')).status).toBe(401);
  });

  it('ignores-missing-project-id › listAgents with an org key and no X-Project-Id answers the first project; others unchanged', async () => {
    const app = createApp({ faults: ['ignores-missing-project-id'] });
    const res = await app.request('GET', '/v1/agents', { headers: headersFor(app, 'org', false) });
    expect([res.status, (res.body as { isDefault: boolean }[]).map((a) => a.isDefault)]).toEqual([200, [true]]);
    const other = await app.request('GET', '/v1/secrets', { headers: headersFor(app, 'org', false) });
    expect([other.status, other.body]).toEqual([400, { error: { message: 'X-Project-Id header is required', type: 'invalid_request_error' } }]);
    expect((await app.request('GET', '/v1/agents')).status).toBe(401);
  });

  it('member-can-delete-org-secrets › a member deletes an org secret (204); other admin-only calls still 403', async () => {
    const app = createApp({ faults: ['member-can-delete-org-secrets'] });
    const created = await app.request('POST', '/v1/org/secrets', {
      headers: headersFor(app, 'org', false),
      body: { name: 'Anthropic', type: 'anthropic', value: 'sk-ant-test', hostPattern: 'api.anthropic.com' },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const member = headersFor(app, 'member', false);
    expect((await app.request('PATCH', `/v1/org/secrets/${id}`, { headers: member, body: { name: 'x' } })).status).toBe(403);
    expect((await app.request('DELETE', `/v1/org/secrets/${id}`, { headers: member })).status).toBe(204);
    const left = await app.request('GET', '/v1/org/secrets', { headers: headersFor(app, 'org', false) });
    expect((left.body as { id: string }[]).map((s) => s.id)).not.toContain(id);
  });

  it('extra-method-accepted › PUT /v1/agents answers 200 {}; other unlisted methods still 404', async () => {
    const app = createApp({ faults: ['extra-method-accepted'] });
    const headers = headersFor(app, 'project');
    expect(await app.request('PUT', '/v1/agents', { headers, body: {} })).toMatchObject({ status: 200, body: {} });
    expect((await app.request('PATCH', '/v1/agents', { headers, body: {} })).status).toBe(404);
    expect((await app.request('PUT', '/v1/secrets', { headers, body: {} })).status).toBe(404);
  });

  it('delete-keeps-resource › deleteAgent answers 204 and the agent is still listed; unknown ids still 404', async () => {
    const app = createApp({ faults: ['delete-keeps-resource'] });
    const headers = headersFor(app, 'project');
    const created = await app.request('POST', '/v1/agents', { headers, body: { name: 'n', identifier: 'kept' } });
    const id = (created.body as { id: string }).id;
    expect((await app.request('DELETE', `/v1/agents/${id}`, { headers })).status).toBe(204);
    const list = await app.request('GET', '/v1/agents', { headers });
    expect((list.body as { id: string }[]).map((a) => a.id)).toContain(id);
    expect((await app.request('DELETE', '/v1/agents/nope', { headers })).status).toBe(404);
  });

  it('created-not-readable › a created secret 404s on PATCH and is not listed; deleting it works; other secrets unchanged', async () => {
    const app = createApp({ faults: ['created-not-readable'] });
    const headers = headersFor(app, 'project');
    const body = { name: 'Anthropic', type: 'anthropic', value: 'sk-ant-test', hostPattern: 'api.anthropic.com' };
    const created = await app.request('POST', '/v1/secrets', { headers, body });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(await app.request('PATCH', `/v1/secrets/${id}`, { headers, body: { name: 'x' } })).toMatchObject({
      status: 404,
      body: { error: { message: 'Secret not found', type: 'not_found_error' } },
    });
    expect((await app.request('PATCH', `/v1/secrets/${id}`, { body: { name: 'x' } })).status).toBe(401);
    const list = await app.request('GET', '/v1/secrets', { headers });
    expect((list.body as { id: string }[]).map((s) => s.id)).not.toContain(id);
    expect((await app.request('DELETE', `/v1/secrets/${id}`, { headers })).status).toBe(204);
  });

  it('update-not-persisted › renameAgent answers 200 and the agent keeps its name', async () => {
    const app = createApp({ faults: ['update-not-persisted'] });
    const headers = headersFor(app, 'project');
    const created = await app.request('POST', '/v1/agents', { headers, body: { name: 'old', identifier: 'renamed' } });
    const id = (created.body as { id: string }).id;
    expect(await app.request('PATCH', `/v1/agents/${id}`, { headers, body: { name: 'new' } })).toMatchObject({ status: 200, body: { success: true } });
    const list = await app.request('GET', '/v1/agents', { headers });
    expect((list.body as { id: string; name: string }[]).find((a) => a.id === id)?.name).toBe('old');
  });

  it('list-omits-created › listAgents leaves out the newest agent only', async () => {
    const app = createApp({ faults: ['list-omits-created'] });
    const headers = headersFor(app, 'project');
    const before = await app.request('GET', '/v1/agents', { headers });
    expect(before.body).toEqual([]); // the default agent is the newest until another is made
    const created = await app.request('POST', '/v1/agents', { headers, body: { name: 'n', identifier: 'newest' } });
    const id = (created.body as { id: string }).id;
    const list = await app.request('GET', '/v1/agents', { headers });
    expect((list.body as { id: string; isDefault: boolean }[]).map((a) => [a.id === id, a.isDefault])).toEqual([[false, true]]);
  });

  it('budget-clear-kept › clearPartnerOrgBudget answers 204 and the budget stays listed; setting it still works', async () => {
    const app = createApp({ faults: ['budget-clear-kept'] });
    const headers = headersFor(app, 'partner');
    const org = await app.request('POST', '/v1/partner/orgs', { headers, body: { name: 'Budgeted' } });
    const orgId = (org.body as { organizationId: string }).organizationId;
    const secret = await app.request('POST', '/v1/partner/secrets', { headers, body: { name: 'Anthropic', type: 'anthropic', value: 'sk-ant-0123456789', hostPattern: 'api.anthropic.com' } });
    const secretId = (secret.body as { id: string }).id;
    const path = `/v1/partner/orgs/${orgId}/secrets/${secretId}/budget`;
    expect((await app.request('POST', path, { headers, body: { limitCents: 500, period: 'monthly' } })).status).toBe(200);
    expect((await app.request('DELETE', path, { headers })).status).toBe(204);
    const list = await app.request('GET', `/v1/partner/orgs/${orgId}/budgets`, { headers });
    expect((list.body as { secretId: string }[]).map((b) => b.secretId)).toEqual([secretId]);
  });

  it('assignment-not-persisted › updateAgentSecrets answers 200 and the agent keeps its old secrets', async () => {
    const app = createApp({ faults: ['assignment-not-persisted'] });
    const headers = headersFor(app, 'project');
    const agent = await app.request('POST', '/v1/agents', { headers, body: { name: 'a', identifier: 'assigned' } });
    const agentId = (agent.body as { id: string }).id;
    const secret = await app.request('POST', '/v1/secrets', { headers, body: { name: 'S', type: 'anthropic', value: 'sk-ant-0123456789', hostPattern: 'api.anthropic.com' } });
    const secretId = (secret.body as { id: string }).id;
    const put = await app.request('PUT', `/v1/agents/${agentId}/secrets`, { headers, body: { secretIds: [secretId] } });
    expect([put.status, put.body]).toEqual([200, { success: true }]);
    expect((await app.request('GET', `/v1/agents/${agentId}/secrets`, { headers })).body).toEqual([]);
  });

  it('real-flat-404 › route-level 404s come back flat as the real server sends them; other 404s unchanged', async () => {
    const app = createApp({ faults: ['real-flat-404'] });
    const headers = headersFor(app, 'project');
    const org = headersFor(app, 'org', false);
    expect(FLAT_404_OPERATIONS.filter((op) => !routes.some((r) => r.operationId === op))).toEqual([]);
    const flat = async (method: string, path: string, h: Record<string, string>, body?: unknown) => {
      const res = await app.request(method, path, { headers: h, body });
      return [res.status, res.body];
    };
    expect(await flat('GET', '/v1/apps/nope', headers)).toEqual([404, { error: 'Unknown provider: nope' }]);
    expect(await flat('GET', '/v1/apps/nope/permission-definition', headers)).toEqual([404, { error: 'Unknown provider: nope' }]);
    expect(await flat('GET', '/v1/apps/nope/blocklist', headers)).toEqual([404, { error: 'Unknown provider' }]);
    expect(await flat('GET', '/v1/org/apps/nope/blocklist', org)).toEqual([404, { error: 'Unknown provider' }]);
    expect(await flat('PATCH', '/v1/connections/nope', headers, { label: 'x' })).toEqual([404, { error: 'Connection not found' }]);
    expect(await flat('DELETE', '/v1/connections/nope', headers)).toEqual([404, { error: 'Connection not found' }]);
    expect(await flat('GET', '/v1/credential-stubs/nope', headers)).toEqual([404, { error: 'No credential stub for agent "nope"' }]);
    expect(await flat('GET', '/v1/container-config?agent=nope', headers)).toEqual([
      404,
      { error: 'No agent with identifier "nope" exists in this project.', code: 'AGENT_NOT_FOUND', agentIdentifier: 'nope' },
    ]);
    // unchanged: the org connection twins, service-level 404s, the unknown route, found resources, 401s
    const envelope = (message: string) => ({ error: { message, type: 'not_found_error' } });
    expect(await flat('DELETE', '/v1/org/connections/nope', org)).toEqual([404, envelope('Connection not found')]);
    expect(await flat('DELETE', '/v1/apps/github/blocklist/nope', headers)).toEqual([404, envelope('Blocklist rule not found')]);
    expect((await app.request('GET', '/v1/nope', { headers })).body).toMatchObject({ error: { type: 'invalid_request_error' } });
    expect((await app.request('GET', '/v1/apps/github', { headers })).status).toBe(200);
    expect((await app.request('GET', '/v1/apps/nope')).body).toEqual({ error: { message: 'Invalid API key or token.', type: 'authentication_error' } });
  });

  it('v2-retired-410 › the retired v1 routes answer 410 Gone (envelope) after authentication and change nothing', async () => {
    const app = createApp({ faults: ['v2-retired-410'] });
    const headers = headersFor(app, 'project');
    expect(RETIRED_OPERATIONS).toHaveLength(26);
    expect(RETIRED_OPERATIONS.filter((op) => !routes.some((r) => r.operationId === op))).toEqual([]);
    const list = await app.request('GET', '/v1/rules', { headers });
    expect([list.status, list.body]).toEqual([410, { error: { message: '/v1/rules was removed in OneCLI v2.', type: 'invalid_request_error' } }]);
    const rule = { name: 'Block deletes', hostPattern: 'api.github.com', method: 'DELETE', action: 'block', enabled: true };
    expect((await app.request('POST', '/v1/rules', { headers, body: rule })).status).toBe(410);
    expect(app.store.rules.size).toBe(0);
    const defaultId = [...app.store.agents.keys()][0]!;
    expect((await app.request('GET', '/v1/agents/default', { headers })).status).toBe(410);
    const secrets = await app.request('PUT', `/v1/agents/${defaultId}/secrets`, { headers, body: { secretIds: [] } });
    expect(secrets.body).toEqual({ error: { message: '/v1/agents/:agentId/secrets was removed in OneCLI v2.', type: 'invalid_request_error' } });
    expect((await app.request('GET', '/v1/org/rules', { headers: headersFor(app, 'org', false) })).status).toBe(410);
    expect((await app.request('GET', '/v1/org/settings', { headers: headersFor(app, 'org', false) })).status).toBe(410);
    // authentication first: no key 401, a plain member 403 on an admin-only route, no project 400
    expect((await app.request('GET', '/v1/rules')).status).toBe(401);
    expect((await app.request('GET', '/v1/org/settings', { headers: headersFor(app, 'member', false) })).status).toBe(403);
    expect((await app.request('GET', '/v1/rules', { headers: headersFor(app, 'org', false) })).status).toBe(400);
    // routes v2 still serves are unchanged
    expect((await app.request('GET', '/v1/agents', { headers })).status).toBe(200);
    expect((await app.request('GET', '/v1/secrets', { headers })).status).toBe(200);
  });

  it('gateway-401-text › a 401 on the Approvals operations is a text/plain reason; other 401s and statuses unchanged', async () => {
    const app = createApp({ faults: ['gateway-401-text'] });
    const none = await app.request('GET', '/v1/approvals/pending');
    expect([none.status, none.headers['content-type'], none.body]).toEqual([401, 'text/plain; charset=utf-8', 'missing session token']);
    const unknown = await app.request('POST', '/v1/approvals/nope/decision', {
      headers: { Authorization: 'Bearer oc_unknown' },
      body: { decision: 'approve' },
    });
    expect([unknown.status, unknown.headers['content-type'], unknown.body]).toEqual([401, 'text/plain; charset=utf-8', 'user not found']);
    const envelope = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
    expect((await app.request('GET', '/v1/org/approvals/pending')).body).toEqual(envelope);
    expect((await app.request('GET', '/v1/agents')).body).toEqual(envelope);
    const ok = await app.request('GET', '/v1/approvals/pending', { headers: headersFor(app, 'project') });
    expect([ok.status, ok.headers['content-type']]).toEqual([200, 'application/json; charset=utf-8']);
    const noProject = await app.request('GET', '/v1/approvals/pending', { headers: headersFor(app, 'org', false) });
    expect([noProject.status, noProject.body]).toEqual([400, { error: { message: 'X-Project-Id header is required', type: 'invalid_request_error' } }]);
  });

  it('container-config-500-flat › container-config without a project answers 500 flat; 401, 404, 200 and other operations unchanged', async () => {
    const app = createApp({ faults: ['container-config-500-flat'] });
    const org = headersFor(app, 'org', false);
    const res = await app.request('GET', '/v1/container-config', { headers: org });
    expect([res.status, res.body]).toEqual([500, { error: 'Internal server error' }]);
    expect((await app.request('GET', '/v1/container-config')).status).toBe(401);
    const headers = headersFor(app, 'project');
    expect((await app.request('GET', '/v1/container-config?agent=nope', { headers })).body).toMatchObject({ error: { type: 'not_found_error' } });
    expect((await app.request('GET', '/v1/container-config', { headers })).status).toBe(200);
    expect((await app.request('GET', '/v1/credential-stubs', { headers: org })).status).toBe(400);
    const strict = createApp({ edition: 'enterprise', faults: ['container-config-500-flat'] });
    expect((await strict.request('GET', '/v1/container-config', { headers: headersFor(strict, 'org', false) })).status).toBe(401);
  });

  it('approvals-on-gateway › the approval routes answer the unknown-route 404 envelope; other operations unchanged', async () => {
    const app = createApp({ faults: ['approvals-on-gateway'], edition: 'enterprise' });
    const headers = headersFor(app, 'project');
    for (const [method, path] of [['GET', '/v1/approvals/pending'], ['POST', '/v1/approvals/x/decision'], ['GET', '/v1/org/approvals/pending']]) {
      const res = await app.request(method!, path!, { headers, body: method === 'POST' ? { decision: 'approve' } : undefined });
      expect([res.status, res.body]).toEqual([404, { error: { message: `Unrecognized request URL (${method}: ${path}). Please see https://onecli.sh/docs/api-reference for available endpoints.`, type: 'invalid_request_error' } }]);
    }
    expect((await app.request('GET', '/v1/agents', { headers })).status).toBe(200);
  });

  it('applies several faults together', async () => {
    const app = createApp({ faults: ['auth-401-flat', 'validation-400-envelope'] });
    expect((await app.request('GET', '/v1/agents')).body).toEqual({ error: 'Invalid API key or token.' });
    const res = await app.request('POST', '/v1/agents', { headers: headersFor(app, 'project'), body: null });
    expect(res.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error' } });
  });
});
