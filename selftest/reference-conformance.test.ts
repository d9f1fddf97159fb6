import { describe, expect, it } from 'vitest';
import { runCli } from './_support/run-cli';

/**
 * The whole contract against the embedded reference server (`npm test` with no target), over three seeds:
 * the two independent readings of the contract must agree (exit 0, no finding), every operation is exercised
 * and answers 2xx at least once, and the run leaves nothing behind.
 */
describe.concurrent('conformance run against the reference server', () => {
  it.each([11, 22, 33])('seed %i: conforms on all 116 operations', async (seed) => {
    const run = await runCli(['--seed', String(seed), '--examples', '3'], { timeoutMs: 330_000 });
    expect(run.code, `${run.stderr}\n${run.stdout.slice(-2000)}`).toBe(0);
    const report = run.report!;
    expect(report.verdict).toBe('conforms');
    expect(report.findings).toEqual([]);
    expect(report.leftovers).toEqual([]);
    expect(report.contract.operations).toBe(116);
    expect(report.summary.operations.total).toBe(116);
    // Cloud serves every operation but the self-hosted migration export, which the companion serves.
    expect(report.target.companion).toMatchObject({ edition: 'enterprise', operations: ['migrateExport'] });
    expect(report.summary.operations.exercised).toBe(116);
    const without2xx = report.operations.filter((o) => !o.reached2xx).map((o) => o.operationId);
    expect(without2xx, 'operations that never answered 2xx/3xx').toEqual([]);
    expect(report.summary.coverage.reached2xx).toBe(116);
    expect(run.stdout).toContain('116/116 operations answered 2xx/3xx');
  }, 360_000);
});
