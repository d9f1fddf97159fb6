import { describe, expect, it } from 'vitest';
import { faultResponse, TransportFault } from '../http/transport-fault';
import { runChecks } from '../runner/run-checks';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { checks } from './index';
import { notAServerError } from './not-a-server-error';
import { transportError } from './transport-error';

/** A context whose answer is the stand-in for an exchange that broke off. */
function broken(kind: 'reset' | 'length-mismatch', detail: string) {
  const ctx = contextFor('listAgents', { status: 200, json: [] });
  const fault = new TransportFault({ kind, request: ctx.exchange.request, detail, durationMs: 7 });
  return { ...ctx, exchange: { ...ctx.exchange, response: faultResponse(fault) } };
}

describe('transport-error', () => {
  it('is skipped on an exchange that got an answer, whatever its status', () => {
    expect(outcomeOf(transportError, contextFor('listAgents', { status: 200, json: [] }))).toBeUndefined();
    expect(outcomeOf(transportError, contextFor('listAgents', { status: 500, text: 'oops' }))).toBeUndefined();
  });

  it('fails an exchange that broke off, naming the kind and what the socket said; the cause is the kind', () => {
    expect(outcomeOf(transportError, broken('length-mismatch', 'Content-Length 100, 9 bytes received, then the connection closed'))).toEqual({
      status: 'failed',
      violation: {
        title: 'The exchange broke off',
        message:
          'No complete answer (length-mismatch: Content-Length 100, 9 bytes received, then the connection closed), ' +
          'on the first attempt and again when sent once more over a fresh connection.',
        received: { kind: 'length-mismatch', detail: 'Content-Length 100, 9 bytes received, then the connection closed' },
        cause: 'length-mismatch',
      },
    });
  });

  it('is registered right after not-a-server-error', () => {
    const ids = checks.map((c) => c.id);
    expect(ids.indexOf('transport-error')).toBe(ids.indexOf('not-a-server-error') + 1);
  });

  it('runChecks: a broken exchange gets only this check (a status 0 would mislead every other)', () => {
    const outcomes = runChecks(checks, broken('reset', 'ECONNRESET read ECONNRESET'));
    expect([...outcomes.keys()].map((c) => c.id)).toEqual(['transport-error']);
    expect(outcomes.get(transportError)).toMatchObject({ status: 'failed', violation: { cause: 'reset' } });
    // An answered exchange gets every check, this one skipped.
    const answered = runChecks(checks, contextFor('listAgents', { status: 200, json: [] }));
    expect(answered.size).toBe(checks.length);
    expect(answered.get(transportError)).toBeUndefined();
    expect(answered.get(notAServerError)).toEqual({ status: 'passed' });
  });
});
