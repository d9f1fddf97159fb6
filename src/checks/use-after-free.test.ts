import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import type { CaseInfo, StatefulExpectation } from './types';
import { useAfterFree } from './use-after-free';

const ID = 'a1';
const read = (via: 'get' | 'list', state: 'live' | 'deleted' = 'deleted'): CaseInfo => ({
  kind: 'stateful',
  command: via === 'get' ? 'get rule' : 'find agent in list',
  operationId: via === 'get' ? 'getRule' : 'listAgents',
  expect: { of: 'read', via, id: ID, idFields: ['agentId', 'id'], state },
});

function judge(c: CaseInfo, status: number, json?: unknown) {
  return outcomeOf(useAfterFree, contextFor('createAgent', { status, json, case: c }));
}

describe('use-after-free', () => {
  it('passes a 404 (or 410) to the get of a deleted resource', () => {
    expect(judge(read('get'), 404, { error: { message: 'Rule not found', type: 'not_found_error' } })).toEqual({ status: 'passed' });
    expect(judge(read('get'), 410, {})).toEqual({ status: 'passed' });
  });

  it('fails a 2xx get of a deleted resource', () => {
    const outcome = judge(read('get'), 200, { id: ID });
    expect(outcome).toMatchObject({ status: 'failed', violation: { title: 'Deleted resource still readable', received: 200, documented: 404 } });
    if (outcome?.status === 'failed') expect(outcome.violation.message).toContain('get rule: getRule answered 200 for a1');
  });

  it('passes a list without the deleted id, fails one that still holds it', () => {
    expect(judge(read('list'), 200, [{ id: 'other' }])).toEqual({ status: 'passed' });
    expect(judge(read('list'), 200, [{ id: ID }])).toMatchObject({ status: 'failed', violation: { title: 'Deleted resource still listed' } });
  });

  it('reads ids from wrapper objects and the first id field', () => {
    expect(judge(read('list'), 200, { items: [{ agentId: ID, id: 'x' }] })).toMatchObject({ status: 'failed' });
  });

  it('is inconclusive when the answer says neither found nor gone', () => {
    expect(judge(read('get'), 401, {})).toMatchObject({ status: 'inconclusive' });
    expect(judge(read('list'), 500, {})).toMatchObject({ status: 'inconclusive' });
    expect(judge(read('list'), 200, 'text')).toMatchObject({ status: 'inconclusive' });
  });

  it('judges lists: no deleted id may be listed', () => {
    const list = (deleted: string[]): CaseInfo => ({
      kind: 'stateful',
      command: 'list agents',
      operationId: 'listAgents',
      expect: { of: 'list', idFields: ['id'], live: ['b'], deleted } as StatefulExpectation,
    });
    expect(judge(list([ID]), 200, [{ id: 'b' }])).toEqual({ status: 'passed' });
    expect(judge(list([ID]), 200, [{ id: ID }, { id: 'b' }])).toMatchObject({ status: 'failed', violation: { title: 'Deleted resource still listed', received: { listed: [ID] } } });
    expect(judge(list([]), 200, [{ id: ID }])).toBeUndefined();
  });

  it.each([
    ['a live read', read('get', 'live')],
    ['a valid request', { kind: 'valid' }],
  ] as Array<[string, CaseInfo]>)('is skipped for %s', (_name, c) => {
    expect(judge(c, 200, [{ id: ID }])).toBeUndefined();
  });
});
