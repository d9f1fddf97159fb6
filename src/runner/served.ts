import { ANSWERS_BEFORE_JUDGING, NOT_SERVED_STATUSES, unknownRouteBody } from '../checks/operation-served';
import type { CaseInfo } from '../checks/types';
import type { Operation } from '../contract/types';
import type { Exchange } from '../http/types';

type Answer = { status: number; authenticated: boolean };

/** What the tracker makes of an operation after an answer. */
export type ServedState =
  /** It answered something else once: it is served. */
  | { state: 'served' }
  /** Not enough alike answers yet. */
  | { state: 'undecided' }
  /**
   * Every answer so far alike, enough of them to judge: `confirm` asks for one request without the key (a
   * served route refuses it with 401 before anything else) when the status alone does not settle it.
   */
  | { state: 'suspect'; confirm: boolean };

/** Statuses that say nothing about whether a route is there (the key, the rate). */
const NEUTRAL = new Set([401, 403, 429]);

/**
 * Watches each operation's answers for the sign of a route the target does not have: every request answered
 * alike with 404, 405, 410 or 501 (checks/operation-served.ts judges it). One per run context; an operation
 * judged not served is sent nothing more (run-phase.ts asks `notServed`).
 */
export class ServedTracker {
  private readonly answers = new Map<string, Answer[]>();
  private readonly served = new Set<string>();
  private readonly gone = new Map<string, number>();

  /**
   * Records an answer; `authenticated`: the request carried the operation's key; `namesSomething`: its path
   * names only what exists (or has no parameter): a 404 or 405 to a path that names nothing says nothing of
   * the route, unless its body names the route as unknown; a 410 or 501 does.
   */
  observe(operation: Operation, exchange: Exchange, authenticated: boolean, namesSomething = true): ServedState {
    const id = operation.operationId;
    if (this.served.has(id)) return { state: 'served' };
    const status = exchange.response.status;
    if (NEUTRAL.has(status) && authenticated) return { state: 'undecided' };
    // Only read the body when the path cannot tell (the common answers never get here).
    if (!namesSomething && (status === 404 || status === 405) && !unknownRouteBody(exchange.response.json, exchange.response.bodyText)) {
      return { state: 'undecided' };
    }
    const answers = this.answers.get(id) ?? [];
    if (!NOT_SERVED_STATUSES.includes(status) || (answers[0] && answers[0].status !== status)) {
      // Without the key a served route answers 401: that alone says nothing either way.
      if (authenticated || status !== 401 || !operation.authenticated) {
        this.served.add(id);
        this.answers.delete(id);
        return { state: 'served' };
      }
      return { state: 'undecided' };
    }
    answers.push({ status, authenticated });
    this.answers.set(id, answers);
    const withKey = answers.filter((a) => a.authenticated).length;
    if (operation.authenticated && withKey < ANSWERS_BEFORE_JUDGING) return { state: 'undecided' };
    if (!operation.authenticated && answers.length < ANSWERS_BEFORE_JUDGING) return { state: 'undecided' };
    const settled = status === 410 || status === 501 || !operation.authenticated || answers.some((a) => !a.authenticated);
    return { state: 'suspect', confirm: !settled };
  }

  /** The case the operation-served check judges: every answer recorded so far. */
  caseOf(operation: Operation, extra: Pick<Extract<CaseInfo, { kind: 'served' }>, 'hint' | 'severity'> = {}): CaseInfo {
    return { kind: 'served', answers: [...(this.answers.get(operation.operationId) ?? [])], ...extra };
  }

  /** Marks the operation not served: the check failed on it. */
  markGone(operation: Operation, status: number): void {
    this.gone.set(operation.operationId, status);
  }

  /** Marks it served: the check passed on the case (e.g. the request without a key got 401). */
  markServed(operation: Operation): void {
    this.served.add(operation.operationId);
    this.answers.delete(operation.operationId);
  }

  /** The status it was judged not served on, if it was. */
  notServed(operation: Operation): number | undefined {
    return this.gone.get(operation.operationId);
  }
}
