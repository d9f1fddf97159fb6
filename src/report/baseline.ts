import { findingId } from './finding-id';
import type { Report, ReportFinding } from './types';

/** The findings of a run set against those of an earlier run (the baseline), by finding id. */
export interface BaselineDiff {
  /** Found now, not in the baseline: these gate the run. */
  new: ReportFinding[];
  /** Found now and in the baseline. */
  present: ReportFinding[];
  /** In the baseline, not found now, on an operation and check this run assessed. */
  fixed: ReportFinding[];
  /** In the baseline, on an operation or check this run did not assess (excluded, other shard): unknown. */
  unchecked: ReportFinding[];
}

/**
 * Compares a run with a baseline report. Pure. Baseline findings written before findings had ids get
 * theirs computed the same way. A baseline finding counts as fixed only when this run exercised its
 * operation (any, for a root-cause finding on `*`) and ran its check; otherwise it is unchecked.
 */
export function compare(current: Report, baseline: Report): BaselineDiff {
  const idOf = (f: ReportFinding) => (typeof f.id === 'string' && f.id ? f.id : findingId(f));
  const before = new Set(baseline.findings.map(idOf));
  const now = new Set(current.findings.map(idOf));
  const exercised = new Set(current.operations.filter((o) => o.status === 'exercised').map((o) => o.operationId));
  const ran = (f: ReportFinding) => {
    const assessed = (checks: Report['operations'][number]['checks']) => {
      const t = checks[f.checkId];
      return !!t && t.passed + t.failed + t.inconclusive > 0;
    };
    if (f.operationId === '*') return exercised.size > 0 && assessed(current.summary.checks);
    const op = current.operations.find((o) => o.operationId === f.operationId);
    return !!op && exercised.has(op.operationId) && assessed(op.checks);
  };
  const gone = baseline.findings.filter((f) => !now.has(idOf(f)));
  return {
    new: current.findings.filter((f) => !before.has(idOf(f))),
    present: current.findings.filter((f) => before.has(idOf(f))),
    fixed: gone.filter(ran),
    unchecked: gone.filter((f) => !ran(f)),
  };
}

/** The findings of `diff.new` that fail the run: errors, and warnings too with `strict`. */
export function failingNew(diff: BaselineDiff, strict: boolean): ReportFinding[] {
  return diff.new.filter((f) => strict || f.severity === 'error');
}
