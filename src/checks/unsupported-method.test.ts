import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import type { CaseInfo } from './types';
import { unsupportedMethod } from './unsupported-method';

const PUT: CaseInfo = { kind: 'unlisted-method', method: 'PUT' };

function onAgents(status: number, c: CaseInfo = PUT) {
  return outcomeOf(unsupportedMethod, contextFor('listAgents', { status, json: {}, case: c, request: { method: 'PUT', path: '/agents' } }));
}

describe('unsupported-method', () => {
  it('is a warning: the contract says nothing of 404 versus 405', () => {
    expect(unsupportedMethod.severity).toBe('warning');
  });

  it.each([404, 405, 400, 401, 501])('passes a refusal (%i)', (status) => {
    expect(onAgents(status)).toEqual({ status: 'passed' });
  });

  it.each([200, 201, 204])('fails a %i, naming the method and the documented ones', (status) => {
    const outcome = onAgents(status);
    expect(outcome).toMatchObject({
      status: 'failed',
      violation: { title: 'Unsupported method accepted', received: { method: 'PUT', status }, documented: ['GET', 'POST'] },
    });
    if (outcome?.status === 'failed') expect(outcome.violation.message).toContain('PUT /agents');
  });

  it('is skipped for the operation’s own requests', () => {
    expect(onAgents(200, { kind: 'valid' })).toBeUndefined();
  });
});
