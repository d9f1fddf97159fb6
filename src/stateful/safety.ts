import type { JsonSchema, Operation } from '../contract/types';
import { fnv1a } from './fnv';
import { deleteOf, pathParamsOf, sourceOf } from './resources';

/**
 * Whether sending `operation` to a server the run does not own could change state the run did not create.
 * Safe methods never do. A create is safe when the contract lets the run delete what it made. Any other
 * unsafe call is safe only when the resource it acts on (its last path parameter) is one the run creates
 * first. Everything else (regenerating the caller's key, settings, a provider's configuration, exports) is
 * refused against external targets; the reason is returned.
 */
/** Calls that change state beyond the resource they name (the project's default agent). */
const PROJECT_WIDE = new Set(['setDefaultAgent']);

export function foreignStateChange(operations: Operation[], operation: Operation): string | undefined {
  if (operation.method === 'GET') return undefined;
  if (PROJECT_WIDE.has(operation.operationId)) return `${operation.operationId} changes project-wide state`;
  const params = pathParamsOf(operation);
  const last = params.at(-1);
  if (operation.method === 'POST') {
    if (deleteOf(operations, operation)) return undefined;
  }
  if (last && sourceOf(operations, operation, last)?.kind === 'create') return undefined;
  return `${operation.method} ${operation.path} would change state the run did not create`;
}


/** The prefix of path values that name nothing: no OneCLI id (UUIDs) or catalogue entry starts with it. */
export const PROBE_PREFIX = 'occ-none-';

/**
 * A path value for a probe: `occ-none-` and a hash of the generated value (the same case gives the same
 * path), so that the request names no resource of the server whatever the generated value was.
 */
export function probeValue(generated: unknown): string {
  return `${PROBE_PREFIX}${fnv1a(String(generated)).toString(16).padStart(8, '0')}`;
}

/**
 * Whether a kept-back operation can be probed: it has path parameters, and each accepts a probe value (a
 * parameter with a pattern or format that refuses `occ-none-…` cannot be given one).
 */
export function probeable(operation: Operation, validate: (schema: JsonSchema, value: unknown) => boolean): boolean {
  const params = operation.parameters.filter((p) => p.in === 'path');
  return params.length > 0 && params.every((p) => validate(p.schema, probeValue('')));
}
