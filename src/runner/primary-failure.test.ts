import { describe, expect, it } from 'vitest';
import { checks } from '../checks/index';
import type { Check, CheckOutcome } from '../checks/types';
import { PRECEDENCE, primaryFailure } from './primary-failure';

const byId = (id: string) => checks.find((c) => c.id === id)!;
const fail = (title: string, severity?: 'error' | 'warning'): CheckOutcome => ({
  status: 'failed',
  violation: { title, message: title },
  ...(severity ? { severity } : {}),
});

function outcomes(entries: Array<[string, CheckOutcome | undefined]>): Map<Check, CheckOutcome | undefined> {
  return new Map(entries.map(([id, o]) => [byId(id), o]));
}

describe('primaryFailure', () => {
  it('nothing failed: no finding', () => {
    expect(primaryFailure(outcomes([['status-code-conformance', { status: 'passed' }], ['error-shape', undefined]]), 200)).toBeUndefined();
  });

  it('a 410 to a request without a key is the status, with ignored auth listed as also', () => {
    const p = primaryFailure(outcomes([['ignored-auth', fail('Wrong status for missing authentication')], ['status-code-conformance', fail('Undocumented status code')]]), 410);
    expect(p!.check.id).toBe('status-code-conformance');
    expect(p!.also.map((a) => a.check.id)).toEqual(['ignored-auth']);
  });

  it('a 500 to an invalid body is the server error, not also invalid data accepted', () => {
    const p = primaryFailure(outcomes([['negative-data-rejection', fail('Invalid request accepted')], ['not-a-server-error', fail('Server error')]]), 500);
    expect(p!.check.id).toBe('not-a-server-error');
    expect(p!.also.map((a) => a.check.id)).toEqual(['negative-data-rejection']);
  });

  it('an error speaks before a warning, whatever the precedence', () => {
    const p = primaryFailure(outcomes([['positive-data-acceptance', fail('Valid request refused', 'warning')], ['error-shape', fail('Wrong error shape')]]), 400);
    expect(p!.check.id).toBe('error-shape');
  });

  it('an invalid body accepted with an undocumented 200 is invalid data accepted, the status listed as also', () => {
    const p = primaryFailure(outcomes([['status-code-conformance', fail('Undocumented status code')], ['negative-data-rejection', fail('Invalid request accepted')]]), 200);
    expect(p!.check.id).toBe('negative-data-rejection');
    expect(p!.also.map((a) => a.check.id)).toEqual(['status-code-conformance']);
  });

  it('a list that omits what the sequence made is a list-consistency finding, the availability listed as also', () => {
    const p = primaryFailure(outcomes([['ensure-resource-availability', fail('Created resource not listed')], ['list-consistency', fail('List inconsistent')]]), 200);
    expect(p!.check.id).toBe('list-consistency');
  });

  it('every registered check has a place in the precedence', () => {
    expect(checks.map((c) => c.id).filter((id) => !PRECEDENCE.includes(id))).toEqual([]);
  });
});
