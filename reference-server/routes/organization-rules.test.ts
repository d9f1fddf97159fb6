import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { addOrganization } from '../__test-helpers__/orgs.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const FORBIDDEN = { error: { message: 'Insufficient permissions', type: 'authentication_error' } };
const RULE_NOT_FOUND = { error: { message: 'Policy rule not found', type: 'not_found_error' } };
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const flat = { error: expect.any(String) };
const SUCCESS = { success: true };

const BLOCK = { name: 'Block repo deletion', hostPattern: 'api.github.com', pathPattern: '/repos/*', method: 'DELETE', action: 'block', enabled: true };

let app: App;

function call(method: string, path: string, body?: unknown, caller: Caller = 'org') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller, false), body });
}

async function createRule(body: Record<string, unknown> = BLOCK, headers?: Record<string, string>): Promise<string> {
  const res = headers
    ? await app.request('POST', '/v1/org/rules', { headers, body })
    : await call('POST', '/org/rules', body);
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

async function listed(): Promise<Record<string, unknown>[]> {
  return (await call('GET', '/org/rules')).body as Record<string, unknown>[];
}

async function overlap(provider = 'github'): Promise<number> {
  return ((await call('GET', `/org/rules/overlap/${provider}`)).body as { count: number }).count;
}

beforeEach(() => {
  app = createApp();
});

const operations: [string, string, string, unknown][] = [
  ['listOrgRules', 'GET', '/org/rules', undefined],
  ['createOrgRule', 'POST', '/org/rules', BLOCK],
  ['getOrgRule', 'GET', '/org/rules/{id}', undefined],
  ['updateOrgRule', 'PATCH', '/org/rules/{id}', { enabled: false }],
  ['deleteOrgRule', 'DELETE', '/org/rules/{id}', undefined],
  ['getAppPermissions', 'GET', '/org/rules/permissions/github', undefined],
  ['setAppPermissions', 'PUT', '/org/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] }],
  ['getOrgRuleOverlap', 'GET', '/org/rules/overlap/github', undefined],
];
const adminOnly = operations.filter(([id]) => id !== 'getAppPermissions');

describe('Organization Rules: access on every operation', () => {
  const withRule = async (path: string) => path.replace('{id}', await createRule());

  it.each(operations)('%s %s %s › succeeds for the org key without X-Project-Id, and the project key', async (_, method, path, body) => {
    for (const caller of ['org', 'project'] as const) {
      app = createApp();
      const res = await call(method, await withRule(path), body, caller);
      expect([caller, res.status]).toEqual([caller, expect.toSatisfy((s: number) => s >= 200 && s < 300)]);
    }
  });

  it.each(adminOnly)('%s %s %s › 403 envelope for a plain member, nothing changed', async (_, method, path, body) => {
    const target = await withRule(path);
    const before = await listed();
    const res = await call(method, target, body, 'member');
    expect([res.status, res.body]).toEqual([403, FORBIDDEN]);
    expect(await listed()).toEqual(before);
  });

  it('getAppPermissions is readable by a plain member', async () => {
    await call('PUT', '/org/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] });
    const res = await call('GET', '/org/rules/permissions/github', undefined, 'member');
    expect([res.status, res.body]).toEqual([200, { defaults: { 'github:delete_repo': { permission: 'block', conditions: [] } }, byAgent: {} }]);
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key or with the partner key', async (_, method, path, body) => {
    const target = await withRule(path);
    for (const headers of [{}, { Authorization: 'Bearer oc_org_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${target}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
  });

  it.each(operations)('%s %s %s › served on enterprise, unknown route on community', async (_, method, path, body) => {
    app = createApp({ edition: 'enterprise' });
    expect((await call(method, await withRule(path), body)).status).toBeLessThan(300);
    app = createApp({ edition: 'community' });
    const res = await call(method, path.replace('{id}', 'x'), body);
    expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown rule, another organization\'s, or a project rule',
    async (_, method, path, body) => {
      const other = addOrganization(app);
      const foreign = await createRule(BLOCK, other.headers);
      const projectRule = await app.request('POST', '/v1/rules', { headers: headersFor(app, 'project'), body: BLOCK });
      for (const id of ['does-not-exist', foreign, (projectRule.body as { id: string }).id]) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, RULE_NOT_FOUND]);
      }
      expect(app.store.orgRules.get(foreign)!.enabled).toBe(true);
    },
  );

  it.each(operations.filter(([, , path]) => path.includes('github')))(
    '%s %s %s › 404 envelope for an unknown provider',
    async (_, method, path, body) => {
      const res = await call(method, path.replace('github', 'myspace'), body);
      expect([res.status, res.body]).toEqual([404, { error: { message: 'Unknown provider: myspace', type: 'not_found_error' } }]);
    },
  );
});

describe('Organization Rules: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['createOrgRule', 'POST', '/org/rules', 'enabled must be a boolean (received string)', { ...BLOCK, enabled: 'yes' }],
    ['createOrgRule', 'POST', '/org/rules', 'hostPattern is required', { ...BLOCK, hostPattern: undefined }],
    [
      'updateOrgRule',
      'PATCH',
      '/org/rules/{id}',
      'action must be one of: block, rate_limit, manual_approval, allow (received "deny")',
      { action: 'deny' },
    ],
    ['updateOrgRule', 'PATCH', '/org/rules/{id}', 'rateLimit must be an integer (received number)', { rateLimit: 1.5 }],
    ['setAppPermissions', 'PUT', '/org/rules/permissions/github', 'changes is required', {}],
    [
      'setAppPermissions',
      'PUT',
      '/org/rules/permissions/github',
      'changes[0].permission must be one of: allow, manual_approval, block (received "inherit")',
      { changes: [{ toolId: 'github:get_issue', permission: 'inherit' }] },
    ],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = path.replace('{id}', await createRule());
    const before = storeSnapshot(app);
    const res = await call(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Organization Rules createOrgRule / getOrgRule / listOrgRules', () => {
  it('answers 201 with the full PolicyRule at organization scope', async () => {
    const res = await call('POST', '/org/rules', BLOCK);
    const rule = {
      id: expect.stringMatching(UUID),
      name: 'Block repo deletion',
      hostPattern: 'api.github.com',
      pathPattern: '/repos/*',
      method: 'DELETE',
      action: 'block',
      enabled: true,
      agentId: null,
      rateLimit: null,
      rateLimitWindow: null,
      scope: 'organization',
      metadata: null,
      conditions: [],
      createdAt: expect.stringMatching(ISO_DATE_TIME),
    };
    expect([res.status, res.body]).toEqual([201, rule]);
    const id = (res.body as { id: string }).id;
    expect((await call('GET', `/org/rules/${id}`)).body).toEqual(res.body);
    expect(await listed()).toEqual([res.body]);
  });

  it('lists newest first, only the caller organization rules', async () => {
    const first = await createRule();
    const second = await createRule({ ...BLOCK, name: 'Second' });
    await createRule(BLOCK, addOrganization(app).headers);
    expect((await listed()).map((r) => r['id'])).toEqual([second, first]);
  });

  it('stores a rate limit with its window, and conditions without unknown keys', async () => {
    const id = await createRule({
      name: 'Throttle',
      hostPattern: 'api.openai.com',
      action: 'rate_limit',
      enabled: true,
      rateLimit: 5000000,
      rateLimitWindow: 'hour',
      conditions: [{ target: 'body', operator: 'contains', value: 'gpt', key: 'model', extra: 1 }, { target: 'body', operator: 'contains', value: 'x' }],
    });
    expect((await call('GET', `/org/rules/${id}`)).body).toEqual(
      expect.objectContaining({
        rateLimit: 5000000,
        rateLimitWindow: 'hour',
        method: null,
        pathPattern: null,
        conditions: [{ target: 'body', operator: 'contains', value: 'gpt', key: 'model' }, { target: 'body', operator: 'contains', value: 'x' }],
      }),
    );
  });

  it.each([
    ['a whitespace-only name', { ...BLOCK, name: '  ' }],
    ['an empty hostPattern (no bounds at organization scope)', { ...BLOCK, hostPattern: '' }],
    ['a 2000-character hostPattern', { ...BLOCK, hostPattern: 'h'.repeat(2000) }],
    ['a 2000-character pathPattern', { ...BLOCK, pathPattern: 'p'.repeat(2000) }],
    ['eleven conditions', { ...BLOCK, conditions: Array.from({ length: 11 }, () => ({ target: 'body', operator: 'contains', value: 'v' })) }],
    ['an allow rule', { ...BLOCK, action: 'allow' }],
    ['a manual approval rule', { ...BLOCK, action: 'manual_approval', enabled: false }],
    ['an agentId (not part of the organization body)', { ...BLOCK, agentId: 'anything' }],
  ])('accepts %s', async (_, body) => {
    const res = await call('POST', '/org/rules', body);
    expect(res.status).toBe(201);
    expect((res.body as { agentId: unknown }).agentId).toBeNull();
  });

  it.each([
    ['no body', undefined],
    ['malformed JSON', '{"name":'],
    ['no name', { ...BLOCK, name: undefined }],
    ['an empty name', { ...BLOCK, name: '' }],
    ['a 256-character name', { ...BLOCK, name: 'n'.repeat(256) }],
    ['no hostPattern', { ...BLOCK, hostPattern: undefined }],
    ['no action', { ...BLOCK, action: undefined }],
    ['an unknown action', { ...BLOCK, action: 'deny' }],
    ['no enabled', { ...BLOCK, enabled: undefined }],
    ['a string enabled', { ...BLOCK, enabled: 'true' }],
    ['a lower-case method', { ...BLOCK, method: 'delete' }],
    ['a null method', { ...BLOCK, method: null }],
    ['a null pathPattern', { ...BLOCK, pathPattern: null }],
    ['a zero rateLimit', { ...BLOCK, rateLimit: 0 }],
    ['a fractional rateLimit', { ...BLOCK, rateLimit: 1.5 }],
    ['an unknown window', { ...BLOCK, rateLimitWindow: 'week' }],
    ['conditions not an array', { ...BLOCK, conditions: {} }],
    ['a condition on headers', { ...BLOCK, conditions: [{ target: 'header', operator: 'contains', value: 'x' }] }],
    ['a condition with an empty value', { ...BLOCK, conditions: [{ target: 'body', operator: 'contains', value: '' }] }],
    ['a condition value of 1001 characters', { ...BLOCK, conditions: [{ target: 'body', operator: 'contains', value: 'v'.repeat(1001) }] }],
    ['a condition key of 501 characters', { ...BLOCK, conditions: [{ target: 'body', operator: 'contains', value: 'v', key: 'k'.repeat(501) }] }],
    ['a condition without operator', { ...BLOCK, conditions: [{ target: 'body', value: 'v' }] }],
  ])('400 flat for %s, nothing stored', async (_, body) => {
    const res = await call('POST', '/org/rules', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(await listed()).toEqual([]);
  });

  it.each([
    ['no rateLimit', { rateLimitWindow: 'minute' }],
    ['no window', { rateLimit: 10 }],
    ['neither', {}],
  ])('400 envelope for a rate-limit rule with %s', async (_, extra) => {
    const res = await call('POST', '/org/rules', { ...BLOCK, action: 'rate_limit', ...extra });
    expect([res.status, res.body]).toEqual([400, badRequest('Rate limit rules require a rate limit and window')]);
  });
});

describe('Organization Rules updateOrgRule / deleteOrgRule', () => {
  it('changes the given fields and answers {success: true}', async () => {
    const id = await createRule();
    const res = await call('PATCH', `/org/rules/${id}`, {
      name: '',
      hostPattern: '*.github.com',
      pathPattern: null,
      method: 'POST',
      action: 'rate_limit',
      rateLimit: 10,
      rateLimitWindow: 'day',
      enabled: false,
      conditions: null,
    });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect((await call('GET', `/org/rules/${id}`)).body).toEqual(
      expect.objectContaining({ name: '', hostPattern: '*.github.com', pathPattern: null, method: 'POST', action: 'rate_limit', rateLimit: 10, rateLimitWindow: 'day', enabled: false, conditions: [] }),
    );
  });

  it('accepts an empty object and changes nothing', async () => {
    const id = await createRule();
    const before = (await call('GET', `/org/rules/${id}`)).body;
    expect((await call('PATCH', `/org/rules/${id}`, {})).body).toEqual(SUCCESS);
    expect((await call('GET', `/org/rules/${id}`)).body).toEqual(before);
  });

  it('400 envelope when the result is a rate-limit rule without limit or window', async () => {
    const id = await createRule();
    for (const body of [{ action: 'rate_limit' }, { action: 'rate_limit', rateLimit: 5 }]) {
      const res = await call('PATCH', `/org/rules/${id}`, body);
      expect([res.status, res.body]).toEqual([400, badRequest('Rate limit rules require a rate limit and window')]);
    }
    const limited = await createRule({ ...BLOCK, action: 'rate_limit', rateLimit: 5, rateLimitWindow: 'minute' });
    const res = await call('PATCH', `/org/rules/${limited}`, { rateLimit: null });
    expect(res.status).toBe(400);
    expect((await call('GET', `/org/rules/${id}`)).body).toEqual(expect.objectContaining({ action: 'block' }));
  });

  it.each([
    ['no body', undefined],
    ['a numeric name', { name: 1 }],
    ['an unknown action', { action: 'deny' }],
    ['a null enabled', { enabled: null }],
    ['a fractional rateLimit', { rateLimit: 2.5 }],
    ['a bad condition', { conditions: [{ target: 'body', operator: 'equals', value: 'v' }] }],
  ])('400 flat for %s, before the look-up', async (_, body) => {
    const id = await createRule();
    for (const target of [id, 'does-not-exist']) {
      const res = await call('PATCH', `/org/rules/${target}`, body);
      expect([res.status, res.body]).toEqual([400, flat]);
    }
  });

  it('clears method and window with null (the docs mark them nullable)', async () => {
    const id = await createRule({ ...BLOCK, method: 'POST' });
    const res = await call('PATCH', `/org/rules/${id}`, { method: null, rateLimitWindow: null });
    expect(res.status).toBe(200);
    expect((await call('GET', `/org/rules/${id}`)).body).toEqual(expect.objectContaining({ method: null, rateLimitWindow: null }));
  });

  it('accepts a zero or negative rateLimit on update (no minimum in the organization contract)', async () => {
    const id = await createRule();
    expect((await call('PATCH', `/org/rules/${id}`, { rateLimit: 0 })).status).toBe(200);
  });

  it('400 envelope for an app-permission rule; it can still be deleted', async () => {
    await call('PUT', '/org/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] });
    const id = (await listed())[0]!['id'] as string;
    const res = await call('PATCH', `/org/rules/${id}`, { enabled: false });
    expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([400, 'invalid_request_error']);
    expect((await call('DELETE', `/org/rules/${id}`)).status).toBe(204);
    expect((await call('GET', '/org/rules/permissions/github')).body).toEqual({ defaults: {}, byAgent: {} });
  });

  it('deletes with 204', async () => {
    const id = await createRule();
    const res = await call('DELETE', `/org/rules/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect(await listed()).toEqual([]);
    expect((await call('GET', `/org/rules/${id}`)).status).toBe(404);
  });
});

describe('Organization Rules getAppPermissions / setAppPermissions', () => {
  it('starts empty, then reports the organization defaults (byAgent always empty)', async () => {
    expect((await call('GET', '/org/rules/permissions/github')).body).toEqual({ defaults: {}, byAgent: {} });
    const conditions = [{ target: 'body', operator: 'contains', value: 'prod' }];
    const res = await call('PUT', '/org/rules/permissions/github', {
      changes: [
        { toolId: 'github:delete_repo', permission: 'block' },
        { toolId: 'github:read:*', permission: 'allow' },
      ],
      conditions,
    });
    expect([res.status, res.body]).toEqual([200, { created: 2, updated: 0, deleted: 0 }]);
    expect((await call('GET', '/org/rules/permissions/github')).body).toEqual({
      defaults: { 'github:delete_repo': { permission: 'block', conditions }, 'github:read:*': { permission: 'allow', conditions } },
      byAgent: {},
    });
    const again = await call('PUT', '/org/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'manual_approval' }] });
    expect(again.body).toEqual({ created: 0, updated: 1, deleted: 0 });
    expect(((await call('GET', '/org/rules/permissions/github')).body as { defaults: Record<string, unknown> }).defaults['github:delete_repo']).toEqual({
      permission: 'manual_approval',
      conditions: [],
    });
  });

  it('stores permissions as organization app-permission rules, listed with the others', async () => {
    await call('PUT', '/org/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] });
    expect(await listed()).toEqual([
      expect.objectContaining({
        action: 'block',
        hostPattern: 'api.github.com',
        scope: 'organization',
        agentId: null,
        metadata: { source: 'app_permission', provider: 'github', toolId: 'github:delete_repo' },
      }),
    ]);
  });

  it('keeps permissions per organization and per provider', async () => {
    await call('PUT', '/org/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] });
    const other = addOrganization(app);
    const theirs = await app.request('GET', '/v1/org/rules/permissions/github', { headers: other.headers });
    expect(theirs.body).toEqual({ defaults: {}, byAgent: {} });
    expect((await call('GET', '/org/rules/permissions/slack')).body).toEqual({ defaults: {}, byAgent: {} });
  });

  it.each([
    ['no body', undefined],
    ['no changes', {}],
    ['empty changes', { changes: [] }],
    ['inherit (project layers only)', { changes: [{ toolId: 'github:delete_repo', permission: 'inherit' }] }],
    ['an empty toolId', { changes: [{ toolId: '', permission: 'block' }] }],
    ['no permission', { changes: [{ toolId: 'github:delete_repo' }] }],
    ['eleven conditions', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }], conditions: Array.from({ length: 11 }, () => ({ target: 'body', operator: 'contains', value: 'v' })) }],
  ])('400 flat for %s, nothing stored', async (_, body) => {
    const res = await call('PUT', '/org/rules/permissions/github', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(await listed()).toEqual([]);
  });

  it.each([
    ['an unknown tool', 'github', { changes: [{ toolId: 'github:launch_rockets', permission: 'block' }] }, 'Unknown tool: github:launch_rockets'],
    ['another app\'s tool', 'github', { changes: [{ toolId: 'slack:read:*', permission: 'block' }] }, 'Unknown tool: slack:read:*'],
    ['an app without a tool catalogue', 'stripe', { changes: [{ toolId: 'stripe:charge', permission: 'block' }] }, 'No permission definition for provider: stripe'],
    ['an agent target', 'github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }], agentId: 'a1' }, 'Organization app permissions cannot target an agent'],
  ])('400 envelope for %s, nothing stored', async (_, provider, body, message) => {
    const res = await call('PUT', `/org/rules/permissions/${provider}`, body);
    expect([res.status, res.body]).toEqual([400, badRequest(message)]);
    expect(await listed()).toEqual([]);
  });
});

describe('Organization Rules getOrgRuleOverlap GET /org/rules/overlap/{provider}', () => {
  it('counts custom organization rules whose host pattern overlaps the app hosts', async () => {
    expect(await overlap()).toBe(0);
    await createRule();
    await createRule({ ...BLOCK, hostPattern: '*.github.com' });
    await createRule({ ...BLOCK, hostPattern: 'API.GITHUB.COM', enabled: false });
    await createRule({ ...BLOCK, hostPattern: 'api.openai.com' });
    expect(await overlap('github')).toBe(3);
    expect(await overlap('slack')).toBe(0);
    const res = await call('GET', '/org/rules/overlap/github');
    expect([res.status, res.body]).toEqual([200, { count: 3 }]);
  });

  it('leaves out app-permission rules, project rules and other organizations\' rules', async () => {
    await call('PUT', '/org/rules/permissions/github', { changes: [{ toolId: 'github:delete_repo', permission: 'block' }] });
    await app.request('POST', '/v1/rules', { headers: headersFor(app, 'project'), body: BLOCK });
    await createRule(BLOCK, addOrganization(app).headers);
    expect(await overlap()).toBe(0);
  });
});
