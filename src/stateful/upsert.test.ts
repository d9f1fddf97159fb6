import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from '../checks/__test-helpers__/check-context';
import { listConsistency } from '../checks/list-consistency';
import { updatePersisted } from '../checks/update-persisted';
import { loadContract } from '../contract/load';
import type { WireRequest } from '../http/types';
import { emptyModel, expectation, observe } from './commands';
import { familyCreatedBy, resourceGraph } from './graph';

const contract = await loadContract('openapi.yaml');
const graph = resourceGraph(contract.operations, contract.document);
const op = (id: string) => contract.operations.find((o) => o.operationId === id)!;
const blocklist = familyCreatedBy(graph, op('addOrgBlocklistEntry'))!;
const agents = familyCreatedBy(graph, op('createAgent'))!;

const PATH = '/org/apps/github/blocklist';
const post = (body: unknown): WireRequest => ({ method: 'POST', path: PATH, headers: {}, body: JSON.stringify(body) });
const patch = (id: string, body: unknown): WireRequest => ({ method: 'PATCH', path: `${PATH}/${id}`, headers: {}, body: JSON.stringify(body) });
/** A rule as the API states it (BlocklistHostState). */
const rule = (ruleId: string, enabled: boolean) => ({ hostId: 'github-gist', ruleId, enabled, custom: false, name: 'Gist', hostPattern: 'gist.github.com', scope: 'organization' });

describe('a create answering an id the sequence holds is an upsert', () => {
  it('Organization App Config addOrgBlocklistEntry POST /org/apps/{provider}/blocklist › update-persisted: activate → disable → activate again reads enabled', () => {
    const m = emptyModel();
    expect(observe(blocklist, m, 'create', undefined, post({ hostId: 'github-gist' }), { status: 201, json: rule('r1', true) })).toBe('r1');
    observe(blocklist, m, 'update', 'r1', patch('r1', { enabled: false }), { status: 200, json: { success: true } });
    expect(expectation(blocklist, m, 'read', 'r1')).toMatchObject({ fields: { enabled: false } });
    // activating the host again re-enables the rule it has: same id, enabled
    expect(observe(blocklist, m, 'create', undefined, post({ hostId: 'github-gist' }), { status: 201, json: rule('r1', true) })).toBe('r1');
    expect(m.created).toEqual(['r1']);
    const read = expectation(blocklist, m, 'read', 'r1');
    expect(read).toMatchObject({ of: 'read', via: 'list', id: 'r1', state: 'live', fields: { enabled: true, hostId: 'github-gist' } });
    expect(expectation(blocklist, m, 'list')).toEqual({ of: 'list', idFields: blocklist.idFields, live: ['r1'], deleted: [] });

    // and the checks judging the correct server's list pass
    const listed = [rule('r1', true), { hostId: 'github-actions', ruleId: null, enabled: false, custom: false, name: 'Actions', hostPattern: 'x', scope: null }];
    const judged = (expect_: ReturnType<typeof expectation>, check: typeof updatePersisted) =>
      outcomeOf(check, contextFor('getOrgBlocklist', { status: 200, json: listed, case: { kind: 'stateful', command: 'find org blocklist entry in list', operationId: 'getOrgBlocklist', expect: expect_ } }));
    expect(judged(read, updatePersisted)).toEqual({ status: 'passed' });
    expect(judged(expectation(blocklist, m, 'list'), listConsistency)).toEqual({ status: 'passed' });
  });

  it('keeps of the earlier expectations only what the answer shows, and takes what the create sent', () => {
    const m = emptyModel();
    observe(blocklist, m, 'create', undefined, post({ hostId: 'github-gist' }), { status: 201, json: rule('r1', true) });
    observe(blocklist, m, 'update', 'r1', patch('r1', { enabled: false }), { status: 200, json: { success: true } });
    // an answer that does not show `enabled`: nothing is known of it any more
    observe(blocklist, m, 'create', undefined, post({ hostId: 'github-gist' }), { status: 201, json: { ruleId: 'r1' } });
    expect(m.fields.get('r1')).toEqual({ hostId: 'github-gist' });
  });

  it('a deleted id that a create answers again is live again', () => {
    const m = emptyModel();
    observe(blocklist, m, 'create', undefined, post({ hostId: 'github-gist' }), { status: 201, json: rule('r1', true) });
    observe(blocklist, m, 'delete', 'r1', { method: 'DELETE', path: `${PATH}/r1`, headers: {} }, { status: 200, json: { success: true } });
    expect(expectation(blocklist, m, 'read', 'r1')).toMatchObject({ state: 'deleted' });
    observe(blocklist, m, 'create', undefined, post({ hostId: 'github-gist' }), { status: 201, json: rule('r1', true) });
    expect(m.created).toEqual(['r1']);
    // (the delete dropped what the model expected of it: only what the create sent is expected now)
    expect(expectation(blocklist, m, 'read', 'r1')).toMatchObject({ state: 'live', fields: { hostId: 'github-gist' } });
    expect(expectation(blocklist, m, 'list')).toMatchObject({ live: ['r1'], deleted: [] });
  });

  it('a create answering a new id still adds a second resource, expecting nothing of its fields', () => {
    const m = emptyModel();
    const create = (name: string, id: string) =>
      observe(agents, m, 'create', undefined, { method: 'POST', path: '/agents', headers: {}, body: JSON.stringify({ name, identifier: name }) }, { status: 201, json: { id, name } });
    expect(create('a', 'a1')).toBe('a1');
    expect(create('b', 'a2')).toBe('a2');
    expect(m.created).toEqual(['a1', 'a2']);
    expect(m.fields.size).toBe(0);
  });
});
