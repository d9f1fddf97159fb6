import { expect } from 'vitest';
import type { CliRun } from './run-cli';

/**
 * The run's report has a cause of `checkId` covering `operationId`, and the terminal shows it: its id, then
 * the check (`✗ [cause id] check-id: headline — e.g. operation [finding id]: …`).
 */
export function expectCauseShown(run: Pick<CliRun, 'report' | 'stdout'>, checkId: string, operationId: string): void {
  const { causes, findings } = run.report!;
  // A root cause (operation '*') names the operations that failed the check.
  const root = new Set(findings.filter((f) => f.operationId === '*').map((f) => f.id));
  const covers = (c: (typeof causes)[number]) => c.operations.includes(operationId) || (operationId === '*' && c.findings.some((id) => root.has(id)));
  const cause = causes.find((c) => c.checkId === checkId && covers(c));
  expect(cause, JSON.stringify(causes.map((c) => [c.checkId, c.operations]))).toBeDefined();
  expect(run.stdout).toContain(`[${cause!.id}] ${checkId}: `);
}
