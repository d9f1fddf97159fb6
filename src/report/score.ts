import type { CheckTally } from '../runner/types';
import type { Report } from './types';

/** A share: `passed` out of `total`, and `ratio` in [0, 1] (0 when `total` is 0: nothing was proven). */
export interface Share {
  passed: number;
  total: number;
  ratio: number;
}

function share(passed: number, total: number): Share {
  return { passed, total, ratio: total === 0 ? 0 : passed / total };
}

/** Every check id the report names, in the order the summary lists them, then any the operations or findings add. */
export function checkIdsOf(report: Report): string[] {
  const ids = new Set(Object.keys(report.summary.checks));
  for (const op of report.operations) for (const id of Object.keys(op.checks)) ids.add(id);
  for (const f of report.findings) ids.add(f.checkId);
  return [...ids];
}

/** Whether an operation × check pair was assessed at all: some case passed or failed it. */
export function assessed(t: CheckTally): boolean {
  return t.passed + t.failed > 0;
}

/** Whether an operation × check pair passed: assessed, and no case failed it. */
export function pairPassed(t: CheckTally): boolean {
  return t.failed === 0 && t.passed > 0;
}

/**
 * The conformance score: the share of operation × check pairs that passed (no failed case, at least one
 * passed case) among the pairs that were assessed (at least one passed or failed case). Pairs only ever
 * skipped or inconclusive prove nothing either way and are left out.
 */
export function conformanceScore(report: Report): Share {
  let passed = 0;
  let total = 0;
  for (const op of report.operations) {
    for (const t of Object.values(op.checks)) {
      if (!assessed(t)) continue;
      total++;
      if (pairPassed(t)) passed++;
    }
  }
  return share(passed, total);
}

/** Whether a status code (as the report keys it) is a 2xx or 3xx. */
export function isSuccessStatus(status: string | number): boolean {
  return /^[23]\d\d$/.test(String(status));
}

/** The share of the contract's operations the run reached with at least one 2xx or 3xx answer. */
export function coverage(report: Report): Share {
  const reached = report.operations.filter((op) => Object.entries(op.statuses).some(([s, n]) => n > 0 && isSuccessStatus(s))).length;
  return share(reached, report.operations.length);
}

/** `97.4 %`: one decimal, floored so that anything short of all is never shown as 100 %. */
export function percent(s: Share): string {
  if (s.total === 0) return '–';
  // From the integers, not the ratio, so the floor never lands on a floating-point rounding error.
  return `${(Math.floor((s.passed * 1000) / s.total) / 10).toFixed(1)} %`;
}
