import type { Check, CheckContext, CheckOutcome } from '../checks/types';

/**
 * Runs every applicable check on one exchange. A check that throws fails itself (with the exception as
 * its message) instead of crashing the run. `undefined` marks a check that does not apply (skipped).
 */
export function runChecks(checks: Check[], ctx: CheckContext): Map<Check, CheckOutcome | undefined> {
  const outcomes = new Map<Check, CheckOutcome | undefined>();
  for (const check of checks) {
    try {
      outcomes.set(check, check.appliesTo(ctx) ? check.run(ctx) : undefined);
    } catch (error) {
      outcomes.set(check, {
        status: 'failed',
        violation: { title: 'Check crashed', message: `The check threw: ${(error as Error).message}` },
      });
    }
  }
  return outcomes;
}
