import type { Severity, Violation } from '../../checks/types';
import type { Scorecard } from '../scorecard';
import type { OperationReport } from '../types';

/**
 * A check judged once over the whole run, from the built report (what every phase answered), not per answer:
 * some departures are absences, which no single answer shows. Every run-level check is opt-in: it runs only
 * when named in --checks, so that a default run reports what it reported before (same checks, same finding
 * ids). Registered in index.ts.
 */
export interface RunLevelCheck {
  /** Stable id, equal to the file name; `--checks` takes it. */
  id: string;
  severity: Severity;
  /** One paragraph: what the check demands and why. */
  doc: string;
  /** One outcome per operation of the report, in its order. */
  judge(input: RunLevelInput): RunLevelOutcome[];
}

export interface RunLevelInput {
  operations: OperationReport[];
  scorecard: Scorecard;
}

/** `skipped`: the check has nothing to say about the operation (not exercised, nothing it could demand). */
export type RunLevelOutcome =
  | { operationId: string; status: 'passed' | 'skipped' }
  | { operationId: string; status: 'failed'; violation: Violation };
