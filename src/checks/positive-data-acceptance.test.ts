import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { hasWhitespaceOnlyString, positiveDataAcceptance } from './positive-data-acceptance';
import type { CaseInfo } from './types';

const FLAT = { error: 'name must not contain digits' };
const ENVELOPE = { error: { message: 'An agent with this identifier already exists', type: 'invalid_request_error' } };
const INVALID: CaseInfo = {
  kind: 'invalid',
  mutation: 'type-changed',
  pointer: '/name',
  location: 'body',
  proof: { verdict: 'invalid', reason: 'name must be string' },
} as CaseInfo;

function createAgent(status: number, json: unknown, body: unknown = { name: 'agent 7', identifier: 'a7' }, kase?: CaseInfo) {
  return contextFor('createAgent', { status, json, request: { body: JSON.stringify(body) }, ...(kase ? { case: kase } : {}) });
}

describe('positive-data-acceptance', () => {
  it.each([
    ['a', false],
    ['', false],
    [' ', true],
    ['\t\n', true],
    [{ name: 'x', nested: [{ label: '  ' }] }, true],
    [{ name: ' x ' }, false],
    [[1, null, true], false],
  ])('hasWhitespaceOnlyString(%j) is %s', (value, expected) => {
    expect(hasWhitespaceOnlyString(value)).toBe(expected);
  });

  it('fails (error) a valid request refused with 400 flat', () => {
    const outcome = outcomeOf(positiveDataAcceptance, createAgent(400, FLAT));
    expect(outcome).toEqual({
      status: 'failed',
      violation: {
        title: 'Valid request rejected',
        message:
          'Received 400 flat ("name must not contain digits") to a request that satisfies the contract; documented: the request is accepted ' +
          '(a 400 to a valid request can only be the envelope of service-level validation).',
        received: { status: 400, shape: 'flat' },
        documented: 'accepted',
      },
    });
    expect(outcome).not.toHaveProperty('severity');
  });

  it('downgrades to a warning when the body holds a whitespace-only string the schema allows', () => {
    const outcome = outcomeOf(positiveDataAcceptance, createAgent(400, { error: 'name is required' }, { name: '   ', identifier: 'x' }));
    expect(outcome).toMatchObject({
      status: 'failed',
      severity: 'warning',
      violation: { title: 'Valid request with a whitespace-only string rejected', message: expect.stringContaining('likely trims') },
    });
  });

  it('passes a 400 envelope (service-level validation)', () => {
    expect(outcomeOf(positiveDataAcceptance, createAgent(400, ENVELOPE))).toEqual({ status: 'passed' });
  });

  it('is inconclusive on a 400 of neither shape', () => {
    expect(outcomeOf(positiveDataAcceptance, createAgent(400, { message: 'bad' }))).toMatchObject({ status: 'inconclusive' });
  });

  it.each([
    ['a valid request answered 201', createAgent(201, { id: 'a' })],
    ['a valid request answered 409', createAgent(409, ENVELOPE)],
    ['an invalid request answered 400 flat', createAgent(400, FLAT, { name: 7 }, INVALID)],
    ['an auth case answered 400', createAgent(400, FLAT, undefined, { kind: 'auth', variant: 'missing-key' })],
  ])('skips %s', (_, ctx) => {
    expect(outcomeOf(positiveDataAcceptance, ctx)).toBeUndefined();
  });
});
