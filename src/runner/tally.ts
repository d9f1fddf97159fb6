import type { CheckOutcome } from '../checks/types';
import type { CheckTally } from './types';

/** Counts one check's outcome on one answer: undefined is a check that did not apply (skipped, never passed). */
export function tally(t: CheckTally, outcome: CheckOutcome | undefined): void {
  if (!outcome) t.skipped++;
  else t[outcome.status]++;
}
