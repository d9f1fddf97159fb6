import type { JsonSchema, Operation } from '../contract/types';
import { fnv1a } from './fnv';
import { MADE_BY_CONNECT, SLOTS } from './owned-slots';
import { OWN_KEYS } from './own-keys';
import { RESTORE } from './restore';
import { deleteOf, pathParamsOf, sourceOf } from './resources';

/**
 * Whether sending `operation` to a server the run does not own could change state the run did not create.
 * Safe methods never do. A create is safe when the contract lets the run delete what it made. Any other
 * unsafe call is safe only when what it acts on is the run's: the resource its last path parameter names is
 * one the run creates first; the key it rotates is one of a project the run created (own-keys.ts, unless
 * the run would have to give that resource away); the settings it writes are read first, put back and read
 * back (restore.ts); the provider whose configuration or connections it writes held none before the run,
 * and the connection it names is one the run made (owned-slots.ts). Everything else (exports, provisioning
 * users, approval decisions, detaching the organization) is refused against external targets; the reason is
 * returned.
 */
export function foreignStateChange(operations: Operation[], operation: Operation): string | undefined {
  if (operation.method === 'GET') return undefined;
  const id = operation.operationId;
  if ((OWN_KEYS[id] && !OWN_KEYS[id].givesAway) || RESTORE[id] || SLOTS[id] || MADE_BY_CONNECT[id]) return undefined;
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

/**
 * How an operation that changes state beyond what the run creates still acts only on what the run owns on a
 * target it does not own (for `--plan` to say), or undefined when it needs no such care or is refused.
 */
export function ownership(operation: Operation): string | undefined {
  const id = operation.operationId;
  const restore = RESTORE[id];
  if (restore) return `reads ${restore.read} first, puts it back with ${restore.call} at the end and reads it back`;
  const slot = SLOTS[id];
  if (slot) {
    const what = { config: 'configuration', connections: 'connections', permissions: 'tool permissions' }[slot.kind];
    return `{provider}: only providers without ${what} of the caller's before the run (${slot.read}); what the run made there is deleted with ${slot.undo}`;
  }
  const made = MADE_BY_CONNECT[id];
  if (made) return `{${made.param}}: only connections the run made with ${made.connect} on such a provider`;
  const own = OWN_KEYS[id];
  if (own && !own.givesAway) return `sent with a key of the run's own, from the ${own.field} of a resource made by ${own.producer}`;
  return undefined;
}
