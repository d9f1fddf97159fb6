import type { Operation } from '../contract/types';

/**
 * Which operations the engine exercises so far. The rest are reported as not covered (never as passed)
 * until the engine can run them safely: they need resources created first, or they change state the run
 * did not create (regenerating keys, exporting data).
 */
const COVERED_TAGS = new Set(['Agents']);
const COVERED_OPERATIONS = new Set(['getHealth']);

export function isCovered(operation: Operation): true | string {
  if (COVERED_TAGS.has(operation.tag) || COVERED_OPERATIONS.has(operation.operationId)) return true;
  return `the ${operation.tag} tag is not exercised by this version of the suite yet`;
}
