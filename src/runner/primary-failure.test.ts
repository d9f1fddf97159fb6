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
    expect(primaryFailure(outcomes([['status-code-conformance', { status: 'passed' }], ['error-shape', undefined]]))).toBeUndefined();
  });

  it('a 410 to a request without a key is the status, with ignored auth listed as also', () => {
    const p = primaryFailure(outcomes([['ignored-auth', fail('Wrong status for missing authentication')], ['status-code-conformance', fail('Undocumented status code')]]));
    expect(p!.check.id).toBe('status-code-conformance');
    expect(p!.also.map((a) => a.check.id)).toEqual(['ignored-auth']);
  });

  it('a 500 to an invalid body is the server error, not also invalid data accepted', () => {
    const p = primaryFailure(outcomes([['negative-data-rejection', fail('Invalid request accepted')], ['not-a-server-error', fail('Server error')]]));
    expect(p!.check.id).toBe('not-a-server-error');
    expect(p!.also.map((a) => a.check.id)).toEqual(['negative-data-rejection']);
  });

  it('an error speaks before a warning, whatever the precedence', () => {
    const p = primaryFailure(outcomes([['positive-data-acceptance', fail('Valid request refused', 'warning')], ['error-shape', fail('Wrong error shape')]]));
    expect(p!.check.id).toBe('error-shape');
  });

  it('every registered check has a place in the precedence', () => {
    expect(checks.map((c) => c.id).filter((id) => !PRECEDENCE.includes(id))).toEqual([]);
  });
});
