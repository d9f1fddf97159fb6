import { beforeEach, describe, expect, it } from 'vitest';
import { AGENT_TOKEN, type Caller, headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

const notFound = (message: string) => ({ error: { message, type: 'not_found_error' } });
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });
const flat = { error: expect.any(String) };
const SUCCESS = { success: true };

let app: App;
let defaultId: string;

function call(method: string, path: string, body?: unknown, caller: Caller = 'project') {
  return app.request(method, `/v1${path}`, { headers: headersFor(app, caller), body });
}

async function createAgent(name: string, identifier: string): Promise<string> {
  const res = await call('POST', '/agents', { name, identifier });
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

function addSecret(id: string, projectId = app.keys.projectId): void {
  app.store.secrets.set(id, { id, projectId, name: id, createdAt: new Date().toISOString() });
}

function addConnection(id: string, projectId = app.keys.projectId): void {
  app.store.appConnections.set(id, { id, projectId, provider: 'github', label: `${id} label`, createdAt: '' });
}

beforeEach(() => {
  app = createApp();
  defaultId = [...app.store.agents.values()][0]!.id;
});

/** Every Agents operation, with a request the contract accepts. */
const operations: [string, string, string, unknown][] = [
  ['listAgents', 'GET', '/agents', undefined],
  ['createAgent', 'POST', '/agents', { name: 'N', identifier: 'n' }],
  ['getDefaultAgent', 'GET', '/agents/default', undefined],
  ['listAgentGranularAccess', 'GET', '/agents/granular-access', undefined],
  ['renameAgent', 'PATCH', '/agents/{id}', { name: 'N' }],
  ['deleteAgent', 'DELETE', '/agents/{id}', undefined],
  ['setDefaultAgent', 'POST', '/agents/{id}/set-default', undefined],
  ['regenerateAgentToken', 'POST', '/agents/{id}/regenerate-token', undefined],
  ['updateAgentSecretMode', 'PATCH', '/agents/{id}/secret-mode', { mode: 'selective' }],
  ['getAgentSecrets', 'GET', '/agents/{id}/secrets', undefined],
  ['updateAgentSecrets', 'PUT', '/agents/{id}/secrets', { secretIds: [] }],
  ['getAgentConnections', 'GET', '/agents/{id}/connections', undefined],
  ['updateAgentConnections', 'PUT', '/agents/{id}/connections', { connections: [] }],
];

describe('Agents: authentication on every operation', () => {
  const withAgent = async (path: string) => path.replace('{id}', await createAgent('Other', 'other'));

  it.each(operations)('%s %s %s › succeeds for project, org and member keys', async (_, method, path, body) => {
    for (const caller of ['project', 'org', 'member'] as const) {
      app = createApp();
      const res = await call(method, await withAgent(path), body, caller);
      expect([caller, res.status]).toEqual([caller, expect.toSatisfy((s: number) => s >= 200 && s < 300)]);
    }
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key, handler not run', async (_, method, path, body) => {
    const target = await withAgent(path);
    const before = JSON.stringify([...app.store.agents.values()].map((a) => [a.name, a.accessToken, a.isDefault]));
    for (const headers of [{}, { Authorization: 'Bearer oc_nope' }, headersFor(app, 'partner')]) {
      const res = await app.request(method, `/v1${target}`, { headers, body });
      expect([res.status, res.body]).toEqual([401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }]);
    }
    const after = JSON.stringify([...app.store.agents.values()].map((a) => [a.name, a.accessToken, a.isDefault]));
    expect(after).toBe(before);
  });

  it.each(operations)('%s %s %s › 400 envelope for an org key without X-Project-Id', async (_, method, path, body) => {
    const res = await app.request(method, `/v1${await withAgent(path)}`, { headers: headersFor(app, 'org', false), body });
    expect([res.status, res.body]).toEqual([400, badRequest('X-Project-Id header is required')]);
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown agent or one of another project',
    async (_, method, path, body) => {
      app.store.projects.set('p2', { id: 'p2', orgId: app.keys.orgId, name: 'P2', createdAt: '' });
      const foreign = app.store.agents.get(defaultId)!;
      app.store.agents.set('foreign', { ...foreign, id: 'foreign', projectId: 'p2', isDefault: false });
      for (const id of ['does-not-exist', 'foreign']) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, notFound('Agent not found')]);
      }
    },
  );
});

describe('Agents: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['createAgent', 'POST', '/agents', 'name is required', { identifier: 'worker' }],
    ['renameAgent', 'PATCH', '/agents/{id}', 'name must be a string (received number)', { name: 7 }],
    ['updateAgentSecretMode', 'PATCH', '/agents/{id}/secret-mode', 'mode is required', {}],
    ['updateAgentSecretMode', 'PATCH', '/agents/{id}/secret-mode', 'mode must be one of: all, selective (received "some")', { mode: 'some' }],
    ['updateAgentSecrets', 'PUT', '/agents/{id}/secrets', 'secretIds must be an array (received string)', { secretIds: 's1' }],
    ['updateAgentSecrets', 'PUT', '/agents/{id}/secrets', 'secretIds[0] must be a string (received number)', { secretIds: [1] }],
    ['updateAgentConnections', 'PUT', '/agents/{id}/connections', 'connections[0].appConnectionId is required', { connections: [{}] }],
    [
      'updateAgentConnections',
      'PUT',
      '/agents/{id}/connections',
      'connections[0].sessionPolicy must be an object (received string)',
      { connections: [{ appConnectionId: 'c1', sessionPolicy: 'x' }] },
    ],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    addConnection('c1');
    const before = storeSnapshot(app);
    const res = await call(method, path.replace('{id}', defaultId), body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Agents listAgents GET /agents', () => {
  it('returns the seeded default agent with every documented property', async () => {
    const res = await call('GET', '/agents');
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      {
        id: expect.stringMatching(UUID),
        name: 'Default Agent',
        identifier: 'default',
        accessToken: expect.stringMatching(AGENT_TOKEN),
        isDefault: true,
        secretMode: 'all',
        createdAt: expect.stringMatching(ISO_DATE_TIME),
        _count: { agentSecrets: 0, agentAppConnections: 0 },
      },
    ]);
  });

  it('lists the default agent first, then the newest first', async () => {
    await createAgent('First', 'first');
    await createAgent('Second', 'second');
    const res = await call('GET', '/agents');
    expect((res.body as { identifier: string }[]).map((a) => a.identifier)).toEqual(['default', 'second', 'first']);
  });

  it('counts assigned secrets and connections', async () => {
    addSecret('s1');
    addConnection('c1');
    await call('PUT', `/agents/${defaultId}/secrets`, { secretIds: ['s1'] });
    await call('PUT', `/agents/${defaultId}/connections`, { connections: [{ appConnectionId: 'c1' }] });
    const res = await call('GET', '/agents');
    expect((res.body as { _count: unknown }[])[0]!._count).toEqual({ agentSecrets: 1, agentAppConnections: 1 });
  });
});

describe('Agents createAgent POST /agents', () => {
  it('answers 201 with id, name, identifier and createdAt, and stores a non-default agent', async () => {
    const res = await call('POST', '/agents', { name: 'Claude Assistant', identifier: 'claude-assistant' });
    expect([res.status, res.body]).toEqual([
      201,
      { id: expect.stringMatching(UUID), name: 'Claude Assistant', identifier: 'claude-assistant', createdAt: expect.stringMatching(ISO_DATE_TIME) },
    ]);
    const list = (await call('GET', '/agents')).body as Record<string, unknown>[];
    expect(list[1]).toEqual(
      expect.objectContaining({ identifier: 'claude-assistant', isDefault: false, secretMode: 'all', accessToken: expect.stringMatching(AGENT_TOKEN) }),
    );
  });

  it.each([
    ['a whitespace-only name', { name: '   ', identifier: 'spaces' }],
    ['a 255-character name', { name: 'x'.repeat(255), identifier: 'long' }],
    ['a 255-code-point emoji name', { name: '😀'.repeat(255), identifier: 'emoji' }],
    ['a digit-leading identifier', { name: 'N', identifier: '1st-agent' }],
    ['a 50-character identifier', { name: 'N', identifier: 'a'.repeat(50) }],
    ['an unknown parentIdentifier', { name: 'N', identifier: 'child', parentIdentifier: 'nobody' }],
    ['a known parentIdentifier', { name: 'N', identifier: 'child', parentIdentifier: 'default' }],
    ['unknown extra keys', { name: 'N', identifier: 'extra', kind: 'byo', nested: { a: 1 } }],
  ])('accepts %s', async (_, body) => {
    const res = await call('POST', '/agents', body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual(expect.objectContaining({ name: body.name, identifier: body.identifier }));
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['malformed JSON', '{"name":'],
    ['a JSON array', []],
    ['a JSON string', '"agent"'],
    ['name missing', { identifier: 'x' }],
    ['identifier missing', { name: 'x' }],
    ['an empty name', { name: '', identifier: 'x' }],
    ['a 256-character name', { name: 'x'.repeat(256), identifier: 'x' }],
    ['a numeric name', { name: 42, identifier: 'x' }],
    ['a null name', { name: null, identifier: 'x' }],
    ['an upper-case identifier', { name: 'x', identifier: 'Agent' }],
    ['a hyphen-leading identifier', { name: 'x', identifier: '-agent' }],
    ['a 51-character identifier', { name: 'x', identifier: 'a'.repeat(51) }],
    ['an empty identifier', { name: 'x', identifier: '' }],
    ['an invalid parentIdentifier', { name: 'x', identifier: 'x', parentIdentifier: 'Parent' }],
  ])('rejects %s with 400 flat, storing nothing', async (_, body) => {
    const res = await call('POST', '/agents', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(app.store.agents.size).toBe(1);
  });

  it('names the failing field in the message', async () => {
    const res = await call('POST', '/agents', { name: 'x', identifier: 'Agent' });
    expect(res.body).toEqual({ error: 'identifier must match the pattern ^[a-z0-9][a-z0-9-]{0,49}$' });
  });

  it('answers 409 envelope for an identifier already used in the project', async () => {
    const res = await call('POST', '/agents', { name: 'Again', identifier: 'default' });
    expect([res.status, res.body]).toEqual([409, badRequest('An agent with this identifier already exists')]);
  });
});

describe('Agents getDefaultAgent GET /agents/default', () => {
  it('returns the default agent as the full Agent', async () => {
    const res = await call('GET', '/agents/default');
    const [listed] = (await call('GET', '/agents')).body as unknown[];
    expect([res.status, res.body]).toEqual([200, listed]);
  });

  it('answers 404 envelope when the project has no default agent', async () => {
    app.store.agents.get(defaultId)!.isDefault = false;
    const res = await call('GET', '/agents/default');
    expect([res.status, res.body]).toEqual([404, notFound('No default agent found')]);
  });
});

describe('Agents renameAgent PATCH /agents/{agentId}', () => {
  it('renames and answers {success: true}', async () => {
    const res = await call('PATCH', `/agents/${defaultId}`, { name: '  Production Agent ' });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect(app.store.agents.get(defaultId)!.name).toBe('  Production Agent ');
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['name missing', {}],
    ['an empty name', { name: '' }],
    ['a 256-character name', { name: 'x'.repeat(256) }],
    ['a boolean name', { name: true }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('PATCH', `/agents/${defaultId}`, body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(app.store.agents.get(defaultId)!.name).toBe('Default Agent');
  });

  it('validates the body before looking the agent up', async () => {
    const res = await call('PATCH', '/agents/does-not-exist', {});
    expect([res.status, res.body]).toEqual([400, { error: 'name is required' }]);
  });
});

describe('Agents deleteAgent DELETE /agents/{agentId}', () => {
  it('answers 204 with no body, and the agent is gone', async () => {
    const id = await createAgent('Temp', 'temp');
    const res = await call('DELETE', `/agents/${id}`);
    expect([res.status, res.text, res.headers['content-type']]).toEqual([204, '', undefined]);
    expect((await call('DELETE', `/agents/${id}`)).status).toBe(404);
  });

  it('answers 400 envelope for the default agent', async () => {
    const res = await call('DELETE', `/agents/${defaultId}`);
    expect([res.status, res.body]).toEqual([400, badRequest('Cannot delete the default agent')]);
  });
});

describe('Agents setDefaultAgent POST /agents/{agentId}/set-default', () => {
  it('moves the default flag, leaving exactly one default', async () => {
    const id = await createAgent('Next', 'next');
    const res = await call('POST', `/agents/${id}/set-default`);
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    const list = (await call('GET', '/agents')).body as { id: string; isDefault: boolean }[];
    expect(list.filter((a) => a.isDefault).map((a) => a.id)).toEqual([id]);
    expect((await call('DELETE', `/agents/${defaultId}`)).status).toBe(204);
  });

  it('is idempotent on the current default', async () => {
    const res = await call('POST', `/agents/${defaultId}/set-default`);
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
  });
});

describe('Agents regenerateAgentToken POST /agents/{agentId}/regenerate-token', () => {
  it('issues a new aoc_ token that replaces the old one', async () => {
    const old = app.store.agents.get(defaultId)!.accessToken;
    const res = await call('POST', `/agents/${defaultId}/regenerate-token`);
    expect([res.status, res.body]).toEqual([200, { accessToken: expect.stringMatching(AGENT_TOKEN) }]);
    const { accessToken } = res.body as { accessToken: string };
    expect(accessToken).not.toBe(old);
    expect(((await call('GET', '/agents/default')).body as { accessToken: string }).accessToken).toBe(accessToken);
  });
});

describe('Agents updateAgentSecretMode PATCH /agents/{agentId}/secret-mode', () => {
  it.each(['selective', 'all'] as const)('sets mode %s', async (mode) => {
    const res = await call('PATCH', `/agents/${defaultId}/secret-mode`, { mode });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect(((await call('GET', '/agents/default')).body as { secretMode: string }).secretMode).toBe(mode);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['mode missing', {}],
    ['an unknown mode', { mode: 'some' }],
    ['an upper-case mode', { mode: 'ALL' }],
    ['a numeric mode', { mode: 1 }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('PATCH', `/agents/${defaultId}/secret-mode`, body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });
});

describe('Agents getAgentSecrets / updateAgentSecrets /agents/{agentId}/secrets', () => {
  it('starts empty, then returns the assigned ids', async () => {
    expect((await call('GET', `/agents/${defaultId}/secrets`)).body).toEqual([]);
    addSecret('s1');
    addSecret('s2');
    const res = await call('PUT', `/agents/${defaultId}/secrets`, { secretIds: ['s2', 's1'] });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect((await call('GET', `/agents/${defaultId}/secrets`)).body).toEqual(['s2', 's1']);
    await call('PUT', `/agents/${defaultId}/secrets`, { secretIds: [] });
    expect((await call('GET', `/agents/${defaultId}/secrets`)).body).toEqual([]);
  });

  it.each([
    ['an unknown secret', ['missing']],
    ['a secret of another project', ['foreign']],
  ])('answers 400 envelope for %s', async (_, secretIds) => {
    addSecret('foreign', 'other-project');
    const res = await call('PUT', `/agents/${defaultId}/secrets`, { secretIds });
    expect([res.status, res.body]).toEqual([400, badRequest('One or more secrets not found')]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['secretIds missing', {}],
    ['secretIds not an array', { secretIds: 's1' }],
    ['a non-string id', { secretIds: [1] }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('PUT', `/agents/${defaultId}/secrets`, body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });
});

describe('Agents getAgentConnections / updateAgentConnections /agents/{agentId}/connections', () => {
  it('starts empty, then returns the assignments with their policies', async () => {
    expect((await call('GET', `/agents/${defaultId}/connections`)).body).toEqual([]);
    addConnection('c1');
    addConnection('c2');
    const connections = [{ appConnectionId: 'c1', sessionPolicy: { repos: ['a/b'] } }, { appConnectionId: 'c2' }];
    const res = await call('PUT', `/agents/${defaultId}/connections`, { connections });
    expect([res.status, res.body]).toEqual([200, SUCCESS]);
    expect((await call('GET', `/agents/${defaultId}/connections`)).body).toEqual([
      { appConnectionId: 'c1', sessionPolicy: { repos: ['a/b'] } },
      { appConnectionId: 'c2', sessionPolicy: null },
    ]);
  });

  it('answers 400 envelope for an unknown connection', async () => {
    const res = await call('PUT', `/agents/${defaultId}/connections`, { connections: [{ appConnectionId: 'nope' }] });
    expect([res.status, res.body]).toEqual([400, badRequest('One or more app connections not found')]);
  });

  it.each<[string, unknown]>([
    ['no body', undefined],
    ['connections missing', {}],
    ['connections not an array', { connections: {} }],
    ['appConnectionId missing', { connections: [{}] }],
    ['a numeric appConnectionId', { connections: [{ appConnectionId: 1 }] }],
    ['an array sessionPolicy', { connections: [{ appConnectionId: 'c', sessionPolicy: [] }] }],
    ['a string sessionPolicy', { connections: [{ appConnectionId: 'c', sessionPolicy: 'x' }] }],
  ])('rejects %s with 400 flat', async (_, body) => {
    const res = await call('PUT', `/agents/${defaultId}/connections`, body);
    expect([res.status, res.body]).toEqual([400, flat]);
  });
});

describe('Agents listAgentGranularAccess GET /agents/granular-access', () => {
  it('lists only assignments with a non-empty policy', async () => {
    expect((await call('GET', '/agents/granular-access')).body).toEqual([]);
    for (const id of ['c1', 'c2', 'c3']) addConnection(id);
    const connections = [
      { appConnectionId: 'c1', sessionPolicy: { folders: ['/x'] } },
      { appConnectionId: 'c2', sessionPolicy: {} },
      { appConnectionId: 'c3', sessionPolicy: null },
    ];
    await call('PUT', `/agents/${defaultId}/connections`, { connections });
    const res = await call('GET', '/agents/granular-access');
    expect([res.status, res.body]).toEqual([
      200,
      [{ agentId: defaultId, agentName: 'Default Agent', connectionId: 'c1', provider: 'github', connectionLabel: 'c1 label', policy: { folders: ['/x'] } }],
    ]);
  });
});
