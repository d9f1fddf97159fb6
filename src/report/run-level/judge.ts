import type { Finding } from '../../runner/types';
import type { Scorecard } from '../scorecard';
import type { OperationReport } from '../types';
import { runLevelChecks } from './index';

/**
 * Runs the run-level checks named in `selected` (the report's `options.checks`) over the built report: each
 * operation's tally of the check is added to its `checks` (one outcome per operation: passed, failed or
 * skipped), and each failure becomes a finding. A run-level failure has no one request to show, so the
 * finding's evidence is the operation itself: its method and path template, and the status it was answered
 * most (`none` when it got no answer); its message says what was and was not seen. Nothing runs, and nothing
 * changes, when no run-level check is named.
 */
export function judgeRunLevel(
  selected: string[] | undefined,
  input: { operations: OperationReport[]; scorecard: Scorecard; baseUrl: string; seed: number },
): Finding[] {
  const findings: Finding[] = [];
  const byId = new Map(input.operations.map((o) => [o.operationId, o]));
  for (const check of runLevelChecks.filter((c) => selected?.includes(c.id))) {
    for (const outcome of check.judge(input)) {
      const op = byId.get(outcome.operationId);
      if (!op) continue;
      op.checks[check.id] = { passed: 0, failed: 0, inconclusive: 0, skipped: 0, [outcome.status]: 1 };
      if (outcome.status !== 'failed') continue;
      const { violation } = outcome;
      findings.push({
        checkId: check.id,
        severity: check.severity,
        operationId: op.operationId,
        method: op.method,
        path: op.path,
        // The phase of the valid requests the judgement is about.
        phase: 'positive',
        title: violation.title,
        message: violation.message,
        case: { kind: 'valid' },
        request: { method: op.method, path: op.path, headers: {} },
        response: { status: mostAnswered(op), headers: {}, body: '' },
        curl: `curl -sS -X ${op.method} '${`${input.baseUrl}${op.path}`.replace(/'/g, `'\\''`)}'`,
        replay: { seed: input.seed, phase: 'positive', index: 0, shrunk: false },
        occurrences: 1,
        ...(violation.cause ? { cause: violation.cause } : {}),
      });
    }
  }
  return findings;
}

/** The status the operation was answered most (the lowest of a tie), or `none`. */
function mostAnswered(op: OperationReport): number | string {
  const top = Object.entries(op.statuses)
    .filter(([s, n]) => /^[1-5]\d\d$/.test(s) && n > 0)
    .sort(([a, m], [b, n]) => n - m || Number(a) - Number(b))[0];
  return top ? Number(top[0]) : 'none';
}
