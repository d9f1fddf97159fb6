import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { ensureResourceAvailability } from './ensure-resource-availability';
import type { CaseInfo, StatefulExpectation } from './types';

const ID = 's1';
const NOT_FOUND = { error: { message: 'Secret not found', type: 'not_found_error' } };
const stateful = (expect: StatefulExpectation, command = 'update secret', operationId = 'updateSecret'): CaseInfo => ({ kind: 'stateful', command, operationId, expect });
const liveRead = (via: 'get' | 'list') => stateful({ of: 'read', via, id: ID, idFields: ['secretId', 'id'], state: 'live' }, 'find secret in list', 'listSecrets');

function judge(c: CaseInfo, status: number, json?: unknown) {
  return outcomeOf(ensureResourceAvailability, contextFor('createSecret', { status, json, case: c }));
}

describe('ensure-resource-availability', () => {
  it('passes a 2xx get, a list holding the id, a 2xx update or delete', () => {
    expect(judge(liveRead('get'), 200, { id: ID })).toEqual({ status: 'passed' });
    expect(judge(liveRead('list'), 200, [{ id: ID }])).toEqual({ status: 'passed' });
    expect(judge(stateful({ of: 'update', id: ID }), 200, { success: true })).toEqual({ status: 'passed' });
    expect(judge(stateful({ of: 'delete', id: ID }, 'delete secret', 'deleteSecret'), 204)).toEqual({ status: 'passed' });
  });

  it('fails a 404 to an update of a created resource, naming the command', () => {
    const outcome = judge(stateful({ of: 'update', id: ID }), 404, NOT_FOUND);
    expect(outcome).toMatchObject({ status: 'failed', violation: { title: 'Created resource not found', received: 404 } });
    if (outcome?.status === 'failed') expect(outcome.violation.message).toMatch(/^update secret: updateSecret answered 404 for s1/);
  });

  it('fails a 404 get and a list without the id', () => {
    expect(judge(liveRead('get'), 404, NOT_FOUND)).toMatchObject({ status: 'failed', violation: { title: 'Created resource not found' } });
    expect(judge(liveRead('list'), 200, [{ id: 'other' }])).toMatchObject({ status: 'failed', violation: { title: 'Created resource not listed' } });
  });

  it('is inconclusive for answers that say neither, and for a 404 to a body naming other resources', () => {
    expect(judge(stateful({ of: 'update', id: ID }), 400, { error: 'name is required' })).toMatchObject({ status: 'inconclusive' });
    expect(judge(stateful({ of: 'update', id: ID, namesOthers: true }), 404, NOT_FOUND)).toMatchObject({ status: 'inconclusive' });
    expect(judge(liveRead('list'), 401, {})).toMatchObject({ status: 'inconclusive' });
  });

  it('judges lists: every live id must be listed', () => {
    const list = (live: string[]) => stateful({ of: 'list', idFields: ['id'], live, deleted: ['gone'] }, 'list secrets', 'listSecrets');
    expect(judge(list([ID]), 200, [{ id: ID }, { id: 'gone' }])).toEqual({ status: 'passed' });
    expect(judge(list([ID]), 200, [])).toMatchObject({ status: 'failed', violation: { title: 'Created resource not listed', received: { missing: [ID] } } });
    expect(judge(list([]), 200, [])).toBeUndefined();
  });

  it('is skipped for creates and reads of deleted resources', () => {
    expect(judge(stateful({ of: 'create' }), 404)).toBeUndefined();
    expect(judge(stateful({ of: 'read', via: 'get', id: ID, idFields: ['id'], state: 'deleted' }), 404)).toBeUndefined();
  });
});
