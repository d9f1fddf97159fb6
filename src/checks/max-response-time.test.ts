import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { maxResponseTime } from './max-response-time';

const health = (durationMs: number, maxResponseTimeMs?: number) =>
  contextFor('getHealth', { status: 200, json: { status: 'ok' }, durationMs, ...(maxResponseTimeMs !== undefined ? { maxResponseTimeMs } : {}) });

describe('max-response-time', () => {
  it('is opt-in: skipped without a configured threshold, however slow the answer', () => {
    expect(outcomeOf(maxResponseTime, health(60_000))).toBeUndefined();
  });

  it('passes an answer within the threshold (the threshold itself included)', () => {
    expect(outcomeOf(maxResponseTime, health(12, 100))).toEqual({ status: 'passed' });
    expect(outcomeOf(maxResponseTime, health(100, 100))).toEqual({ status: 'passed' });
  });

  it('fails a slower answer, with the measured and configured times', () => {
    expect(outcomeOf(maxResponseTime, health(5321.7, 100))).toEqual({
      status: 'failed',
      violation: {
        title: 'Response too slow',
        message: 'Received the 200 after 5322 ms; configured maximum: 100 ms.',
        received: 5322,
        documented: 100,
      },
    });
  });
});
