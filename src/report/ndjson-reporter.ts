import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';
import type { Redactor } from '../http/redact';
import { PHASES, type Phase, type PhaseResult } from '../runner/types';
import { findingId } from './finding-id';
import type {} from './task-meta';
import type { Report } from './types';

/**
 * Vitest reporter that writes the run as it goes into `events.ndjson`, one JSON object a line, each line
 * appended (and on disk) as soon as it happens, for dashboards that follow the file:
 *
 * - `run-start`: seed, target (credentials redacted), contract path and sha256, the operations selected;
 * - `phase-result`: one per operation × phase test as it finishes: its state, counts (cases, requests,
 *   statuses, checks), why it did not run, and its findings (id, check, severity, title; the ids are the
 *   report's, but for findings the report folds together, e.g. ignored-auth everywhere);
 * - `cleanup`: one per tag's cleanup and the run's last: what could not be deleted, what was given away;
 * - `run-end`: verdict, exit code, the report's counts (operations, findings, causes, requests).
 *
 * Every line has `event` and `time` and goes through the redactor. `start` (the CLI calls it from
 * `onRunStart`) empties the file and brings the run's redactor (the embedded server's keys included);
 * `end` is called by the CLI once the run has returned, with its report.
 */
export class NdjsonReporter implements Reporter {
  private readonly now: () => Date;

  constructor(
    readonly file: string,
    private redactor: Redactor,
    options: { now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** Empties the file and writes `run-start`. */
  start(run: RunStartEvent & { redactor?: Redactor }): void {
    const { redactor, ...event } = run;
    if (redactor) this.redactor = redactor;
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, '');
    this.write({ event: 'run-start', ...event });
  }

  onTestCaseResult(test: TestCase): void {
    const at = test.name.lastIndexOf(' › ');
    const last = at < 0 ? '' : test.name.slice(at + 3);
    const meta = test.meta();
    const state = test.result().state;
    if ((PHASES as string[]).includes(last)) {
      this.write(phaseEvent(test.name.slice(0, at), last as Phase, state, meta.conformance, meta.engineError));
    } else if (last === 'cleanup') {
      this.write({
        event: 'cleanup',
        scope: test.name.slice(0, at),
        state,
        leftovers: meta.leftovers ?? [],
        givenAway: meta.givenAway ?? [],
      });
    }
  }

  /** Writes `run-end`: the report's verdict and counts, or, with no report (interrupted), `incomplete`. */
  end(outcome: { report?: Report; exitCode: number; problem?: string }): void {
    const { report, exitCode, problem } = outcome;
    this.write({
      event: 'run-end',
      verdict: report?.verdict ?? 'incomplete',
      exitCode,
      ...(problem ? { problem } : {}),
      ...(report
        ? {
            durationMs: report.durationMs,
            requests: report.requests,
            operations: report.summary.operations,
            findings: report.summary.findings,
            causes: report.summary.causes,
            leftovers: report.leftovers.length,
            errors: report.errors.map((e) => e.code),
          }
        : {}),
    });
  }

  private write(event: Record<string, unknown>): void {
    const line = JSON.stringify({ event: event.event, time: this.now().toISOString(), ...event });
    appendFileSync(this.file, `${this.redactor.text(line)}\n`);
  }
}

/** What `run-start` says (src/run-conformance.ts `RunStart` without its redactor). */
export interface RunStartEvent {
  seed: number;
  target: { baseUrl: string; embedded: boolean; gateway?: string };
  contract: { path: string; sha256: string };
  operations: string[];
}

/** A phase test's event: from its phase result when it has one, else from its name (a test that crashed or was cancelled). */
function phaseEvent(
  operation: string,
  phase: Phase,
  state: string,
  result: PhaseResult | undefined,
  engineError: { code: string; message: string } | undefined,
): Record<string, unknown> {
  if (!result) {
    // `<Tag> <operationId> <METHOD> <path>`; a tag may hold spaces.
    const [, tag, operationId, method, path] = operation.match(/^(.*) (\S+) ([A-Z]+) (\/.*)$/) ?? [, operation];
    return {
      event: 'phase-result',
      operationId,
      tag,
      method,
      path,
      phase,
      state,
      ...(engineError ? { error: engineError } : {}),
    };
  }
  const totals = { passed: 0, failed: 0, inconclusive: 0, skipped: 0 };
  for (const t of Object.values(result.checks)) {
    totals.passed += t.passed;
    totals.failed += t.failed;
    totals.inconclusive += t.inconclusive;
    totals.skipped += t.skipped;
  }
  return {
    event: 'phase-result',
    operationId: result.operationId,
    tag: result.tag,
    method: result.method,
    path: result.path,
    phase,
    state,
    ...(result.notRun ? { notRun: result.notRun } : {}),
    cases: result.cases,
    requests: result.requests,
    statuses: result.statuses,
    ...(result.valid ? { valid: result.valid } : {}),
    totals,
    checks: result.checks,
    findings: result.findings.map((f) => ({ id: findingId(f), checkId: f.checkId, severity: f.severity, title: f.title })),
    durationMs: result.durationMs,
  };
}
