import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import type { CaseInfo } from './types';
import { updatePersisted } from './update-persisted';

const ID = 'a1';
function read(fields: Record<string, unknown>, via: 'get' | 'list' = 'list'): CaseInfo {
  return { kind: 'stateful', command: 'find agent in list', operationId: 'listAgents', expect: { of: 'read', via, id: ID, idFields: ['id'], state: 'live', fields } };
}
function judge(c: CaseInfo, status: number, json?: unknown) {
  return outcomeOf(updatePersisted, contextFor('createAgent', { status, json, case: c }));
}

describe('update-persisted', () => {
  it('passes when the read shows what the update set', () => {
    expect(judge(read({ name: 'new' }), 200, [{ id: ID, name: 'new' }])).toEqual({ status: 'passed' });
    expect(judge(read({ enabled: false }, 'get'), 200, { id: ID, enabled: false })).toEqual({ status: 'passed' });
    // null and absent are the same
    expect(judge(read({ pathPattern: null }, 'get'), 200, { id: ID, pathPattern: null })).toEqual({ status: 'passed' });
  });

  it('fails when the read shows another value, naming field, read and sent values', () => {
    const outcome = judge(read({ name: 'new' }), 200, [{ id: ID, name: 'old' }]);
    expect(outcome).toMatchObject({ status: 'failed', violation: { title: 'Update not persisted', received: { name: 'old' }, documented: { name: 'new' } } });
    if (outcome?.status === 'failed') expect(outcome.violation.message).toContain('listAgents shows name "old" for a1; the 2xx update set name "new"');
  });

  it('does not compare a field kept only while another has a value the read does not show (opRef of an inline secret)', () => {
    expect(judge(read({ opRef: 'op://v/i/f', name: 'n' }, 'list'), 200, [{ id: ID, opRef: null, valueSource: 'inline', name: 'n' }])).toEqual({ status: 'passed' });
    expect(judge(read({ opRef: 'op://v/i/f' }, 'list'), 200, [{ id: ID, opRef: null, valueSource: 'onepassword' }])).toMatchObject({ status: 'failed' });
  });

  it('is inconclusive when the read does not show the resource or none of the fields', () => {
    expect(judge(read({ name: 'new' }), 200, [{ id: 'other', name: 'new' }])).toMatchObject({ status: 'inconclusive' });
    expect(judge(read({ name: 'new' }, 'get'), 404, { error: { message: 'x', type: 'not_found_error' } })).toMatchObject({ status: 'inconclusive' });
    expect(judge(read({ secret: 'x' }), 200, [{ id: ID, name: 'n' }])).toMatchObject({ status: 'inconclusive' });
  });

  it('is skipped for reads after no update', () => {
    expect(judge(read({}), 200, [{ id: ID }])).toBeUndefined();
  });
});
