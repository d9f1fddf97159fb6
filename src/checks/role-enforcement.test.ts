import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { roleEnforcement } from './role-enforcement';
import type { CaseInfo } from './types';

const FORBIDDEN = { error: { message: 'Insufficient permissions', type: 'authentication_error' } };
const READ = 'listOrgSecrets (GET /org/secrets)';

function deleteOrgSecret(status: number, c: CaseInfo, json?: unknown) {
  return outcomeOf(roleEnforcement, contextFor('deleteOrgSecret', { status, json, case: c }));
}

describe('role-enforcement', () => {
  it.each([
    ['without a read', { kind: 'member-key' }],
    ['with the resource unchanged', { kind: 'member-key', state: { read: READ, changed: false } }],
  ] as Array<[string, CaseInfo]>)('passes a 403 %s', (_name, c) => {
    expect(deleteOrgSecret(403, c, FORBIDDEN)).toEqual({ status: 'passed' });
  });

  it('fails a 2xx that changed the resource, naming the read', () => {
    const outcome = deleteOrgSecret(204, { kind: 'member-key', state: { read: READ, changed: true } });
    expect(outcome).toMatchObject({
      status: 'failed',
      violation: { title: 'Admin-only operation allowed to a plain member', received: { status: 204, changed: true, read: READ }, documented: 403 },
    });
    if (outcome?.status === 'failed') expect(outcome.violation.message).toContain(`${READ} changed`);
  });

  it('fails a 2xx without a read', () => {
    expect(outcomeOf(roleEnforcement, contextFor('getOrgSettings', { status: 200, json: {}, case: { kind: 'member-key' } }))).toMatchObject({
      status: 'failed',
      violation: { title: 'Admin-only operation allowed to a plain member', received: 200 },
    });
  });

  it('fails a 403 that changed state anyway', () => {
    expect(deleteOrgSecret(403, { kind: 'member-key', state: { read: READ, changed: true } }, FORBIDDEN)).toMatchObject({
      status: 'failed',
      violation: { title: 'Refused call changed state' },
    });
  });

  it.each([404, 400, 500])('fails a %i instead of 403', (status) => {
    expect(deleteOrgSecret(status, { kind: 'member-key' }, { error: { message: 'x', type: 'y' } })).toMatchObject({
      status: 'failed',
      violation: { title: 'Wrong status for a plain member' },
    });
  });

  it('is inconclusive when the member key itself is refused (401)', () => {
    expect(deleteOrgSecret(401, { kind: 'member-key' })).toMatchObject({ status: 'inconclusive' });
  });

  it('is skipped for other cases', () => {
    expect(deleteOrgSecret(204, { kind: 'valid' })).toBeUndefined();
  });
});

describe('role-enforcement on a role inferred from prose', () => {
  it('is a warning: the document states no role, the text only reads as one', () => {
    const ctx = contextFor('updateProject', { status: 200, json: { id: 'p' }, case: { kind: 'member-key' } });
    const inferred = { ...ctx, operation: { ...ctx.operation, inferred: ['role' as const] } };
    expect(outcomeOf(roleEnforcement, inferred)).toMatchObject({ status: 'failed', severity: 'warning', violation: { message: expect.stringContaining('inferred') } });
    expect(outcomeOf(roleEnforcement, ctx)).not.toHaveProperty('severity');
  });
});
