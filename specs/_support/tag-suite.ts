import { describe, test } from 'vitest';
import { type Contract, loadContract } from '../../src/contract/load';
import { EngineError } from '../../src/errors';
import { createRunContext, type RunContext } from '../../src/runner/context';
import { runPhase } from '../../src/runner/run-phase';
import { isSelected } from '../../src/runner/selection';
import { PHASES, type Finding, type PhaseResult } from '../../src/runner/types';
import { specSettings } from './settings';

declare module 'vitest' {
  interface TaskMeta {
    conformance?: PhaseResult;
    /** Set when the engine could not go on (target gone, …); the CLI maps it to an exit code. */
    engineError?: { code: string; message: string };
    leftovers?: string[];
    givenAway?: string[];
  }
}

const settings = specSettings();

/**
 * The contract and the run context (one pooled client, one compiled Ajv, one ledger) are built once per
 * worker and shared by every tag file it runs: spec files run with isolate: false, and vitest evaluates
 * this module again for each file, so the instance lives on globalThis.
 */
const shared = globalThis as { __onecliConformance?: Promise<{ contract: Contract; ctx: RunContext }> };
const { contract, ctx } = await (shared.__onecliConformance ??= (async () => {
  const contract = await loadContract(settings.contractPath);
  return { contract, ctx: createRunContext(contract, settings) };
})());


/**
 * Registers the conformance tests of one tag: a test per operation and phase, titled
 * `<Tag> <operationId> <METHOD> <path> › <phase>`, then a cleanup test that deletes what the tag created.
 */
export function tagSuite(tag: string): void {
  const operations = contract.operations.filter((op) => op.tag === tag && isSelected(op, settings.include, settings.exclude));
  describe(tag, () => {
    for (const operation of operations) {
      for (const phase of PHASES) {
        test(`${tag} ${operation.operationId} ${operation.method} ${operation.path} › ${phase}`, async ({ task, skip }) => {
          let result: PhaseResult;
          try {
            result = await runPhase(ctx.forOperation(operation), operation, phase);
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
    if (operations.length) {
      test(`${tag} › cleanup`, async ({ task }) => {
        const left: string[] = [];
        const givenAway: string[] = [];
        for (const run of [ctx, ctx.companion, ctx.gateway].filter((c): c is RunContext => c !== undefined)) {
          left.push(...(await run.ledger.drain(run.client)));
          givenAway.push(...run.ledger.givenAway.splice(0));
        }
        task.meta.leftovers = left;
        task.meta.givenAway = givenAway;
        if (left.length) throw new Error(`resources created by the run could not be deleted: ${left.join(', ')}`);
      });
    }
  });
}

function describeFinding(f: Finding): string {
  return [
    `[${f.checkId}] ${f.operationId} ${f.method} ${f.path} (${f.phase}): ${f.title}`,
    `  ${f.message}`,
    `  Response: ${f.response.status} ${f.response.body.slice(0, 300)}`,
    `  Reproduce: ${f.curl}`,
  ].join('\n');
}
