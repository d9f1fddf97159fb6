import { expect } from 'vitest';
import type { CliRun } from './run-cli';

/**
 * The run's report has a cause of `checkId` covering `operationId`, and the terminal shows it: its id, then
 * the check (`✗ [cause id] check-id: headline — e.g. operation [finding id]: …`).
 */
export function expectCauseShown(run: Pick<CliRun, 'report' | 'stdout'>, checkId: string, operationId: string): void {
  const causes = run.report!.causes;
  const cause = causes.find((c) => c.checkId === checkId && c.operations.includes(operationId));
  expect(cause, JSON.stringify(causes.map((c) => [c.checkId, c.operations]))).toBeDefined();
  expect(run.stdout).toContain(`[${cause!.id}] ${checkId}: `);
}
