import { causeCounts, causesOf } from './causes';
import type { OperationReport, OperationStatus, Report, ReportFinding } from './types';

/**
 * What a report derives from its operations and findings: requests sent, verdict, causes and summary counts.
 * One function, so a run's report and a merge of shard reports compute them the same way every time.
 */
export function summarize(
  operations: OperationReport[],
  findings: ReportFinding[],
  outcome: { strict: boolean; leftovers: string[]; errors: Report['errors'] },
): Pick<Report, 'requests' | 'verdict' | 'summary' | 'causes'> {
  const count = (s: OperationStatus) => operations.filter((o) => o.status === s).length;
  const checks: Report['summary']['checks'] = {};
  for (const op of operations) {
    for (const [id, t] of Object.entries(op.checks)) {
      const sum = (checks[id] ??= { passed: 0, failed: 0, inconclusive: 0, skipped: 0 });
      sum.passed += t.passed;
      sum.failed += t.failed;
      sum.inconclusive += t.inconclusive;
      sum.skipped += t.skipped;
    }
  }
  const errorFindings = findings.filter((f) => f.severity === 'error').length;
  const failing = outcome.strict ? findings.length : errorFindings;
  const causes = causesOf(findings, operations);
  return {
    requests: operations.reduce((n, o) => n + o.requests, 0),
    verdict:
      failing > 0 || outcome.leftovers.length > 0 ? 'does-not-conform' : outcome.errors.length ? 'incomplete' : 'conforms',
    summary: {
      operations: {
        total: operations.length,
        exercised: count('exercised'),
        'not-covered': count('not-covered'),
        'not-applicable': count('not-applicable'),
        'no-credential': count('no-credential'),
        excluded: count('excluded'),
      },
      findings: { error: errorFindings, warning: findings.length - errorFindings },
      causes: causeCounts(causes),
      coverage: {
        reached2xx: operations.filter((o) => o.reached2xx).length,
        seen4xx: operations.filter((o) => o.seen4xx).length,
      },
      checks,
    },
    causes,
  };
}
