import { NO_FIXTURE } from '../config/fixtures';
import { documentedResponse } from '../contract/operations';
import type { Operation } from '../contract/types';
import type { Phase, PhaseResult } from '../runner/types';
import type { OperationReport } from './types';

/**
 * The response-coverage scorecard: for every operation × documented status, whether the run saw it and, when
 * not, why; the statuses seen that the contract does not document; and the operations that never reached a
 * 2xx, with why. It says how much of the contract's responses the run actually observed, which the verdict
 * alone does not: a run can conform while never seeing half of what the docs promise.
 */
export interface Scorecard {
  operations: ScorecardOperation[];
  totals: ScorecardTotals;
}

export interface ScorecardOperation {
  operationId: string;
  tag: string;
  /** The documented responses: exact codes ascending, a range (`4XX`) after its codes, `default` last. */
  documented: DocumentedStatus[];
  /** Statuses answered that no documented response covers, ascending (status 0, a broken exchange, is no answer). */
  undocumented: Array<{ status: string; seen: number }>;
  /** Whether any answer was 2xx or 3xx. */
  reached2xx: boolean;
  /** Why no answer was 2xx, when none was. */
  noSuccess?: NotSeen;
}

export interface DocumentedStatus {
  /** The response key as the contract writes it: `201`, `4XX`, `default`. */
  status: string;
  /** Answers it stood for, matched as status-code-conformance matches them: exact code, then range, then default. */
  seen: number;
  /** Why it was not seen, when `seen` is 0. */
  notSeen?: NotSeen;
  /** Not in the document: one of the docs' general errors the loader assumed (src/contract/infer.ts). */
  assumed?: true;
}

export interface NotSeen {
  reason: NotSeenReason;
  /** One line for a reader: the phase's own reason, or what the operation was answered instead. */
  detail: string;
}

/**
 * Why a documented status was not seen, from the most to the least telling about the server:
 * - `answered-otherwise`: the run sent the requests meant to provoke it (valid requests for a success
 *   status, invalid ones for 400, keyless ones for 401, the member key for 403) and the server answered
 *   something else;
 * - `not-provoked`: the operation was exercised, but no phase aims at this status (404 of an existing
 *   resource, 409, 429, 5xx, `default`): the server had no occasion to answer it;
 * - `safety-rule`: the phases that would provoke it were kept from this target (an external target gets
 *   no call that changes state the run did not create; such an operation is at most probed with paths that
 *   name nothing, which cannot be answered 2xx);
 * - `no-fixture`: the same, for an operation that would run on a resource of the user's named for it in the
 *   config file (src/config/fixtures.ts handedOver), and none was;
 * - `no-credential`, `not-applicable`, `nothing-to-send`, `not-served`, `stopped`: the phases that would
 *   provoke it did not run, for that reason (runner/types.ts PhaseResult.notRun; `nothing-to-send` is
 *   `nothing-to-generate`);
 * - `excluded`: the operation was not selected (--include, --exclude, --shard).
 */
export type NotSeenReason =
  | 'answered-otherwise'
  | 'not-provoked'
  | 'safety-rule'
  | 'no-fixture'
  | 'no-credential'
  | 'not-applicable'
  | 'nothing-to-send'
  | 'not-served'
  | 'stopped'
  | 'excluded';

/** Every reason, in the order totals and lists give them. */
export const NOT_SEEN_REASONS: NotSeenReason[] = [
  'answered-otherwise',
  'not-provoked',
  'safety-rule',
  'no-fixture',
  'no-credential',
  'not-applicable',
  'nothing-to-send',
  'not-served',
  'stopped',
  'excluded',
];

export interface ScorecardTotals {
  /** Operation × documented status pairs. */
  documented: number;
  seen: number;
  /** Pairs not seen, by reason (reasons with none left out, the others in NOT_SEEN_REASONS order). */
  notSeen: Partial<Record<NotSeenReason, number>>;
  /** Operation × status pairs answered but not documented. */
  undocumented: number;
  /** Operations selected for the run (not excluded) no answer of which was 2xx or 3xx. */
  withoutSuccess: number;
}

/**
 * Which phases send the requests meant to provoke a documented status, the one that aims at it most directly
 * first (its reason not to run is the one given); none for the statuses nothing aims at.
 */
function aimedBy(status: string): Phase[] {
  if (isSuccess(status)) return VALID_PHASES;
  if (status === '400') return ['negative', 'coverage', 'headers'];
  if (status === '401') return ['auth', 'headers'];
  if (status === '403') return ['roles'];
  if (status === '4XX') return ['negative', 'auth', 'roles', 'coverage', 'headers'];
  return [];
}

/**
 * The phases that send requests the contract allows: random valid requests first, then examples and
 * boundaries. Not stateful: its answers are other operations' too and are not counted in an operation's
 * statuses (PhasePlan.foreign), so it can neither show a status nor be the reason one was not seen.
 */
const VALID_PHASES: Phase[] = ['positive', 'examples', 'coverage'];

/** A success key: 2xx or 3xx (a documented redirect reaches the operation as well), exact or a range. */
function isSuccess(status: string): boolean {
  return /^[23]/.test(status);
}

type NotRun = NonNullable<PhaseResult['notRun']>;

/** Reasons a phase did not run that another run could remove (a key given, the embedded server, more time). */
const REMOVABLE: Array<NotRun['reason']> = ['no-credential', 'not-covered', 'stopped', 'not-served'];

/** A real answer's status (three digits); status 0 stands for an exchange that broke off, not an answer. */
const ANSWER = /^[1-5]\d\d$/;

/** The safety rule's reason, or `no-fixture` when a fixture of the user's would have let the operation run. */
function keptBack(detail: string): NotSeenReason {
  return detail.includes(`${NO_FIXTURE} given`) ? 'no-fixture' : 'safety-rule';
}

/** A phase's reason not to run as a reason not to have seen a status. */
function reasonOf(notRun: NotRun): NotSeenReason {
  return notRun.reason === 'not-covered' ? keptBack(notRun.detail) : NOT_RUN_REASON[notRun.reason];
}

/** How a phase's reason not to run reads as a reason not to have seen a status. */
const NOT_RUN_REASON: Record<NotRun['reason'], NotSeenReason> = {
  'not-applicable': 'not-applicable',
  // The only not-covered rule is the safety rule (runner/context.ts coverage, phases/methods.ts guard).
  'not-covered': 'safety-rule',
  'no-credential': 'no-credential',
  'nothing-to-generate': 'nothing-to-send',
  'not-served': 'not-served',
  stopped: 'stopped',
};

/**
 * The scorecard of a run: `contract` gives the documented statuses, `operations` (the report's) what was
 * answered and which phases ran. Pure and deterministic: the same report gives the same scorecard.
 */
export function scorecardOf(contract: Operation[], operations: OperationReport[]): Scorecard {
  const byId = new Map(contract.map((op) => [op.operationId, op]));
  const rows = operations.flatMap((report) => {
    const op = byId.get(report.operationId);
    return op ? [scorecardOperation(op, report)] : [];
  });
  return { operations: rows, totals: totalsOf(rows) };
}

function scorecardOperation(op: Operation, report: OperationReport): ScorecardOperation {
  // Hand-made contracts (tests) may leave responses out; a loaded one always has them.
  const responses = op.responses ?? {};
  const seen = new Map<string, number>();
  const undocumented: ScorecardOperation['undocumented'] = [];
  for (const [status, n] of Object.entries(report.statuses)) {
    if (!ANSWER.test(status) || n <= 0) continue;
    const key = documentedResponse({ ...op, responses }, Number(status))?.status;
    if (key === undefined) undocumented.push({ status, seen: n });
    else seen.set(key, (seen.get(key) ?? 0) + n);
  }
  const documented = Object.keys(responses)
    .sort((a, b) => rank(a) - rank(b))
    .map((status): DocumentedStatus => {
      const n = seen.get(status) ?? 0;
      return {
        status,
        seen: n,
        ...(n === 0 ? { notSeen: notSeen(status, report) } : {}),
        ...(responses[status]!.assumed ? { assumed: true as const } : {}),
      };
    });
  return {
    operationId: op.operationId,
    tag: op.tag,
    documented,
    undocumented: undocumented.sort((a, b) => Number(a.status) - Number(b.status)),
    reached2xx: report.reached2xx,
    ...(report.reached2xx ? {} : { noSuccess: notSeen('2XX', report, 'a 2xx') }),
  };
}

/** Sort key of a response key: the code, a range just after its family's codes, `default` last. */
function rank(status: string): number {
  if (/^\d{3}$/.test(status)) return Number(status);
  if (/^\dXX$/.test(status)) return Number(status[0]) * 100 + 99.5;
  return 1000;
}

/**
 * Why `status` was not seen on the operation of `report`, decided in this order:
 * 1. no phase ran: the operation's own reason (excluded, not served, safety rule, …), as buildReport picks it;
 * 2. a success status on an operation kept to probes by the safety rule: `safety-rule`;
 * 3. no phase aims at the status: `not-provoked`;
 * 4. a phase aiming at it ran: `answered-otherwise`, with what the operation was answered;
 * 5. else why the aiming phases did not run: a reason another run could remove (no credential, safety rule,
 *    stopped, not served) if one of them has it, since giving the key would provoke the status; otherwise
 *    the most direct phase's (for 400: negative's "nothing to send", not headers' "not applicable").
 */
function notSeen(status: string, report: OperationReport, label = status): NotSeen {
  const phases = Object.entries(report.phases) as Array<[Phase, NonNullable<OperationReport['phases'][Phase]>]>;
  if (!phases.some(([, p]) => !p.notRun)) return operationReason(report, phases.map(([, p]) => p.notRun!));
  if (isSuccess(status)) {
    const probed = ['examples', 'positive'].map((p) => report.phases[p as Phase]?.notRun).find((n) => n?.reason === 'not-covered');
    if (probed) return { reason: keptBack(probed.detail), detail: probed.detail };
  }
  const aims = aimedBy(status);
  if (!aims.length) return { reason: 'not-provoked', detail: `no request of the run aims at ${label}; ${answers(report)}` };
  const aiming = aims.flatMap((p) => (report.phases[p] ? [[p, report.phases[p]!] as const] : []));
  const ran = aiming.filter(([, p]) => !p.notRun).map(([name]) => name);
  if (ran.length) {
    const valid = report.valid;
    const refused = isSuccess(status) && valid && valid.sent > 0 && valid.accepted === 0;
    const lead = refused ? `every valid request refused (${valid.sent} sent)` : `sent by ${ran.join(', ')}`;
    return { reason: 'answered-otherwise', detail: `${lead}; ${answers(report)}` };
  }
  const why = (aiming.find(([, p]) => REMOVABLE.includes(p.notRun!.reason)) ?? aiming[0])?.[1].notRun;
  if (!why) return { reason: 'not-provoked', detail: `no phase that aims at ${label} is in the report; ${answers(report)}` };
  return { reason: reasonOf(why), detail: why.detail };
}

/** The reason of an operation no phase of which ran: the first phase reason that is not "nothing to generate". */
function operationReason(report: OperationReport, reasons: NotRun[]): NotSeen {
  const why = reasons.find((n) => n.reason !== 'nothing-to-generate') ?? reasons[0];
  if (why) return { reason: reasonOf(why), detail: why.detail };
  return { reason: 'excluded', detail: report.detail ?? 'not selected (--include, --exclude or --shard)' };
}

/** Answers listed in a detail, at most. */
const ANSWERS_LISTED = 4;

/** `answered 404 × 12, 400 × 3`: the operation's most frequent answers, or that it got none. */
function answers(report: OperationReport): string {
  const top = Object.entries(report.statuses)
    .filter(([s, n]) => ANSWER.test(s) && n > 0)
    .sort(([a, m], [b, n]) => n - m || Number(a) - Number(b));
  if (!top.length) return 'no answer';
  const more = top.length > ANSWERS_LISTED ? ', …' : '';
  return `answered ${top.slice(0, ANSWERS_LISTED).map(([s, n]) => `${s} × ${n}`).join(', ')}${more}`;
}

function totalsOf(rows: ScorecardOperation[]): ScorecardTotals {
  const pairs = rows.flatMap((r) => r.documented);
  const notSeen: ScorecardTotals['notSeen'] = {};
  for (const reason of NOT_SEEN_REASONS) {
    const n = pairs.filter((p) => p.notSeen?.reason === reason).length;
    if (n) notSeen[reason] = n;
  }
  return {
    documented: pairs.length,
    seen: pairs.filter((p) => p.seen > 0).length,
    notSeen,
    undocumented: rows.reduce((n, r) => n + r.undocumented.length, 0),
    withoutSuccess: rows.filter(selectedWithoutSuccess).length,
  };
}

/**
 * The report's scorecard when it has something to say: absent from merged and older reports, and empty for
 * a contract that documents no status (then every answer would be "undocumented", which says nothing).
 */
export function scorecardIn(report: { scorecard?: Scorecard }): Scorecard | undefined {
  return report.scorecard && report.scorecard.totals.documented > 0 ? report.scorecard : undefined;
}

/** A reason as a reader reads it. */
export const REASON_TEXT: Record<NotSeenReason, string> = {
  'answered-otherwise': 'answered otherwise',
  'not-provoked': 'not provoked',
  'safety-rule': 'safety rule',
  'no-fixture': 'no fixture',
  'no-credential': 'no credential',
  'not-applicable': 'not applicable',
  'nothing-to-send': 'nothing to send',
  'not-served': 'not served',
  stopped: 'stopped',
  excluded: 'excluded',
};

/** `Response coverage: 412/590 documented statuses seen; not seen: 120 not provoked, …; 3 undocumented statuses seen`. */
export function scorecardLine(totals: ScorecardTotals): string {
  const notSeen = NOT_SEEN_REASONS.filter((r) => totals.notSeen[r]).map((r) => `${totals.notSeen[r]} ${REASON_TEXT[r]}`);
  return (
    `Response coverage: ${totals.seen}/${totals.documented} documented statuses seen` +
    (notSeen.length ? `; not seen: ${notSeen.join(', ')}` : '') +
    `; ${totals.undocumented} undocumented status${totals.undocumented === 1 ? '' : 'es'} seen`
  );
}

/**
 * An operation the run was to exercise that never reached a 2xx. The operations not selected (--include,
 * --exclude, --shard) are left out: the run did not try them, and the totals count their statuses already.
 */
function selectedWithoutSuccess(o: ScorecardOperation): o is ScorecardOperation & { noSuccess: NotSeen } {
  return !!o.noSuccess && o.noSuccess.reason !== 'excluded';
}

/** The selected operations that never reached a 2xx, the most telling reason first (NOT_SEEN_REASONS), else in report order. */
export function withoutSuccess(scorecard: Scorecard): Array<ScorecardOperation & { noSuccess: NotSeen }> {
  return scorecard.operations
    .filter(selectedWithoutSuccess)
    .map((o, i) => ({ o, i }))
    .sort((a, b) => NOT_SEEN_REASONS.indexOf(a.o.noSuccess.reason) - NOT_SEEN_REASONS.indexOf(b.o.noSuccess.reason) || a.i - b.i)
    .map(({ o }) => o);
}
