import { forOperations, isObject, refuseBeforeHandler } from './refuse-before-handler.ts';
import type { Fault } from './types.ts';

/**
 * A body that sets `action: "rate_limit"` carries the limit and its window itself (a Zod `superRefine` on the
 * body alone, which cannot see the stored rule): on createRule, updateRule, createOrgRule and updateOrgRule, a
 * body with `action: "rate_limit"` and no `rateLimit` or no `rateLimitWindow` (absent or null) answers 400 flat
 * `rateLimit and rateLimitWindow are required when action is rate_limit`.
 *
 * The correct server refuses the creates anyway (400 envelope "Rate limit rules require a rate limit and
 * window"); on the updates it accepts the action alone when the stored rule already has both, which this
 * refuses. A body without `action` is not checked, nor are the values (the route validates them).
 */
export const RATE_LIMIT_PAIR_MESSAGE = 'rateLimit and rateLimitWindow are required when action is rate_limit';

const present = (value: unknown) => value !== undefined && value !== null;

const RULE_OPERATIONS = ['createRule', 'updateRule', 'createOrgRule', 'updateOrgRule'];

/** The operations the fault checks, for tests. */
export const RATE_LIMIT_PAIR_OPERATIONS: readonly string[] = RULE_OPERATIONS;

export const strictRateLimitPair = {
  id: 'strict-rate-limit-pair',
  description:
    'A rule create or update (project and organization) with action "rate_limit" but without both rateLimit and ' +
    'rateLimitWindow in the body answers 400 flat "rateLimit and rateLimitWindow are required when action is rate_limit".',
  wrap: refuseBeforeHandler(
    forOperations(RULE_OPERATIONS, (body) => {
      if (!isObject(body) || body['action'] !== 'rate_limit') return undefined;
      return present(body['rateLimit']) && present(body['rateLimitWindow']) ? undefined : RATE_LIMIT_PAIR_MESSAGE;
    }),
  ),
} as const satisfies Fault;
