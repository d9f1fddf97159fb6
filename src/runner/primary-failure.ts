import type { Check, CheckOutcome } from '../checks/types';

type Failed = Extract<CheckOutcome, { status: 'failed' }>;

/**
 * Which failing check speaks for an answer, most specific first: what the server did with the request as a
 * whole (it failed; it answered a status the operation does not document), then what the case was made to
 * test (authentication, invalid or valid data, a lifecycle step, a method), then the details of the body.
 * A 410 to every request is the status, not also ignored auth or a missing header; a 500 to an invalid body
 * is the server error, not also invalid data accepted.
 */
export const PRECEDENCE: readonly string[] = [
  'operation-served',
  'not-a-server-error',
  'status-code-conformance',
  'ignored-auth',
  'missing-required-header',
  'role-enforcement',
  'negative-data-rejection',
  'positive-data-acceptance',
  'use-after-free',
  'ensure-resource-availability',
  'update-persisted',
  'list-consistency',
  'unsupported-method',
  'error-shape',
  'content-type-conformance',
  'response-schema-conformance',
  'response-headers-conformance',
  'documented-properties-present',
  'max-response-time',
];

function rank(check: Check): number {
  const i = PRECEDENCE.indexOf(check.id);
  return i === -1 ? PRECEDENCE.length : i;
}

export interface PrimaryFailure {
  check: Check;
  outcome: Failed;
  /** The other checks that failed on the same answer, in precedence order. */
  also: Array<{ check: Check; outcome: Failed }>;
}

/**
 * One answer, one finding: of the checks that failed on it, the one that speaks for it (errors before
 * warnings, then PRECEDENCE), with the others. Undefined when nothing failed.
 */
export function primaryFailure(outcomes: Map<Check, CheckOutcome | undefined>): PrimaryFailure | undefined {
  const failures = [...outcomes]
    .filter((e): e is [Check, Failed] => e[1]?.status === 'failed')
    .map(([check, outcome]) => ({ check, outcome }));
  if (failures.length === 0) return undefined;
  const severity = (f: { check: Check; outcome: Failed }) => ((f.outcome.severity ?? f.check.severity) === 'error' ? 0 : 1);
  failures.sort((a, b) => severity(a) - severity(b) || rank(a.check) - rank(b.check));
  const [first, ...also] = failures;
  return { check: first!.check, outcome: first!.outcome, also };
}
