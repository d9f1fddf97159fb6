/**
 * Named sets of faults: a set name goes wherever a fault id does (`createApp({faults})`,
 * `startReferenceServer({faults})`, `npm run serve -- --fault`) and stands for its faults, in order.
 */
import { faultIds, type FaultId } from './index.ts';

export const FAULT_SETS = {
  /**
   * A server that refuses, with route-level validation (400 flat), requests the docs allow, by rules real
   * OneCLI servers apply and the docs do not state; everything else it answers as documented.
   */
  'strict-but-correct': [
    'strict-trim',
    'strict-utf16-length',
    'strict-empty-as-missing',
    'strict-at-least-one-field',
    'strict-rate-limit-pair',
    'strict-host-pattern',
    'strict-provider-not-available',
  ],
} as const satisfies Record<string, readonly FaultId[]>;

export type FaultSetName = keyof typeof FAULT_SETS;

export const faultSetNames: readonly FaultSetName[] = Object.keys(FAULT_SETS) as FaultSetName[];

function isFaultSetName(name: string): name is FaultSetName {
  return Object.hasOwn(FAULT_SETS, name);
}

function isFaultId(id: string): id is FaultId {
  return (faultIds as readonly string[]).includes(id);
}

/** The error for a name that is neither a fault id nor a set name; it lists both. */
export function unknownFaultMessage(name: string): string {
  return `Unknown fault "${name}"; known faults: ${faultIds.join(', ')}; fault sets: ${faultSetNames.join(', ')}`;
}

/** Fault ids and set names → fault ids, each set replaced by its faults, duplicates dropped (first kept). Throws on an unknown name. */
export function expandFaults(names: readonly string[]): FaultId[] {
  const out: FaultId[] = [];
  for (const name of names) {
    const ids: readonly string[] = isFaultSetName(name) ? FAULT_SETS[name] : [name];
    for (const id of ids) {
      if (!isFaultId(id)) throw new Error(unknownFaultMessage(id));
      if (!out.includes(id)) out.push(id);
    }
  }
  return out;
}
