import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { listConsistency } from './list-consistency';
import type { CaseInfo } from './types';

function list(live: string[], deleted: string[]): CaseInfo {
  return { kind: 'stateful', command: 'list agents', operationId: 'listAgents', expect: { of: 'list', idFields: ['agentId', 'id'], live, deleted } };
}
function judge(c: CaseInfo, status: number, json?: unknown) {
  return outcomeOf(listConsistency, contextFor('createAgent', { status, json, case: c }));
}

describe('list-consistency', () => {
  it('passes a list holding exactly the live ids among the sequence’s; other items do not matter', () => {
    expect(judge(list(['a', 'b'], ['c']), 200, [{ id: 'a' }, { id: 'b' }, { id: 'seeded' }])).toEqual({ status: 'passed' });
  });

  it('fails a list that omits a live id', () => {
    expect(judge(list(['a', 'b'], []), 200, [{ id: 'a' }])).toMatchObject({
      status: 'failed',
      violation: { title: 'List omits live resources', received: { missing: ['b'], stale: [] } },
    });
  });

  it('fails a list that holds a deleted id', () => {
    const outcome = judge(list([], ['c']), 200, [{ id: 'c' }]);
    expect(outcome).toMatchObject({ status: 'failed', violation: { title: 'List holds deleted resources', received: { missing: [], stale: ['c'] } } });
    if (outcome?.status === 'failed') expect(outcome.violation.message).toContain('list agents: listAgents holds c (deleted)');
  });

  it('names both faults at once', () => {
    expect(judge(list(['a'], ['c']), 200, [{ id: 'c' }])).toMatchObject({ violation: { title: 'List omits live resources and holds deleted ones' } });
  });

  it('is inconclusive for a non-200 or a body that is no list', () => {
    expect(judge(list(['a'], []), 401, {})).toMatchObject({ status: 'inconclusive' });
    expect(judge(list(['a'], []), 200, { count: 1 })).toMatchObject({ status: 'inconclusive' });
  });

  it('is skipped for other cases', () => {
    expect(judge({ kind: 'valid' }, 200, [])).toBeUndefined();
  });
});
