import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { errorShape } from './error-shape';
import type { CaseInfo } from './types';

const FLAT = { error: 'name: Too small: expected string to have >=1 characters' };
const ENVELOPE = { error: { message: 'Agent not found', type: 'not_found_error' } };
const PROVEN: CaseInfo = {
  kind: 'invalid',
  mutation: 'type-changed',
  pointer: '/name',
  location: 'body',
  proof: { verdict: 'invalid', reason: 'name must be string' },
};
const UNPROVEN: CaseInfo = { ...PROVEN, proof: { verdict: 'inconclusive', reason: 'the query string reads as valid' } } as CaseInfo;

describe('error-shape', () => {
  it.each([
    ['a proven-invalid request answered 400 flat', 400, FLAT, PROVEN, 'passed'],
    ['a proven-invalid request answered 400 envelope', 400, ENVELOPE, PROVEN, 'failed'],
    ['an unproven request answered 400', 400, ENVELOPE, UNPROVEN, 'inconclusive'],
    ['a valid request answered 400 envelope (service-level validation)', 400, ENVELOPE, { kind: 'valid' }, 'passed'],
    // route-level validation of a rule the docs do not state cannot be told from a service error from outside
    ['a valid request answered 400 flat', 400, FLAT, { kind: 'valid' }, 'inconclusive'],
    ['a valid request answered 400 with neither shape', 400, { message: 'bad' }, { kind: 'valid' }, 'failed'],
    ['a 404 envelope', 404, ENVELOPE, { kind: 'valid' }, 'passed'],
    ['a 404 flat', 404, { error: 'Agent not found' }, { kind: 'valid' }, 'failed'],
    ['a 401 flat to a missing key', 401, { error: 'Unauthorized' }, { kind: 'auth', variant: 'missing-key' }, 'failed'],
  ] as const)('%s: %s', (_, status, json, kase, expected) => {
    const outcome = outcomeOf(errorShape, contextFor('getAgentSecrets', { status, json, case: kase as CaseInfo }));
    expect(outcome?.status).toBe(expected);
  });

  it('names the cause by status and shape received, whatever the operation', () => {
    const a = outcomeOf(errorShape, contextFor('getApp', { status: 404, json: { error: 'Unknown provider: x' } }));
    const b = outcomeOf(errorShape, contextFor('renameConnection', { status: 404, json: { error: 'Connection not found' } }));
    expect(a).toMatchObject({ status: 'failed', violation: { cause: '404 flat' } });
    expect(b).toMatchObject({ status: 'failed', violation: { cause: '404 flat' } });
  });
});
