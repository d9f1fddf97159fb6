import type { CaseInfo } from '../../checks/types';
import type { Operation } from '../../contract/types';
import type { Exchange } from '../../http/types';
import type { RunContext } from '../context';
import type { PhaseResult } from '../types';

/** One case sent: the exchange the checks judge, how its request was made, and the requests it took. */
export interface SentCase {
  exchange: Exchange;
  info: CaseInfo;
  /** Requests sent for the case, reads around it included (default 1). */
  requests?: number;
  /** Stateful cases: the commands of the sequence up to and including this one. */
  sequence?: string[];
}

/** The cases of a phase planned in this folder; each sends itself (with any reads it takes around it). */
export interface PhasePlan {
  /**
   * Undefined from a case: it was dropped (its request turned out to be another operation's). An array: the
   * case is a sequence (stateful), each answer judged.
   */
  cases: Array<() => Promise<SentCase | SentCase[] | undefined>>;
  /**
   * True when the cases are independent requests, sent in windows side by side (run-phase.ts windows());
   * otherwise one after another (sequences, reads around a request, setup calls per case).
   */
  concurrent?: boolean;
  /**
   * Set when the requests are not the operation's own (another method on its path): only these checks judge
   * the answers (the others count as skipped), and their statuses are not counted as the operation's.
   */
  foreign?: { checkIds: readonly string[] };
  /**
   * Re-runs failing case `index` before it is reported, to confirm it and make it minimal (stateful: the
   * shortest sequence that still fails `checkId` with `title`). `sent`: the failing answer found, absent when
   * the failure did not recur (it is then counted inconclusive, not failed); `path`: fast-check's replay path.
   */
  confirm?(index: number, failure: { checkId: string; title: string }): Promise<{ requests: number; sent?: SentCase; path?: string; shrunk?: boolean }>;
}

export interface PhaseInput {
  ctx: RunContext;
  operation: Operation;
  /** The phase's seed (run seed, operation, phase). */
  seed: number;
  /** The operation's own credentials (a key of the run's own for OWN_KEYS operations). */
  auth(): Promise<Record<string, string>>;
}

export type NotRun = NonNullable<PhaseResult['notRun']>;

/** Plans a phase of an operation, or says why it does not run (counted as skipped, never as passed). */
export type PhasePlanner = (input: PhaseInput) => Promise<PhasePlan | { notRun: NotRun }>;

/**
 * A phase planned in this folder: `guard` says, without sending anything, why the phase cannot run for an
 * operation (`--plan` shows it); `plan` calls it first, then makes the cases (which may send setup calls).
 */
export interface PlannedPhase {
  guard(ctx: RunContext, operation: Operation): NotRun | undefined;
  plan: PhasePlanner;
  /** The case kinds the phase sends (what the checks see). */
  caseKinds: readonly CaseInfo['kind'][];
  /** When set, only these checks judge the phase's answers (PhasePlan.foreign). */
  judgedBy?: readonly string[];
}

export function notRun(reason: NotRun['reason'], detail: string): { notRun: NotRun } {
  return { notRun: { reason, detail } };
}

/** Why a phase does not run, for guards. */
export function why(reason: NotRun['reason'], detail: string): NotRun {
  return { reason, detail };
}
