import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { operationServed } from './operation-served';
import type { CaseInfo } from './types';

const GONE = { error: { message: '/v1/rules was removed in OneCLI v2.', type: 'invalid_request_error' } };
const UNKNOWN = { error: { message: 'Unrecognized request URL (GET: /v1/approvals/pending).', type: 'invalid_request_error' } };
const NOT_FOUND = { error: { message: 'Agent not found', type: 'not_found_error' } };

const served = (answers: Array<[number, boolean]>, extra: Partial<Extract<CaseInfo, { kind: 'served' }>> = {}): CaseInfo => ({
  kind: 'served',
  answers: answers.map(([status, authenticated]) => ({ status, authenticated })),
  ...extra,
});

describe('operation-served', () => {
  it('fails two 410 Gone answers with the key, once, with the cause "not served: 410"', () => {
    const ctx = contextFor('listRules', { status: 410, json: GONE, case: served([[410, true], [410, true]]) });
    expect(outcomeOf(operationServed, ctx)).toMatchObject({
      status: 'failed',
      violation: { title: 'Operation not served (410 Gone)', cause: 'not served: 410' },
    });
  });

  it('fails a 404 answered alike with and without the key', () => {
    const ctx = contextFor('listPendingApprovals', { status: 404, json: NOT_FOUND, case: served([[404, true], [404, true], [404, true], [404, false]]) });
    expect(outcomeOf(operationServed, ctx)).toMatchObject({ status: 'failed', violation: { title: 'Operation not served (404)' } });
  });

  it('fails a 404 whose body names the route as unknown, even before a request without the key', () => {
    const ctx = contextFor('listPendingApprovals', { status: 404, json: UNKNOWN, case: served([[404, true], [404, true], [404, true]]) });
    expect(outcomeOf(operationServed, ctx)).toMatchObject({ status: 'failed' });
  });

  it.each([
    // a resource that is not there: a served route refuses the keyless request with 401 first, so it never joins the 404s
    ['404 Agent not found with the key only', 404, NOT_FOUND, served([[404, true], [404, true], [404, true]])],
    ['answers that differ', 410, GONE, served([[410, true], [200, true], [410, true]])],
    ['too few answers', 410, GONE, served([[410, true]])],
    ['a status that says nothing of the route', 400, { error: 'bad' }, served([[400, true], [400, true], [400, true]])],
    ['a replay whose fresh answer is not that status any more', 200, [], served([[410, true], [410, true], [410, true]])],
  ] as const)('passes %s', (_, status, json, kase) => {
    expect(outcomeOf(operationServed, contextFor('listRules', { status, json, case: kase }))).toEqual({ status: 'passed' });
  });

  it('takes the severity and hint it is given (gateway-served on a self-hosted edition)', () => {
    const kase = served([[404, true], [404, true], [404, true], [404, false]], { severity: 'warning', hint: 'give --gateway-target' });
    expect(outcomeOf(operationServed, contextFor('listPendingApprovals', { status: 404, json: UNKNOWN, case: kase }))).toMatchObject({
      status: 'failed',
      severity: 'warning',
      violation: { message: expect.stringContaining('give --gateway-target') },
    });
  });

  it('skips every other kind of case', () => {
    expect(outcomeOf(operationServed, contextFor('listRules', { status: 410, json: GONE }))).toBeUndefined();
  });
});
