/** A deliberate deviation from the contract, used to prove the suite's checks catch it. */
import type { Handler } from '../http.ts';
import type { SeedKeys, Store } from '../store/index.ts';

/** What a fault may read of the app it is applied to (the store, the seed keys). */
export interface FaultContext {
  readonly store: Store;
  readonly keys: SeedKeys;
}

export interface Fault {
  /** Kebab-case id, equal to the file name. */
  readonly id: string;
  /** The one behaviour it changes. */
  readonly description: string;
  /** Wraps the correct handler; the result answers like it except for that one behaviour. */
  wrap(next: Handler, app: FaultContext): Handler;
}
