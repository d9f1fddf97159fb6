import { describe, expect, it } from 'vitest';
import { loadContract } from '../contract/load';
import type { Exchange } from '../http/types';
import { ServedTracker } from './served';

const contract = await loadContract('openapi.yaml');
const op = (id: string) => contract.operations.find((o) => o.operationId === id)!;
const answer = (status: number): Exchange => ({
  request: { method: 'GET', path: '/rules', headers: {} },
  response: { status, headers: {}, bodyText: '', json: undefined, isJson: false, durationMs: 1 },
});

describe('ServedTracker', () => {
  it('a 410 twice with the key is suspect at once, with nothing to confirm', () => {
    const t = new ServedTracker();
    expect(t.observe(op('listRules'), answer(410), true)).toEqual({ state: 'undecided' });
    expect(t.observe(op('listRules'), answer(410), true)).toEqual({ state: 'suspect', confirm: false });
  });

  it('a 404 twice with the key asks for a request without it; its 401 settles the operation as served', () => {
    const t = new ServedTracker();
    for (let i = 0; i < 1; i++) t.observe(op('getDefaultAgent'), answer(404), true);
    expect(t.observe(op('getDefaultAgent'), answer(404), true)).toEqual({ state: 'suspect', confirm: true });
    expect(t.observe(op('getDefaultAgent'), answer(401), false)).toEqual({ state: 'undecided' });
  });

  it('one other answer settles it as served for good', () => {
    const t = new ServedTracker();
    t.observe(op('listRules'), answer(410), true);
    expect(t.observe(op('listRules'), answer(200), true)).toEqual({ state: 'served' });
    for (let i = 0; i < 5; i++) expect(t.observe(op('listRules'), answer(410), true)).toEqual({ state: 'served' });
  });

  it('rate limits and key refusals say nothing either way', () => {
    const t = new ServedTracker();
    t.observe(op('listRules'), answer(410), true);
    t.observe(op('listRules'), answer(429), true);
    t.observe(op('listRules'), answer(403), true);
    expect(t.observe(op('listRules'), answer(410), true)).toEqual({ state: 'suspect', confirm: false });
  });

  it('a 404 to a path that names nothing says nothing of the route; a 410 there still counts', () => {
    const t = new ServedTracker();
    for (let i = 0; i < 5; i++) expect(t.observe(op('setDefaultAgent'), answer(404), true, false)).toEqual({ state: 'undecided' });
    t.observe(op('setDefaultAgent'), answer(410), true, false);
    expect(t.observe(op('setDefaultAgent'), answer(410), true, false)).toEqual({ state: 'suspect', confirm: false });
  });

  it('remembers what the check decided', () => {
    const t = new ServedTracker();
    t.markGone(op('listRules'), 410);
    expect(t.notServed(op('listRules'))).toBe(410);
    expect(t.notServed(op('listAgents'))).toBeUndefined();
  });
});
