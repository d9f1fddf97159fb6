import { describe, expect, it } from 'vitest';
import { runCli } from './_support/run-cli';

/**
 * The whole contract against the embedded reference server (`npm test` with no target), over three seeds:
 * the two independent readings of the contract must agree (exit 0, no finding), every operation the edition
 * serves is exercised, and the run leaves nothing behind.
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
    // Cloud serves every operation but the self-hosted migration export.
    expect(report.summary.operations.exercised).toBe(115);
    expect(report.operations.find((o) => o.status !== 'exercised')?.operationId).toBe('migrateExport');
    expect(report.summary.coverage.reached2xx).toBeGreaterThanOrEqual(105);
    expect(run.stdout).toContain('operations answered 2xx/3xx');
  }, 360_000);
});
