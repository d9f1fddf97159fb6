import { describe, expect, it } from 'vitest';
import { useAfterFree } from '../checks/use-after-free';
import { SchemaCompiler } from '../contract/compile';
import { loadContract } from '../contract/load';
import type { HttpClient } from '../http/client';
import type { WireRequest, WireResponse } from '../http/types';
import type { SequenceStep } from '../runner/types';
import { familyCreatedBy, resourceGraph } from '../stateful/graph';
import { createCommands, replaceIds, replaySequence, substituteIds } from './replay-sequence';

const OLD = '684d8066-038d-4ffd-bb8d-a45c1daa8f4b';
const OTHER = '11111111-2222-4333-8444-555555555555';

describe('substituteIds', () => {
  const ids = new Map([
    [OLD, 'aaaaaaaa-0000-4000-8000-000000000001'],
    [OTHER, 'bbbbbbbb-0000-4000-8000-000000000002'],
  ]);

  it('replaces an old id in the path, the query and the body, and keeps the rest of the request', () => {
    const request: WireRequest = {
      method: 'PATCH',
      path: `/agents/${OLD}/secrets?agentId=${OLD}&limit=5`,
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ agentId: OLD, secretIds: [OTHER, 'x'], name: 'n' }),
    };
    expect(substituteIds(request, ids)).toEqual({
      method: 'PATCH',
      path: '/agents/aaaaaaaa-0000-4000-8000-000000000001/secrets?agentId=aaaaaaaa-0000-4000-8000-000000000001&limit=5',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ agentId: 'aaaaaaaa-0000-4000-8000-000000000001', secretIds: ['bbbbbbbb-0000-4000-8000-000000000002', 'x'], name: 'n' }),
    });
  });

  it('replaces whole tokens only: not inside a longer id, not a prefix', () => {
    const short = new Map([['ab12', 'zz99']]);
    expect(replaceIds('/rules/ab12', short)).toBe('/rules/zz99');
    expect(replaceIds('/rules/ab123', short)).toBe('/rules/ab123');
    expect(replaceIds('/rules/xab12', short)).toBe('/rules/xab12');
    expect(replaceIds('{"id":"ab12","other":"ab12-copy"}', short)).toBe('{"id":"zz99","other":"zz99-copy"}');
  });

  it('replaces the URL-encoded form in a path, and never replaces a new id again', () => {
    expect(replaceIds('/x/a%20b?q=a%20b', new Map([['a b', 'c d']]), true)).toBe('/x/c%20d?q=c%20d');
    // one pass: a → b and b → c does not turn a into c
    expect(replaceIds('/x/aaaa/bbbb', new Map([['aaaa', 'bbbb'], ['bbbb', 'cccc']]))).toBe('/x/bbbb/cccc');
  });

  it('leaves a request alone when no id changed, and a request without a body without one', () => {
    const request: WireRequest = { method: 'GET', path: `/agents/${OLD}`, headers: {} };
    expect(substituteIds(request, new Map())).toBe(request);
    expect(substituteIds(request, ids)).not.toHaveProperty('body');
  });
});

describe('createCommands', () => {
  it('groups consecutive create attempts into one command, each with the id the run made', () => {
    const step = (of: SequenceStep['of'], attempt?: number, created?: string) =>
      ({ command: of, operationId: 'x', of, ...(attempt ? { attempt } : {}), ...(created ? { created } : {}), request: { method: 'GET', path: '/', headers: {} }, status: 200 }) as SequenceStep;
    const commands = createCommands([step('create', 1), step('create', 2, 'a'), step('create', 1, 'b'), step('delete'), step('create', 1), step('create')]);
    expect([...commands.keys()]).toEqual([0, 1, 2, 4, 5]);
    expect(commands.get(0)).toBe(commands.get(1));
    expect(commands.get(0)).toMatchObject({ last: 1, created: 'a' });
    expect(commands.get(2)).toMatchObject({ last: 2, created: 'b' });
    expect(commands.get(4)).not.toBe(commands.get(5));
  });
});

/**
 * An in-memory agents collection behind a fake HttpClient: identifiers are unique (409), `keep` makes a
 * 204 delete keep the agent (the delete-keeps-resource fault).
 */
function agentsServer(options: { keep?: boolean; refuseAll?: boolean } = {}) {
  const agents = new Map<string, { id: string; name: string; identifier: string }>();
  const sent: WireRequest[] = [];
  let next = 0;
  const answer = (status: number, json?: unknown): WireResponse => ({
    status,
    headers: json === undefined ? {} : { 'content-type': 'application/json' },
    bodyText: json === undefined ? '' : JSON.stringify(json),
    json,
    isJson: json !== undefined,
    durationMs: 1,
  });
  const client = {
    async send(request: WireRequest): Promise<WireResponse> {
      sent.push(request);
      const path = request.path.split('?')[0]!;
      if (request.method === 'POST' && path === '/agents') {
        const body = JSON.parse(request.body ?? '{}');
        if (options.refuseAll) return answer(400, { error: 'no' });
        if ([...agents.values()].some((a) => a.identifier === body.identifier)) return answer(409, { error: { message: 'exists', type: 'x' } });
        const id = `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
        agents.set(id, { id, name: body.name, identifier: body.identifier });
        return answer(201, agents.get(id));
      }
      if (request.method === 'GET' && path === '/agents') return answer(200, [...agents.values()]);
      const m = /^\/agents\/([^/]+)$/.exec(path);
      if (m && request.method === 'DELETE') {
        if (!agents.has(m[1]!)) return answer(404, { error: { message: 'not found', type: 'x' } });
        if (!options.keep) agents.delete(m[1]!);
        return answer(204);
      }
      return answer(404, { error: { message: 'no route', type: 'x' } });
    },
  };
  return { agents, sent, client: client as unknown as HttpClient };
}

const contract = await loadContract('openapi.yaml');
const createAgent = contract.operations.find((o) => o.operationId === 'createAgent')!;
const family = familyCreatedBy(resourceGraph(contract.operations, contract.document), createAgent)!;
const compiler = new SchemaCompiler(contract.document);

/** The steps of a use-after-free finding as the run records them: a refused attempt, a create, a delete, a read. */
const STEPS: SequenceStep[] = [
  { command: 'create agent', operationId: 'createAgent', of: 'create', attempt: 1, status: 409, request: post({ name: 'A', identifier: 'taken' }) },
  { command: 'create agent', operationId: 'createAgent', of: 'create', attempt: 2, created: OLD, status: 201, request: post({ name: 'B', identifier: 'replayed-b' }) },
  { command: 'delete agent', operationId: 'deleteAgent', of: 'delete', id: OLD, status: 204, request: { method: 'DELETE', path: `/agents/${OLD}`, headers: { authorization: 'Bearer [REDACTED]' } } },
  { command: 'find agent in list', operationId: 'listAgents', of: 'read', id: OLD, status: 200, request: { method: 'GET', path: '/agents', headers: { authorization: 'Bearer [REDACTED]' } } },
];

function post(body: unknown): WireRequest {
  return { method: 'POST', path: '/agents', headers: { authorization: 'Bearer [REDACTED]', 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

async function replay(server: ReturnType<typeof agentsServer>, steps = STEPS) {
  const notes: string[] = [];
  const replayed = await replaySequence({
    steps,
    judgedStep: steps.length - 1,
    command: 'find agent in list',
    family,
    operations: contract.operations,
    client: server.client,
    withKeys: (request) => ({ ...request, headers: { ...request.headers, authorization: 'Bearer oc_current' } }),
    auth: () => ({ authorization: 'Bearer oc_current' }),
    note: (text) => notes.push(text),
  });
  return { ...replayed, notes };
}

function judge(replayed: Awaited<ReturnType<typeof replay>>) {
  return useAfterFree.run({ operation: createAgent, operations: contract.operations, compiler, case: replayed.info, exchange: replayed.exchange });
}

describe('replaySequence', () => {
  it('re-sends the steps with the new id in place of the old one and judges the read against the rebuilt model', async () => {
    const server = agentsServer({ keep: true });
    server.agents.set('seed', { id: 'seed', name: 'x', identifier: 'taken' });
    const replayed = await replay(server);
    const made = replayed.ids.get(OLD)!;
    expect(made).toMatch(/^00000000-/);
    expect(server.sent.slice(0, 4).map((r) => `${r.method} ${r.path}`)).toEqual(['POST /agents', 'POST /agents', `DELETE /agents/${made}`, 'GET /agents']);
    expect(server.sent.every((r) => r.headers.authorization === 'Bearer oc_current')).toBe(true);
    expect(replayed.info).toEqual({
      kind: 'stateful',
      command: 'find agent in list',
      operationId: 'listAgents',
      expect: { of: 'read', via: 'list', id: made, idFields: family.idFields, state: 'deleted' },
    });
    expect(judge(replayed)).toMatchObject({ status: 'failed', violation: { title: 'Deleted resource still listed' } });
    // cleanup: the agent is still listed, so it is deleted again; the fault keeps it, which is said
    expect(server.sent.slice(4).map((r) => r.method)).toEqual(['GET', 'DELETE', 'GET']);
    expect(replayed.notes.at(-1)).toBe(`left behind: deleteAgent /agents/${made} answered 204, but the agent is still there`);
  });

  it('against a correct server: the check passes, and nothing is left (no cleanup delete needed)', async () => {
    const server = agentsServer();
    const replayed = await replay(server);
    expect(judge(replayed)).toEqual({ status: 'passed' });
    expect(server.agents.size).toBe(0);
    expect(server.sent.filter((r) => r.method === 'DELETE')).toHaveLength(1);
    expect(replayed.notes).toEqual(['step 1 (create agent) answered 201 (the run\'s: 409)', 'step 2 (create agent) not sent: an earlier attempt of the command made the agent']);
  });

  it('a create the target refuses now (what the run left holds its identifier) is retried with a fresh body', async () => {
    const server = agentsServer({ keep: true });
    server.agents.set('left', { id: 'left', name: 'x', identifier: 'replayed-b' });
    server.agents.set('seed', { id: 'seed', name: 'x', identifier: 'taken' });
    const replayed = await replay(server);
    expect(replayed.ids.get(OLD)).toMatch(/^00000000-/);
    expect(replayed.notes[0]).toBe("step 2 (create agent) answered 409 (the run's: 201); a fresh body made the agent");
    expect(judge(replayed)).toMatchObject({ status: 'failed' });
  });

  it('what the sequence leaves alive is deleted afterwards', async () => {
    const server = agentsServer();
    const steps = [STEPS[1]!, { ...STEPS[3]!, command: 'list agents', of: 'list' as const, id: undefined }];
    const replayed = await replay(server, steps);
    expect(replayed.info.expect).toEqual({ of: 'list', idFields: family.idFields, live: [replayed.ids.get(OLD)], deleted: [] });
    expect(server.sent.map((r) => r.method)).toEqual(['POST', 'GET', 'DELETE', 'GET']);
    expect(server.agents.size).toBe(0);
    expect(replayed.notes).toEqual([]);
  });

  it('no create succeeds: the sequence cannot be rebuilt (TARGET_UNUSABLE), nothing is judged', async () => {
    await expect(replay(agentsServer({ refuseAll: true }))).rejects.toMatchObject({ code: 'TARGET_UNUSABLE', message: expect.stringContaining('cannot be rebuilt') });
  });
});
