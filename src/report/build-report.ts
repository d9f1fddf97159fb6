import type { Contract } from '../contract/load';
import type { PhaseResult } from '../runner/types';
import type { OperationReport, OperationStatus, Report } from './types';

export interface RunInfo {
  tool: { name: string; version: string };
  contract: Contract;
  target: { baseUrl: string; embedded: boolean };
  options: Report['options'];
  startedAt: Date;
  finishedAt: Date;
}

/** Assembles the report from the phase results of a run; the same inputs always give the same report. */
export function buildReport(
  info: RunInfo,
  results: PhaseResult[],
  extra: { leftovers: string[]; givenAway?: string[]; errors: Report['errors'] },
): Report {
  const byOperation = new Map<string, PhaseResult[]>();
  for (const r of results) byOperation.set(r.operationId, [...(byOperation.get(r.operationId) ?? []), r]);

  const operations: OperationReport[] = info.contract.operations.map((op) => {
    const phases = byOperation.get(op.operationId) ?? [];
    const report: OperationReport = {
      operationId: op.operationId,
      tag: op.tag,
      method: op.method,
      path: op.path,
      status: 'excluded',
      requests: 0,
      statuses: {},
      reached2xx: false,
      seen4xx: false,
      phases: {},
      checks: {},
    };
    for (const p of phases) {
      report.requests += p.requests;
      report.phases[p.phase] = { cases: p.cases, requests: p.requests, ...(p.notRun ? { notRun: p.notRun } : {}) };
      for (const [s, n] of Object.entries(p.statuses)) report.statuses[s] = (report.statuses[s] ?? 0) + n;
      for (const [id, t] of Object.entries(p.checks)) {
        const sum = (report.checks[id] ??= { passed: 0, failed: 0, inconclusive: 0, skipped: 0 });
        sum.passed += t.passed;
        sum.failed += t.failed;
        sum.inconclusive += t.inconclusive;
        sum.skipped += t.skipped;
      }
    }
    report.reached2xx = Object.keys(report.statuses).some((s) => s.startsWith('2') || s.startsWith('3'));
    report.seen4xx = Object.keys(report.statuses).some((s) => s.startsWith('4'));
    if (phases.length) {
      const ran = phases.filter((p) => !p.notRun);
      if (ran.length) report.status = 'exercised';
      else {
        const first = phases.find((p) => p.notRun!.reason !== 'nothing-to-generate') ?? phases[0]!;
        const reason = first.notRun!.reason;
        report.status = (reason === 'nothing-to-generate' ? 'not-covered' : reason) as OperationStatus;
        report.detail = first.notRun!.detail;
      }
    }
    return report;
  });

  const findings = results.flatMap((r) => r.findings);
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
  const failing = info.options.strict ? findings.length : errorFindings;
  const verdict: Report['verdict'] =
    failing > 0 || extra.leftovers.length > 0 ? 'does-not-conform' : extra.errors.length ? 'incomplete' : 'conforms';
  return {
    tool: info.tool,
    contract: {
      path: info.contract.path,
      sha256: info.contract.sha256,
      title: info.contract.title,
      version: info.contract.version,
      operations: info.contract.operations.length,
    },
    target: info.target,
    options: info.options,
    startedAt: info.startedAt.toISOString(),
    finishedAt: info.finishedAt.toISOString(),
    durationMs: info.finishedAt.getTime() - info.startedAt.getTime(),
    requests: operations.reduce((n, o) => n + o.requests, 0),
    verdict,
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
      coverage: {
        reached2xx: operations.filter((o) => o.reached2xx).length,
        seen4xx: operations.filter((o) => o.seen4xx).length,
      },
      checks,
    },
    operations,
    findings,
    leftovers: extra.leftovers,
    givenAway: extra.givenAway ?? [],
    errors: extra.errors,
  };
}
