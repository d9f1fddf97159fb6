import { forOperations, isObject, refuseBeforeHandler } from './refuse-before-handler.ts';
import type { Fault } from './types.ts';

/**
 * A PATCH body must set something (a Zod `.refine(o => Object.keys(o).length > 0)`): `{}`, which the docs allow
 * on every PATCH whose body has no required property, answers 400 flat `At least one field must be provided`.
 *
 * The operations: updateSecret, updateRule, updateProject, updateOrgSecret, updateOrgRule, updatePartnerSecret
 * (every PATCH of the contract whose body schema requires nothing). The correct server answers `{}` with the
 * 400 envelope "No fields to update" on the first three and with 200 (nothing changed) on the other three.
 * Only the empty object is refused; a body with any property, known or not, goes on.
 */
const EMPTY_PATCH_OPERATIONS = ['updateSecret', 'updateRule', 'updateProject', 'updateOrgSecret', 'updateOrgRule', 'updatePartnerSecret'];

export const AT_LEAST_ONE_FIELD_MESSAGE = 'At least one field must be provided';

/** The operations the fault checks, for tests. */
export const AT_LEAST_ONE_FIELD_OPERATIONS: readonly string[] = EMPTY_PATCH_OPERATIONS;

export const strictAtLeastOneField = {
  id: 'strict-at-least-one-field',
  description:
    'A PATCH body with no property ({}) answers 400 flat "At least one field must be provided" on the six updates whose ' +
    'documented body requires nothing (secrets, rules, projects, organization secrets and rules, partner secrets).',
  wrap: refuseBeforeHandler(
    forOperations(EMPTY_PATCH_OPERATIONS, (body) =>
      isObject(body) && Object.keys(body).length === 0 ? AT_LEAST_ONE_FIELD_MESSAGE : undefined,
    ),
  ),
} as const satisfies Fault;
