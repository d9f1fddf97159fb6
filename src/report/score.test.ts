import { describe, expect, it } from 'vitest';
import { sampleReport } from './__test-helpers__/sample-report';
import { conformanceScore, coverage, isSuccessStatus, percent } from './score';
import type { OperationReport, Report } from './types';

function withOperations(operations: Array<Partial<OperationReport>>): Report {
  const base = sampleReport('conforming');
  return {
    ...base,
    // Only the fields score.ts reads; the cast keeps the helper valid as the type grows.
    operations: operations.map(
      (o, i) =>
        ({
          operationId: `op${i}`,
          tag: 'T',
          method: 'GET',
          path: `/op${i}`,
          status: 'exercised',
          requests: 0,
          statuses: {},
          phases: {},
          checks: {},
          ...o,
        }) as OperationReport,
    ),
  };
}

const t = (passed: number, failed = 0, inconclusive = 0, skipped = 0) => ({ passed, failed, inconclusive, skipped });

describe('conformanceScore', () => {
  it('counts operation × check pairs with no failure and some pass, among pairs that passed or failed at all', () => {
    expect(conformanceScore(sampleReport('conforming'))).toEqual({ passed: 19, total: 19, ratio: 1 });
    const failing = conformanceScore(sampleReport('failing'));
    expect(failing).toEqual({ passed: 15, total: 19, ratio: 15 / 19 });
  });

  it('leaves out pairs that were only skipped or inconclusive, and counts one failure among passes as failed', () => {
    const report = withOperations([
      { checks: { a: t(5), b: t(0, 0, 3), c: t(0, 0, 0, 7), d: t(9, 1) } },
      { checks: { a: t(0, 2), b: t(1, 0, 1, 1) } },
    ]);
    expect(conformanceScore(report)).toEqual({ passed: 2, total: 4, ratio: 0.5 });
  });

  it('is 0 of 0 when nothing was assessed', () => {
    expect(conformanceScore(withOperations([]))).toEqual({ passed: 0, total: 0, ratio: 0 });
    expect(conformanceScore(withOperations([{ checks: { a: t(0, 0, 0, 4) } }]))).toEqual({ passed: 0, total: 0, ratio: 0 });
  });
});

describe('coverage', () => {
  it('is the share of operations reached with a 2xx or 3xx answer', () => {
    expect(coverage(sampleReport('conforming'))).toEqual({ passed: 4, total: 8, ratio: 0.5 });
    expect(coverage(sampleReport('failing'))).toEqual({ passed: 5, total: 8, ratio: 5 / 8 });
  });

  it('does not count 4xx/5xx-only operations, zero counts, or operations never exercised', () => {
    const report = withOperations([
      { statuses: { 200: 1 } },
      { statuses: { 302: 2, 404: 1 } },
      { statuses: { 400: 3, 401: 2, 500: 1 } },
      { statuses: { 200: 0 } },
      { status: 'not-covered', detail: 'x' },
    ]);
    expect(coverage(report)).toEqual({ passed: 2, total: 5, ratio: 0.4 });
  });

  it.each([
    ['200', true],
    [204, true],
    ['301', true],
    ['399', true],
    ['199', false],
    ['400', false],
    ['500', false],
    ['2000', false],
    ['error', false],
  ])('isSuccessStatus(%j) is %s', (s, expected) => {
    expect(isSuccessStatus(s)).toBe(expected);
  });
});

describe('percent', () => {
  it('shows one decimal, floored, so a near miss is never 100 %', () => {
    expect(percent({ passed: 19, total: 19, ratio: 1 })).toBe('100.0 %');
    expect(percent({ passed: 1999, total: 2000, ratio: 1999 / 2000 })).toBe('99.9 %');
    expect(percent({ passed: 15, total: 19, ratio: 15 / 19 })).toBe('78.9 %');
    expect(percent({ passed: 57, total: 100, ratio: 0.57 })).toBe('57.0 %');
    expect(percent({ passed: 0, total: 0, ratio: 0 })).toBe('–');
  });
});
