/** Wraps a handler with the named faults, in the order given. */
import type { Handler } from '../http.ts';
import { faults } from './index.ts';
import { expandFaults } from './sets.ts';
import type { FaultContext } from './types.ts';

/** `ids` are fault ids or set names (sets.ts). Throws on an unknown name, naming the known faults and sets. */
export function applyFaults(handler: Handler, ids: readonly string[], app: FaultContext): Handler {
  return expandFaults(ids).reduce((inner, id) => faults.find((f) => f.id === id)!.wrap(inner, app), handler);
}
