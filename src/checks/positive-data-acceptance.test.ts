import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { DOCUMENTED_EXAMPLE, hasWhitespaceOnlyString, positiveDataAcceptance } from './positive-data-acceptance';
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

  it('warns (stricter than the contract) on a valid request refused with 400 flat, quoting the server', () => {
    const outcome = outcomeOf(positiveDataAcceptance, createAgent(400, FLAT));
    expect(outcome).toEqual({
      status: 'failed',
      severity: 'warning',
      violation: {
        title: 'Valid request refused',
        message: 'Received 400 flat "name must not contain digits" to a request that satisfies the contract; the server is stricter than the contract.',
        received: { status: 400, shape: 'flat', error: 'name must not contain digits' },
        documented: 'accepted',
        cause: '400 flat: name must not contain digits',
      },
    });
  });

  it('fails (error) when the documented example itself is refused', () => {
    const outcome = outcomeOf(positiveDataAcceptance, contextFor('createAgent', { status: 400, json: FLAT, case: { kind: 'valid', label: DOCUMENTED_EXAMPLE } }));
    expect(outcome).toMatchObject({ status: 'failed', severity: 'error', violation: { title: 'Documented example refused' } });
  });

  it('one cause per server rule: quoted values and ids do not split it', () => {
    const a = outcomeOf(positiveDataAcceptance, createAgent(400, { error: 'name: Too small: expected string to have >=1 characters' }));
    const b = outcomeOf(positiveDataAcceptance, contextFor('createSecret', { status: 400, json: { error: 'name: Too small: expected string to have >=1 characters' } }));
    expect(a && 'violation' in a && a.violation.cause).toBe(b && 'violation' in b && b.violation.cause);
  });

  it('hints at trimming when the message is about the whitespace-only string', () => {
    const outcome = outcomeOf(positiveDataAcceptance, createAgent(400, { error: 'name is required' }, { name: '   ', identifier: 'x' }));
    expect(outcome).toMatchObject({ status: 'failed', severity: 'warning', violation: { message: expect.stringContaining('"name" is whitespace-only') } });
  });

  it('gives no whitespace hint when the refusal is about something else', () => {
    const outcome = outcomeOf(positiveDataAcceptance, createAgent(400, { error: 'identifier must match the pattern' }, { name: '   ', identifier: 'x' }));
    expect(outcome).toMatchObject({ status: 'failed', violation: { message: expect.not.stringContaining('whitespace') } });
  });

  it('is inconclusive when the path names nothing known to exist (a probe or generated value)', () => {
    const ctx = contextFor('getAgentSecrets', { status: 400, json: FLAT, case: { kind: 'valid', namesNothing: true } });
    expect(outcomeOf(positiveDataAcceptance, ctx)).toMatchObject({ status: 'inconclusive' });
  });

  it('is inconclusive when the refusal is about what the path names (provider not available)', () => {
    const ctx = contextFor('connectApp', {
      status: 400,
      json: { error: 'Provider "occ-none-1a2b" is not available' },
      request: { path: '/apps/occ-none-1a2b/connect', body: '{"apiKey":"sk-1"}' },
    });
    expect(outcomeOf(positiveDataAcceptance, ctx)).toMatchObject({ status: 'inconclusive', reason: expect.stringContaining('occ-none-1a2b') });
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
