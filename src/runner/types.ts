import type { CaseInfo, Severity, StatefulExpectation } from '../checks/types';
import type { WireRequest } from '../http/types';

export type Phase = 'examples' | 'coverage' | 'positive' | 'negative' | 'auth' | 'headers' | 'roles' | 'methods' | 'stateful';

export const PHASES: Phase[] = ['examples', 'coverage', 'positive', 'negative', 'auth', 'headers', 'roles', 'methods', 'stateful'];

export interface CheckTally {
  passed: number;
  failed: number;
  inconclusive: number;
  skipped: number;
}

/** Evidence of one violation, redacted. */
export interface Finding {
  checkId: string;
  severity: Severity;
  operationId: string;
  method: string;
  path: string;
  phase: Phase;
  title: string;
  message: string;
  case: FindingCase;
  request: WireRequest;
  response: { status: string | number; headers: Record<string, string>; body: string };
  schemaErrors?: unknown;
  curl: string;
  /** How to replay: the seed, the phase, and for generated cases the fast-check path of the (shrunk) case. */
  replay: { seed: number; phase: Phase; index: number; path?: string; shrunk: boolean };
  /** How many cases of the phase failed this check with the same title. */
  occurrences: number;
  /** The kind of departure (Violation.cause): findings of one check with the same cause are one cause in the report. */
  cause?: string;
  /**
   * Other checks that failed on the same answer. An answer yields one finding, of the most specific check
   * that failed; the others are listed here instead of being findings of their own.
   */
  also?: Array<{ checkId: string; severity: Severity; title: string; message: string }>;
  /** Stateful findings: the (shrunk) sequence of commands that ends in the failure, e.g. `create agent`, `delete agent`, `find agent in list`. */
  sequence?: string[];
}

/**
 * The case of a finding. A stateful finding's case also carries the requests of its (shrunk, confirmed)
 * sequence, so that replay re-sends the whole sequence and judges the same step (absent in older reports).
 */
export type FindingCase =
  | Exclude<CaseInfo, { kind: 'stateful' }>
  | (Extract<CaseInfo, { kind: 'stateful' }> & {
      /** Every request of the sequence up to the judged one, in order (each create attempt included). */
      steps?: SequenceStep[];
      /** Index in `steps` of the request whose answer the check judged (the last one). */
      judgedStep?: number;
    });

/** One request of a stateful sequence, redacted like a finding's request, and what it did. */
export interface SequenceStep {
  /** The command it belongs to (`create agent`, `delete agent #2`). */
  command: string;
  operationId: string;
  /** The command's kind. */
  of: StatefulExpectation['of'];
  /** For a create: which of the command's attempts it was (1, 2, …; a create tries bodies until one is answered 2xx). */
  attempt?: number;
  /** The resource a read, update or delete named (an id a create of the sequence returned). */
  id?: string;
  /** For a create: the id its 2xx answer carried, when it made a resource. */
  created?: string;
  request: WireRequest;
  /** The status it was answered. */
  status: number;
}

export interface PhaseResult {
  operationId: string;
  tag: string;
  method: string;
  path: string;
  phase: Phase;
  /** Why the phase did not run, when it did not. */
  notRun?: { reason: 'not-applicable' | 'not-covered' | 'no-credential' | 'nothing-to-generate' | 'not-served' | 'stopped'; detail: string };
  cases: number;
  requests: number;
  statuses: Record<string, number>;
  checks: Record<string, CheckTally>;
  findings: Finding[];
  /** Requests the contract allows (valid cases) sent, and how many of them were answered 2xx/3xx. */
  valid?: { sent: number; accepted: number };
  /**
   * The body fields (JSON pointers; `""` for "the body must not be empty") the target's 400 flat refusals of
   * valid requests named so far, which later requests draw from tamer sources (runner/learn.ts).
   */
  learned?: string[];
  durationMs: number;
}
