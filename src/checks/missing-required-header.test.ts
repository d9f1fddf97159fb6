import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { missingRequiredHeader } from './missing-required-header';
import type { CaseInfo } from './types';

const MISSING: CaseInfo = { kind: 'missing-header', header: 'x-project-id' };
const REQUIRED = { error: { message: 'X-Project-Id header is required', type: 'invalid_request_error' } };

function listAgents(status: number, json?: unknown, c: CaseInfo = MISSING) {
  return outcomeOf(missingRequiredHeader, contextFor('listAgents', { status, json, case: c }));
}

describe('missing-required-header', () => {
  it.each([
    ['400 envelope (cloud)', 400, REQUIRED],
    ['401 envelope (strict editions)', 401, { error: { message: 'X-Project-Id header is required', type: 'authentication_error' } }],
    ['401 generic (community)', 401, { error: { message: 'Invalid API key or token.', type: 'authentication_error' } }],
  ])('passes %s', (_name, status, json) => {
    expect(listAgents(status, json)).toEqual({ status: 'passed' });
  });

  it.each([
    ['a 2xx', 200, [], 'Missing X-Project-Id accepted'],
    ['a 400 flat', 400, { error: 'Invalid input' }, 'Missing X-Project-Id refused as invalid input'],
    ['a 5xx', 500, { error: { message: 'An unexpected error occurred.', type: 'api_error' } }, 'Server error on a missing X-Project-Id'],
    ['a 404', 404, { error: { message: 'Agent not found', type: 'not_found_error' } }, 'Wrong status for a missing X-Project-Id'],
  ])('fails %s, naming the header', (_name, status, json, title) => {
    const outcome = listAgents(status, json);
    expect(outcome).toMatchObject({ status: 'failed', violation: { title, received: expect.anything() } });
    if (outcome?.status === 'failed') expect(outcome.violation.message).toContain('without X-Project-Id');
  });

  it('is skipped for other cases', () => {
    expect(listAgents(200, [], { kind: 'valid' })).toBeUndefined();
    expect(listAgents(200, [], { kind: 'auth', variant: 'missing-key' })).toBeUndefined();
  });
});
