import type { Reporter, TestModule } from 'vitest/node';
import type { PhaseResult } from '../runner/types';
import { buildReport, type RunInfo } from './build-report';
import type {} from './task-meta';
import type { Report } from './types';

/**
 * Vitest reporter that gathers each conformance test's phase result (carried in the test's meta) and
 * builds the run's report when the run ends. The CLI reads `report` afterwards and writes the files.
 */
export class ConformanceReporter implements Reporter {
  report: Report | undefined;
  /** Tests that failed without a phase result (crashes, cleanup failures): they make the run non-conforming. */
  unexplainedFailures: string[] = [];
  /** What the run's engine built (src/built.ts), as its last test reported it. */
  built: Record<string, number> | undefined;
  /** Every request the run sent, setup and cleanup included (ConformanceRun.traffic). */
  traffic: Report['traffic'];

  constructor(private readonly info: Omit<RunInfo, 'finishedAt'>) {}

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const results: PhaseResult[] = [];
    const leftovers: string[] = [];
    const givenAway: string[] = [];
    const errors: Report['errors'] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta();
        if (meta.conformance) results.push(meta.conformance);
        if (meta.leftovers) leftovers.push(...meta.leftovers);
        if (meta.givenAway) givenAway.push(...meta.givenAway);
        if (meta.engineError) errors.push(meta.engineError);
        if (meta.stopped) errors.push({ code: 'DURATION_EXCEEDED', message: meta.stopped });
        if (meta.built) this.built = meta.built;
        if (meta.traffic) this.traffic = meta.traffic;
        const state = test.result().state;
        if (state === 'failed' && !meta.conformance && !meta.engineError && !meta.leftovers?.length) {
          this.unexplainedFailures.push(`${test.fullName}: ${test.result().errors?.[0]?.message ?? 'failed'}`);
        }
      }
      for (const error of module.errors()) errors.push({ code: 'INTERNAL', message: `${module.moduleId}: ${error.message}` });
    }
    for (const error of unhandledErrors) errors.push({ code: 'INTERNAL', message: String((error as Error)?.message ?? error) });
    for (const message of this.unexplainedFailures) errors.push({ code: 'INTERNAL', message });
    this.report = buildReport({ ...this.info, finishedAt: new Date() }, results, { leftovers, givenAway: [...new Set(givenAway)], errors });
    if (this.built) this.report.built = this.built;
    if (this.traffic) this.report.traffic = this.traffic;
  }
}
