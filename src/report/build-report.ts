import type { Contract } from '../contract/load';
import { GENERAL_ERRORS } from '../contract/infer';
import type { Inference } from '../contract/operations';
import type { Finding, PhaseResult } from '../runner/types';
import { findingId } from './finding-id';
import { foldIntoNotServed } from './not-served';
import { escalateRefusals } from './refusals';
import { judgeRunLevel } from './run-level/judge';
import { scorecardOf } from './scorecard';
import { summarize } from './summarize';
import type { OperationReport, OperationStatus, Report, ReportFinding } from './types';

export interface RunInfo {
  tool: { name: string; version: string };
  contract: Contract;
  target: Report['target'];
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
      report.phases[p.phase] = {
        cases: p.cases,
        requests: p.requests,
        ...(p.valid?.sent ? { valid: p.valid } : {}),
        ...(p.notRun ? { notRun: p.notRun } : {}),
      };
      if (p.learned?.length) report.learned = [...new Set([...(report.learned ?? []), ...p.learned])];
      if (p.valid?.sent) {
        report.valid ??= { sent: 0, accepted: 0 };
        report.valid.sent += p.valid.sent;
        report.valid.accepted += p.valid.accepted;
      }
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

  const reached = new Set(operations.filter((o) => o.reached2xx).map((o) => o.operationId));
  const judged = escalateRefusals(foldIntoNotServed(results.flatMap((r) => r.findings)), (id) => reached.has(id));
  const scorecard = scorecardOf(info.contract.operations, operations);
  // Opt-in run-level checks (named in --checks) add their tallies to the operations before the summary counts them.
  const runLevel = judgeRunLevel(info.options.checks, { operations, scorecard, baseUrl: info.target.baseUrl, seed: info.options.seed });
  const findings = withIds([...ignoredAuthRootCause(judged, results), ...runLevel]);
  return {
    tool: info.tool,
    contract: {
      path: info.contract.path,
      sha256: info.contract.sha256,
      title: info.contract.title,
      version: info.contract.version,
      operations: info.contract.operations.length,
      ...(info.contract.inference ? inferenceReport(info.contract.inference) : {}),
    },
    target: info.target,
    options: info.options,
    startedAt: info.startedAt.toISOString(),
    finishedAt: info.finishedAt.toISOString(),
    durationMs: info.finishedAt.getTime() - info.startedAt.getTime(),
    ...summarize(operations, findings, { strict: info.options.strict, leftovers: extra.leftovers, errors: extra.errors }),
    operations,
    findings,
    scorecard,
    leftovers: extra.leftovers,
    givenAway: extra.givenAway ?? [],
    errors: extra.errors,
  };
}

/** Share of the operations whose auth phase ran that must fail ignored-auth for one root-cause finding. */
const ROOT_CAUSE_SHARE = 0.8;
/** Operations named in the root-cause message. */
const ROOT_CAUSE_LISTED = 20;

/**
 * A server that ignores authentication does so everywhere: one defect, not one per operation. When
 * ignored-auth failed on at least 80% of the operations whose auth phase ran (two at least), their
 * ignored-auth findings become one, on operation '*', naming them, with the first one's evidence. Each
 * operation's check tallies still count its own failures.
 */
function ignoredAuthRootCause(findings: Finding[], results: PhaseResult[]): Finding[] {
  const withAuth = new Set(results.filter((r) => r.phase === 'auth' && !r.notRun).map((r) => r.operationId));
  const failing = findings.filter((f) => f.checkId === 'ignored-auth');
  const operations = [...new Set(failing.map((f) => f.operationId))];
  if (operations.length < 2 || operations.length < ROOT_CAUSE_SHARE * withAuth.size) return findings;
  const first = failing[0]!;
  const more = operations.length - ROOT_CAUSE_LISTED;
  const listed = operations.slice(0, ROOT_CAUSE_LISTED).join(', ') + (more > 0 ? ` and ${more} more` : '');
  const root: Finding = {
    ...first,
    operationId: '*',
    title: 'Authentication ignored on every operation',
    message:
      `ignored-auth failed on ${operations.length} of the ${withAuth.size} operations whose auth phase ran: ${listed}. ` +
      `One root cause: the server does not authenticate requests. Evidence from ${first.operationId}: ${first.message}`,
    occurrences: failing.reduce((n, f) => n + f.occurrences, 0),
  };
  return findings.flatMap((f) => (f === first ? [root] : f.checkId === 'ignored-auth' ? [] : [f]));
}

/**
 * Gives every finding its stable id (src/report/finding-id.ts), first among its fields. Findings with the
 * same id (the same failure in two phases of an operation) are one: the first, its occurrences summed.
 */
export function withIds(findings: Finding[]): ReportFinding[] {
  const byId = new Map<string, ReportFinding>();
  for (const f of findings) {
    const id = 'id' in f && typeof f.id === 'string' ? f.id : findingId(f);
    const seen = byId.get(id);
    if (seen) seen.occurrences += f.occurrences;
    else byId.set(id, { id, ...f });
  }
  return [...byId.values()];
}

/** `report.contract.inferred` and `.assumed`: what the loader inferred and assumed, counted. */
function inferenceReport(inference: Inference): { inferred: Report['contract']['inferred']; assumed: Report['contract']['assumed'] } {
  const hints = ['keyKinds', 'projectContext', 'role', 'availability', 'servedBy'] as const;
  const inferred = Object.fromEntries(
    hints.map((hint) => {
      const taken = Object.values(inference.hints).map((h) => h[hint]).filter((h) => h !== undefined);
      const defaults = new Map<string, number>();
      for (const h of taken) if (h.assumed) defaults.set(h.assumed, (defaults.get(h.assumed) ?? 0) + 1);
      return [hint, { operations: taken.length, defaults: [...defaults].map(([assumed, operations]) => ({ assumed, operations })) }];
    }),
  ) as NonNullable<Report['contract']['inferred']>;
  const added = Object.values(inference.assumed).flat();
  const rules = GENERAL_ERRORS.map((r) => ({
    status: r.status,
    errorShape: r.errorShape,
    rule: r.rule,
    operations: added.filter((s) => s === r.status).length,
  })).filter((r) => r.operations > 0);
  return { inferred, assumed: { enabled: inference.generalErrors, rules } };
}
