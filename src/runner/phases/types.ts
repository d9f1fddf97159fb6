import type { CaseInfo } from '../../checks/types';
import type { Operation } from '../../contract/types';
import type { Exchange } from '../../http/types';
import type { RunContext } from '../context';
import type { Finding, PhaseResult } from '../types';

/*
 * The shape of a phase. Every phase of runner/types.ts PHASES is one PlannedPhase in this folder, listed in
 * index.ts: `guard` says without sending anything why it cannot run for an operation, `plan` makes its cases
 * (sending what setup they need) as a PhasePlan. run-phase.ts runs any of them the same way: the run's own
 * reasons not to run (not served, edition, read-only, coverage), then plan, then the cases in windows, each
 * answer judged in order (one finding per answer, the served tracker fed, learned fields kept), then per
 * finding `confirm` or `minimize` when the plan has one. A phase sends through runner/send.ts.
 */

/** One case sent: the exchange the checks judge, how its request was made, and the requests it took. */
export interface SentCase {
  exchange: Exchange;
  info: CaseInfo;
  /** Requests sent for the case, reads around it included (default 1). */
  requests?: number;
  /** Stateful cases: the commands of the sequence up to and including this one. */
  sequence?: string[];
}

/** The cases of a phase; each sends itself (with any reads it takes around it). */
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
  /**
   * The size of case `index`'s request (runner/simplify.ts requestSize): of the cases that fail alike, the
   * smallest is the evidence (and where `minimize` starts). Without it, the first one is.
   */
  sizeOf?(index: number): number;
  /**
   * Makes the evidence of a confirmed finding on case `index` minimal (generated phases: fast-check's shrink,
   * then one change at a time), with the requests it took; the finding as it was when nothing smaller fails
   * alike. Not with `confirm`, which minimizes as it confirms.
   */
  minimize?(index: number, finding: Finding): Promise<{ finding: Finding; requests: number }>;
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
 * A phase: `guard` says, without sending anything, why the phase cannot run for an operation (`--plan` shows
 * it); `plan` calls it first, then makes the cases (which may send setup calls: bindings, reads), after
 * remembering what the operation may change (Binder.rememberRestore) where the phase may change it.
 */
export interface PlannedPhase {
  guard(ctx: RunContext, operation: Operation): NotRun | undefined;
  plan: PhasePlanner;
  /**
   * True for the phases that still send an operation coverage() keeps from an external target, as a probe
   * whose path values name nothing (RunContext.probeOnly); the others do not run for it.
   */
  probes?: boolean;
  /** True for a phase that sends other methods than the operation's own, unsafe ones included: a read-only run does not run it. */
  unsafeMethods?: boolean;
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
