import { afterAll, beforeAll, describe, test } from 'vitest';
import type { RunnerTask } from 'vitest';
import { type Contract, loadContract } from '../../src/contract/load';
import type { Operation } from '../../src/contract/types';
import { EngineError } from '../../src/errors';
import { createRunContext } from '../../src/runner/context';
import { type Cleanup, ConformanceRun, type Work } from '../../src/runner/engine';
import { built } from '../../src/built';
import { isSelected } from '../../src/runner/selection';
import { skippedBy } from '../../src/config/operation-context';
import { emptyResult } from '../../src/runner/phase-result';
import { PHASES, type Finding, type PhaseResult } from '../../src/runner/types';
import type {} from '../../src/report/task-meta';
import { type SpecSettings, specSettings } from './settings';


/**
 * Registers the whole conformance run: per tag, a test per operation and phase, titled
 * `<Tag> <operationId> <METHOD> <path> › <phase>`, then `<Tag> › cleanup`; last, `run › cleanup`, which
 * deletes what the run's lanes shared. The tests do not send anything themselves: once vitest has applied
 * its filters (`-t`), the tests left to run are handed to one ConformanceRun (src/runner/engine.ts), which
 * runs them side by side, and each test reports its phase's result as it comes.
 */
export async function conformanceSuite(): Promise<void> {
  const settings = specSettings();
  const contract = await loadContract(settings.contractPath, { generalErrors: settings.generalErrors });
  const run = new ConformanceRun(createRunContext(contract, settings), { maxDurationMs: settings.maxDurationMs });
  const work = new Map<string, Work>();
  const tags = [...new Set(contract.operations.map((op) => op.tag))];

  // The tests vitest will run (its filters applied), in the order they were registered.
  beforeAll((file) => {
    // An operation the config file skips is sent nothing.
    run.start(selected(file.tasks).flatMap((task) => work.get(task.name) ?? []).filter((w) => !skippedBy(settings.config, w.operation)));
  });
  afterAll(async () => {
    await run.finished();
  });

  for (const tag of tags) {
    const operations = operationsOf(contract, settings, tag);
    if (!operations.length) continue;
    describe(tag, () => {
      for (const operation of operations) {
        for (const phase of PHASES) {
          const name = `${tag} ${operation.operationId} ${operation.method} ${operation.path} › ${phase}`;
          work.set(name, { operation, phase });
          test(name, async ({ task, skip, signal }) => {
            stopOnCancel(run, signal);
            let result: PhaseResult;
            const skipped = skippedBy(settings.config, operation);
            try {
              result = skipped
                ? { ...emptyResult(operation, phase), notRun: { reason: 'not-covered', detail: `skipped by the config file: ${skipped}` } }
                : await run.result(operation, phase);
            } catch (error) {
              if (error instanceof EngineError) task.meta.engineError = { code: error.code, message: error.message };
              throw error;
            }
            task.meta.conformance = result;
            if (result.notRun) skip(`${result.notRun.reason}: ${result.notRun.detail}`);
            const errors = result.findings.filter((f) => settings.strict || f.severity === 'error');
            if (errors.length) throw new Error(errors.map(describeFinding).join('\n\n'));
          });
        }
      }
      test(`${tag} › cleanup`, async ({ task, signal }) => {
        stopOnCancel(run, signal);
        reportCleanup(task.meta, await run.laneCleanup(tag));
      });
    });
  }
  test('run › cleanup', async ({ task, signal }) => {
    stopOnCancel(run, signal);
    reportCleanup(task.meta, await run.finished());
    if (run.stopped && !run.error) task.meta.stopped = run.stopped;
    task.meta.built = { ...built };
    task.meta.traffic = run.traffic();
  });
}

/**
 * A cancelled vitest run (Ctrl-C) aborts the signal of the test under way, which is always awaiting the engine:
 * the engine stops sending then, deletes what it made, and the run ends without waiting for the rest.
 */
function stopOnCancel(run: ConformanceRun, signal: AbortSignal): void {
  signal.addEventListener('abort', () => run.stop('the run was interrupted'), { once: true });
}

function operationsOf(contract: Contract, settings: SpecSettings, tag: string): Operation[] {
  return contract.operations.filter((op) => op.tag === tag && isSelected(op, settings.include, settings.exclude));
}

function reportCleanup(meta: RunnerTask['meta'], { leftovers, givenAway }: Cleanup): void {
  meta.leftovers = leftovers;
  meta.givenAway = givenAway;
  if (leftovers.length) throw new Error(`resources created by the run could not be deleted: ${leftovers.join(', ')}`);
}

/** The tests of a file vitest will run, in order. */
function selected(tasks: readonly RunnerTask[]): RunnerTask[] {
  return tasks.flatMap((t) => (t.type === 'suite' ? selected(t.tasks) : t.mode === 'run' ? [t] : []));
}

function describeFinding(f: Finding): string {
  return [
    `[${f.checkId}] ${f.operationId} ${f.method} ${f.path} (${f.phase}): ${f.title}`,
    `  ${f.message}`,
    `  Response: ${f.response.status} ${f.response.body.slice(0, 300)}`,
    `  Reproduce: ${f.curl}`,
  ].join('\n');
}
