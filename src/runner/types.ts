import type { CaseInfo, Severity } from '../checks/types';
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
  case: CaseInfo;
  request: WireRequest;
  response: { status: string | number; headers: Record<string, string>; body: string };
  schemaErrors?: unknown;
  curl: string;
  /** How to replay: the seed, the phase, and for generated cases the fast-check path of the (shrunk) case. */
  replay: { seed: number; phase: Phase; index: number; path?: string; shrunk: boolean };
  /** How many cases of the phase failed this check with the same title. */
  occurrences: number;
  /** Stateful findings: the (shrunk) sequence of commands that ends in the failure, e.g. `create agent`, `delete agent`, `find agent in list`. */
  sequence?: string[];
}

export interface PhaseResult {
  operationId: string;
  tag: string;
  method: string;
  path: string;
  phase: Phase;
  /** Why the phase did not run, when it did not. */
  notRun?: { reason: 'not-applicable' | 'not-covered' | 'no-credential' | 'nothing-to-generate'; detail: string };
  cases: number;
  requests: number;
  statuses: Record<string, number>;
  checks: Record<string, CheckTally>;
  findings: Finding[];
  durationMs: number;
}
