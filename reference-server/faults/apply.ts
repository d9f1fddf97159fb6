/** Wraps a handler with the named faults, in the order given. */
import type { Handler } from '../http.ts';
import { faultIds, faults } from './index.ts';
import type { FaultContext } from './types.ts';

/** Throws on an unknown fault id, naming the known ones. */
export function applyFaults(handler: Handler, ids: readonly string[], app: FaultContext): Handler {
  return ids.reduce((inner, id) => {
    const fault = faults.find((f) => f.id === id);
    if (!fault) throw new Error(`Unknown fault "${id}"; known faults: ${faultIds.join(', ')}`);
    return fault.wrap(inner, app);
  }, handler);
}
