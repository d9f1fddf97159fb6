import type { Operation } from '../contract/types';
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

