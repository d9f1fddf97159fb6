import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import { insertOrgRule } from '../store/index.ts';

const notFound = (message: string) => ({ error: { message, type: 'not_found_error' } });
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const flat = { error: expect.any(String) };
const SUCCESS = { success: true };

let app: App;
let defaultId: string;

function call(method: string, path: string, body?: unknown, caller: Caller = 'project') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller), body });
}

const BLOCK = { name: 'Block deletes', hostPattern: 'api.github.com', pathPattern: '/repos/*', method: 'DELETE', action: 'block', enabled: true };
const CONDITION = { target: 'body', operator: 'contains', value: 'password' };

async function createRule(body: Record<string, unknown> = BLOCK): Promise<string> {
  const res = await call('POST', '/rules', body);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

async function createAgent(identifier: string): Promise<string> {
  return ((await call('POST', '/agents', { name: identifier, identifier })).body as { id: string }).id;
}

beforeEach(() => {
  app = createApp();
  defaultId = [...app.store.agents.values()][0]!.id;
});

const operations: [string, string, string, unknown][] = [
  ['listRules', 'GET', '/rules', undefined],
  ['createRule', 'POST', '/rules', BLOCK],
  ['getRule', 'GET', '/rules/{id}', undefined],
  ['updateRule', 'PATCH', '/rules/{id}', { enabled: false }],
  ['deleteRule', 'DELETE', '/rules/{id}', undefined],
  ['getRulePermissions', 'GET', '/rules/permissions/github', undefined],
  ['setRulePermissions', 'PUT', '/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] }],
  ['getRuleOverlap', 'GET', '/rules/overlap/github', undefined],
];

describe('Rules: authentication on every operation', () => {
  const withRule = async (path: string) => (path.includes('{id}') ? path.replace('{id}', await createRule()) : path);

  it.each(operations)('%s %s %s › succeeds for project, org and member keys', async (_, method, path, body) => {
    for (const caller of ['project', 'org', 'member'] as const) {
      app = createApp();
      const res = await call(method, await withRule(path), body, caller);
      expect([caller, res.status]).toEqual([caller, expect.toSatisfy((s: number) => s >= 200 && s < 300)]);
    }
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key, nothing changed', async (_, method, path, body) => {
    const target = await withRule(path);
    const before = JSON.stringify([...app.store.rules.values()]);
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${target}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }]);
    }
    expect(JSON.stringify([...app.store.rules.values()])).toBe(before);
  });

  it.each(operations)('%s %s %s › 400 envelope for an org key without X-Project-Id', async (_, method, path, body) => {
    const res = await app.request(method, `/v1${await withRule(path)}`, { headers: headersFor(app, 'org', false), body });
    expect([res.status, res.body]).toEqual([400, badRequest('X-Project-Id header is required')]);
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown rule or one of another project',
    async (_, method, path, body) => {
      const foreign = await createRule();
      app.store.rules.get(foreign)!.projectId = 'p2';
      for (const id of ['does-not-exist', foreign]) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, notFound('Policy rule not found')]);
      }
    },
  );

  it.each(operations.filter(([, , path]) => path.includes('github')))(
    '%s %s %s › 404 envelope for an unknown provider',
    async (_, method, path, body) => {
      const res = await call(method, path.replace('github', 'myspace'), body);
      expect([res.status, res.body]).toEqual([404, notFound('Unknown provider: myspace')]);
    },
  );
});

describe('Rules: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['createRule', 'POST', '/rules', 'action is required', { ...BLOCK, action: undefined }],
    ['createRule', 'POST', '/rules', 'method must be one of: GET, POST, PUT, PATCH, DELETE (received "get")', { ...BLOCK, method: 'get' }],
    [
      'createRule',
      'POST',
      '/rules',
      'conditions[0].operator must be one of: contains (received "equals")',
      { ...BLOCK, conditions: [{ ...CONDITION, operator: 'equals' }] },
    ],
    ['updateRule', 'PATCH', '/rules/{id}', 'rateLimit must be at least 1 (received 0)', { rateLimit: 0 }],
    ['updateRule', 'PATCH', '/rules/{id}', 'rateLimitWindow must be one of: minute, hour, day (received "year")', { rateLimitWindow: 'year' }],
    ['setRulePermissions', 'PUT', '/rules/permissions/github', 'changes must contain at least 1 item(s) (received 0)', { changes: [] }],
    ['setRulePermissions', 'PUT', '/rules/permissions/github', 'changes[0].permission is required', { changes: [{ toolId: 'github:get_issue' }] }],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = path.replace('{id}', await createRule());
    const before = storeSnapshot(app);
    const res = await call(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Rules createRule POST /rules', () => {
  it('answers 201 with every PolicyRule property', async () => {
    const res = await call('POST', '/rules', BLOCK);
    expect([res.status, res.body]).toEqual([
      201,
      {
        id: expect.stringMatching(UUID),
        name: 'Block deletes',
        hostPattern: 'api.github.com',
        pathPattern: '/repos/*',
        method: 'DELETE',
        action: 'block',
        enabled: true,
        agentId: null,
        rateLimit: null,
        rateLimitWindow: null,
        scope: 'project',
        metadata: null,
        conditions: [],
        createdAt: expect.stringMatching(ISO_DATE_TIME),
      },
    ]);
  });

  it('stores a rate limit, an agent scope and conditions', async () => {
    const body = {
      name: 'Throttle',
      hostPattern: '*.openai.com',
      action: 'rate_limit',
      enabled: false,
      agentId: defaultId,
      rateLimit: 1_000_000,
      rateLimitWindow: 'hour',
      conditions: [{ ...CONDITION, key: 'input', extra: 'dropped' }],
    };
    const res = await call('POST', '/rules', body);
    expect(res.body).toEqual(
      expect.objectContaining({
        action: 'rate_limit',
        enabled: false,
        agentId: defaultId,
        rateLimit: 1_000_000,
        rateLimitWindow: 'hour',
        pathPattern: null,
        method: null,
        conditions: [{ ...CONDITION, key: 'input' }],
      }),
    );
  });

  it.each([
    ['each action', ['block', 'manual_approval', 'allow'].map((action) => ({ ...BLOCK, action }))],
    ['each method', ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((method) => ({ ...BLOCK, method }))],
    ['limits at their bounds', [{ ...BLOCK, name: 'x'.repeat(255), hostPattern: 'h'.repeat(1000), pathPattern: '/'.repeat(1000) }]],
    ['a whitespace-only name', [{ ...BLOCK, name: ' ' }]],
    ['ten conditions', [{ ...BLOCK, conditions: Array.from({ length: 10 }, () => CONDITION) }]],
    ['a condition at its bounds', [{ ...BLOCK, conditions: [{ ...CONDITION, value: 'v'.repeat(1000), key: 'k'.repeat(500) }] }]],
    ['an empty pathPattern', [{ ...BLOCK, pathPattern: '' }]],
    ['unknown extra keys', [{ ...BLOCK, priority: 1 }]],
  ])('accepts %s', async (_, bodies) => {
    for (const body of bodies) expect((await call('POST', '/rules', body)).status).toBe(201);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{"name"'],
    ['a JSON array', [BLOCK]],
    ['name missing', { ...BLOCK, name: undefined }],
    ['hostPattern missing', { ...BLOCK, hostPattern: undefined }],
    ['action missing', { ...BLOCK, action: undefined }],
    ['enabled missing', { ...BLOCK, enabled: undefined }],
    ['an empty name', { ...BLOCK, name: '' }],
    ['a 256-character name', { ...BLOCK, name: 'x'.repeat(256) }],
    ['an empty hostPattern', { ...BLOCK, hostPattern: '' }],
    ['a 1001-character hostPattern', { ...BLOCK, hostPattern: 'h'.repeat(1001) }],
    ['a 1001-character pathPattern', { ...BLOCK, pathPattern: '/'.repeat(1001) }],
    ['a null pathPattern', { ...BLOCK, pathPattern: null }],
    ['a lower-case method', { ...BLOCK, method: 'get' }],
    ['a HEAD method', { ...BLOCK, method: 'HEAD' }],
    ['a null method', { ...BLOCK, method: null }],
    ['an unknown action', { ...BLOCK, action: 'deny' }],
    ['a string enabled', { ...BLOCK, enabled: 'true' }],
    ['a numeric agentId', { ...BLOCK, agentId: 1 }],
    ['a zero rateLimit', { ...BLOCK, rateLimit: 0 }],
    ['a rateLimit above 1000000', { ...BLOCK, rateLimit: 1_000_001 }],
    ['a fractional rateLimit', { ...BLOCK, rateLimit: 1.5 }],
    ['a string rateLimit', { ...BLOCK, rateLimit: '5' }],
    ['an unknown rateLimitWindow', { ...BLOCK, rateLimitWindow: 'week' }],
    ['eleven conditions', { ...BLOCK, conditions: Array.from({ length: 11 }, () => CONDITION) }],
    ['conditions not an array', { ...BLOCK, conditions: CONDITION }],
    ['a condition without value', { ...BLOCK, conditions: [{ target: 'body', operator: 'contains' }] }],
    ['a condition with an empty value', { ...BLOCK, conditions: [{ ...CONDITION, value: '' }] }],
    ['a condition value of 1001 characters', { ...BLOCK, conditions: [{ ...CONDITION, value: 'v'.repeat(1001) }] }],
    ['a condition key of 501 characters', { ...BLOCK, conditions: [{ ...CONDITION, key: 'k'.repeat(501) }] }],
    ['an unknown condition target', { ...BLOCK, conditions: [{ ...CONDITION, target: 'header' }] }],
    ['an unknown condition operator', { ...BLOCK, conditions: [{ ...CONDITION, operator: 'equals' }] }],
  ])('rejects %s with 400 flat, storing nothing', async (_, body) => {
    const res = await call('POST', '/rules', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(app.store.rules.size).toBe(0);
  });

  it('names the failing nested field', async () => {
    const res = await call('POST', '/rules', { ...BLOCK, conditions: [CONDITION, { ...CONDITION, operator: 'equals' }] });
    expect(res.body).toEqual({ error: 'conditions[1].operator must be one of: contains (received "equals")' });
  });

  it.each([
    ['a rate_limit rule without rateLimit', { ...BLOCK, action: 'rate_limit', rateLimitWindow: 'minute' }, 'Rate limit rules require a rate limit and window'],
    ['a rate_limit rule without rateLimitWindow', { ...BLOCK, action: 'rate_limit', rateLimit: 5 }, 'Rate limit rules require a rate limit and window'],
    ['an unknown agentId', { ...BLOCK, agentId: 'nobody' }, 'Agent not found'],
  ])('answers 400 envelope for %s (schema-valid, refused by the service)', async (_, body, message) => {
    const res = await call('POST', '/rules', body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
    expect(app.store.rules.size).toBe(0);
  });
});

describe('Rules listRules / getRule', () => {
  it('lists the newest first and returns one rule as listed', async () => {
    expect((await call('GET', '/rules')).body).toEqual([]);
    const first = await createRule();
    const second = await createRule({ ...BLOCK, name: 'Second' });
    const list = (await call('GET', '/rules')).body as { id: string }[];
    expect(list.map((r) => r.id)).toEqual([second, first]);
    const res = await call('GET', `/rules/${first}`);
    expect([res.status, res.body]).toEqual([200, list[1]]);
  });

  it("includes the organization's rules (scope organization); they are not reachable by id here", async () => {
    const own = await createRule();
    const base = { name: 'Org block', hostPattern: '*.example.com', pathPattern: null, method: null, action: 'block' as const, enabled: true, rateLimit: null, rateLimitWindow: null, conditions: [], metadata: null };
    const inherited = insertOrgRule(app.store, { ...base, orgId: app.keys.orgId });
    inherited.createdAt = new Date(Date.now() + 1000).toISOString();
    insertOrgRule(app.store, { ...base, orgId: 'another-org' });
    const list = (await call('GET', '/rules')).body as { id: string; scope: string }[];
    expect(list.map((r) => [r.id, r.scope])).toEqual([
      [inherited.id, 'organization'],
      [own, 'project'],
    ]);
    expect(list[0]).toEqual(expect.objectContaining({ agentId: null, hostPattern: '*.example.com', createdAt: expect.stringMatching(ISO_DATE_TIME) }));
    expect((await call('GET', `/rules/${inherited.id}`)).status).toBe(404);
    expect((await call('DELETE', `/rules/${inherited.id}`)).status).toBe(404);
  });

  it("drops a rule scoped to an agent once the agent is deleted", async () => {
    const agentId = await createAgent('temp');
    const ruleId = await createRule({ ...BLOCK, agentId });
    expect((await call('DELETE', `/agents/${agentId}`)).status).toBe(204);
    expect((await call('GET', '/rules')).body).toEqual([]);
    expect((await call('GET', `/rules/${ruleId}`)).status).toBe(404);
  });
});

describe('Rules updateRule PATCH /rules/{ruleId}', () => {
  it('changes the given fields, null clears the nullable ones', async () => {
    const id = await createRule({ ...BLOCK, agentId: defaultId, conditions: [CONDITION] });
    const res = await call('PATCH', `/rules/${id}`, { name: 'Renamed', pathPattern: null, method: null, agentId: null, conditions: null, enabled: false });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect((await call('GET', `/rules/${id}`)).body).toEqual(
      expect.objectContaining({ name: 'Renamed', pathPattern: null, method: null, agentId: null, conditions: [], enabled: false, hostPattern: 'api.github.com' }),
    );
  });

  it('turns a rule into a rate limit when limit and window come along', async () => {
    const id = await createRule();
    expect((await call('PATCH', `/rules/${id}`, { action: 'rate_limit', rateLimit: 10, rateLimitWindow: 'day' })).status).toBe(200);
    expect((await call('GET', `/rules/${id}`)).body).toEqual(expect.objectContaining({ action: 'rate_limit', rateLimit: 10, rateLimitWindow: 'day' }));
  });

  it.each([
    ['an empty body', {}, 'No fields to update'],
    ['a switch to rate_limit without a limit', { action: 'rate_limit' }, 'Rate limit rules require a rate limit and window'],
  ])('answers 400 envelope for %s', async (_, body, message) => {
    const id = await createRule();
    const res = await call('PATCH', `/rules/${id}`, body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
    expect(app.store.rules.get(id)!.action).toBe('block');
  });

  it('clearing the limit of a rate_limit rule is refused with 400 envelope', async () => {
    const id = await createRule({ ...BLOCK, action: 'rate_limit', rateLimit: 5, rateLimitWindow: 'minute' });
    const res = await call('PATCH', `/rules/${id}`, { rateLimit: null });
    expect([res.status, res.body]).toEqual([400, badRequest('Rate limit rules require a rate limit and window')]);
  });

  it('answers 404 envelope for an agent outside the project', async () => {
    const id = await createRule();
    const res = await call('PATCH', `/rules/${id}`, { agentId: 'nobody' });
    expect([res.status, res.body]).toEqual([404, notFound('Agent not found')]);
  });

  it('refuses app-permission rules with 400 envelope', async () => {
    await call('PUT', '/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] });
    const [rule] = (await call('GET', '/rules')).body as { id: string }[];
    const res = await call('PATCH', `/rules/${rule!.id}`, { enabled: false });
    expect(res.status).toBe(400);
    expect((res.body as { error: { message: string } }).error.message).toMatch(/^App-permission rule endpoints are managed automatically/);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['an empty name', { name: '' }],
    ['an empty hostPattern', { hostPattern: '' }],
    ['a numeric pathPattern', { pathPattern: 1 }],
    ['an unknown method', { method: 'TRACE' }],
    ['a null action', { action: null }],
    ['a null enabled', { enabled: null }],
    ['a zero rateLimit', { rateLimit: 0 }],
    ['an unknown rateLimitWindow', { rateLimitWindow: 'year' }],
    ['eleven conditions', { conditions: Array.from({ length: 11 }, () => CONDITION) }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const id = await createRule();
    const res = await call('PATCH', `/rules/${id}`, body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });
});

describe('Rules deleteRule DELETE /rules/{ruleId}', () => {
  it('answers 204 and the rule is gone', async () => {
    const id = await createRule();
    const res = await call('DELETE', `/rules/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await call('GET', `/rules/${id}`)).status).toBe(404);
  });
});

describe('Rules app permissions /rules/permissions/{provider}', () => {
  it('starts with empty layers (also for an app without a tool catalogue)', async () => {
    for (const provider of ['github', 'stripe']) {
      const res = await call('GET', `/rules/permissions/${provider}`);
      expect([res.status, res.body]).toEqual([200, { defaults: {}, byAgent: {} }]);
    }
  });

  it('writes the all-agents layer and an agent override, then reads them back', async () => {
    const put = await call('PUT', '/rules/permissions/github', {
      changes: [
        { toolId: 'github:delete_repo', permission: 'block' },
        { toolId: 'github:write:*', permission: 'manual_approval' },
      ],
      conditions: [CONDITION],
    });
    expect([put.status, put.body]).toEqual([200, { created: 2, updated: 0, deleted: 0 }]);
    const override = await call('PUT', '/rules/permissions/github', {
      agentId: defaultId,
      changes: [{ toolId: 'github:delete_repo', permission: 'allow' }],
    });
    expect(override.body).toEqual({ created: 1, updated: 0, deleted: 0 });
    const res = await call('GET', '/rules/permissions/github');
    expect([res.status, res.body]).toEqual([
      200,
      {
        defaults: {
          'github:delete_repo': { permission: 'block', conditions: [CONDITION] },
          'github:write:*': { permission: 'manual_approval', conditions: [CONDITION] },
        },
        byAgent: { [defaultId]: { 'github:delete_repo': { permission: 'allow', conditions: [] } } },
      },
    ]);
    const listed = (await call('GET', '/rules')).body as { metadata: unknown; agentId: string | null }[];
    expect(listed).toHaveLength(3);
    expect(listed[0]).toEqual(
      expect.objectContaining({ agentId: defaultId, action: 'allow', metadata: { source: 'app_permission', provider: 'github', toolId: 'github:delete_repo' } }),
    );
  });

  it('updates an existing permission and removes an override with inherit', async () => {
    await call('PUT', '/rules/permissions/github', { agentId: defaultId, changes: [{ toolId: 'github:get_issue', permission: 'block' }] });
    const updated = await call('PUT', '/rules/permissions/github', { agentId: defaultId, changes: [{ toolId: 'github:get_issue', permission: 'allow' }] });
    expect(updated.body).toEqual({ created: 0, updated: 1, deleted: 0 });
    const removed = await call('PUT', '/rules/permissions/github', {
      agentId: defaultId,
      changes: [
        { toolId: 'github:get_issue', permission: 'inherit' },
        { toolId: 'github:list_repos', permission: 'inherit' },
      ],
    });
    expect(removed.body).toEqual({ created: 0, updated: 0, deleted: 1 });
    expect((await call('GET', '/rules/permissions/github')).body).toEqual({ defaults: {}, byAgent: {} });
  });

  it('keeps the layers of each provider apart', async () => {
    await call('PUT', '/rules/permissions/slack', { changes: [{ toolId: 'slack:post_message', permission: 'block' }] });
    expect((await call('GET', '/rules/permissions/github')).body).toEqual({ defaults: {}, byAgent: {} });
  });

  it.each([
    ['an app without a tool catalogue', 'stripe', { changes: [{ toolId: 'x', permission: 'block' }] }, badRequest('No permission definition for provider: stripe')],
    ['an unknown tool', 'github', { changes: [{ toolId: 'slack:post_message', permission: 'block' }] }, badRequest('Unknown tool: slack:post_message')],
    ['inherit on the all-agents layer', 'github', { changes: [{ toolId: 'github:get_issue', permission: 'inherit' }] }, badRequest('Only agent-scoped app permissions can be set to inherit')],
    ['an agent outside the project', 'github', { agentId: 'nobody', changes: [{ toolId: 'github:get_issue', permission: 'block' }] }, notFound('Agent not found')],
  ])('refuses %s with an envelope, writing nothing', async (_, provider, body, expected) => {
    const res = await call('PUT', `/rules/permissions/${provider}`, body);
    expect([res.status, res.body]).toEqual([expected.error.type === 'not_found_error' ? 404 : 400, expected]);
    expect(app.store.rules.size).toBe(0);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['changes missing', {}],
    ['no changes', { changes: [] }],
    ['an empty toolId', { changes: [{ toolId: '', permission: 'block' }] }],
    ['an unknown permission', { changes: [{ toolId: 'github:get_issue', permission: 'deny' }] }],
    ['permission missing', { changes: [{ toolId: 'github:get_issue' }] }],
    ['an empty agentId', { agentId: '', changes: [{ toolId: 'github:get_issue', permission: 'block' }] }],
    ['eleven conditions', { conditions: Array.from({ length: 11 }, () => CONDITION), changes: [{ toolId: 'github:get_issue', permission: 'block' }] }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('PUT', '/rules/permissions/github', body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });
});

describe('Rules getRuleOverlap GET /rules/overlap/{provider}', () => {
  it('counts the custom rules whose host pattern overlaps the app hosts', async () => {
    expect((await call('GET', '/rules/overlap/github')).body).toEqual({ count: 0 });
    await createRule({ ...BLOCK, hostPattern: 'api.github.com' });
    await createRule({ ...BLOCK, hostPattern: '*.github.com' });
    await createRule({ ...BLOCK, hostPattern: 'API.GITHUB.COM' });
    await createRule({ ...BLOCK, hostPattern: 'api.gitlab.com' });
    await createRule({ ...BLOCK, hostPattern: 'github.com.evil.example' });
    await call('PUT', '/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] });
    const res = await call('GET', '/rules/overlap/github');
    expect([res.status, res.body]).toEqual([200, { count: 3 }]);
    expect((await call('GET', '/rules/overlap/slack')).body).toEqual({ count: 0 });
  });
});
