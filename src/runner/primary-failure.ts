import type { Check, CheckOutcome } from '../checks/types';

type Failed = Extract<CheckOutcome, { status: 'failed' }>;

/** What the server did with the request as a whole. */
const SERVER = ['operation-served', 'transport-error', 'not-a-server-error'];
/** What each kind of case was made to test. */
const CASE = [
  'ignored-auth',
  'missing-required-header',
  'role-enforcement',
  'negative-data-rejection',
  'positive-data-acceptance',
  'use-after-free',
  'list-consistency',
  'ensure-resource-availability',
  'update-persisted',
  'unsupported-method',
];
/** The details of the answer. */
const DETAILS = [
  'error-shape',
  'content-type-conformance',
  'response-schema-conformance',
  'response-headers-conformance',
  'documented-properties-present',
  'max-response-time',
];

/**
 * Which failing check speaks for an answer, most specific first. What the server did with the request as a
 * whole comes first (it is not there; it failed), then, for an answer that refused the request (4xx), the
 * status (a 410 to every request is the status, not also a missing key's wrong status), and for an answer that
 * did what was asked (2xx/3xx) what the case was made to test (invalid data or a missing key accepted, a
 * lifecycle step), the status after it. The details of the body come last.
 *
 * Every check in the order it speaks for a refusal (4xx); for a 2xx/3xx, CASE goes before the status.
 */
export const PRECEDENCE: readonly string[] = [...SERVER, 'status-code-conformance', ...CASE, ...DETAILS];

function rank(check: Check, status: number): number {
  const i = PRECEDENCE.indexOf(check.id);
  const base = i === -1 ? PRECEDENCE.length : i;
  // For an answer that did what was asked, the case's own check goes before the status.
  if (status < 400 && CASE.includes(check.id)) return base - PRECEDENCE.length;
  return base;
}

export interface PrimaryFailure {
  check: Check;
  outcome: Failed;
  /** The other checks that failed on the same answer, in precedence order. */
  also: Array<{ check: Check; outcome: Failed }>;
}

/**
 * One answer, one finding: of the checks that failed on the answer of `status`, the one that speaks for it
 * (errors before warnings, then by rank), with the others. Undefined when nothing failed.
 */
export function primaryFailure(outcomes: Map<Check, CheckOutcome | undefined>, status: number): PrimaryFailure | undefined {
  const failures = [...outcomes]
    .filter((e): e is [Check, Failed] => e[1]?.status === 'failed')
    .map(([check, outcome]) => ({ check, outcome }));
  if (failures.length === 0) return undefined;
  const severity = (f: { check: Check; outcome: Failed }) => ((f.outcome.severity ?? f.check.severity) === 'error' ? 0 : 1);
  failures.sort((a, b) => severity(a) - severity(b) || rank(a.check, status) - rank(b.check, status));
  const [first, ...also] = failures;
  return { check: first!.check, outcome: first!.outcome, also };
}
