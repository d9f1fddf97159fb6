import type fc from 'fast-check';
import type { RequestCase } from '../../generators/requests/types';
import type { Check } from '../checks/types';
import type { SchemaCompiler } from '../contract/compile';
import type { Contract } from '../contract/load';
import type { Edition, Operation } from '../contract/types';
import type { HttpClient } from '../http/client';
import type { Redactor } from '../http/redact';
import type { Ledger, LedgerScope } from './cleanup';
import type { Credentials } from './credentials';
import type { Learner } from './learn';
import type { ServedTracker } from './served';
import type { RunConfig } from '../config/types';

/*
 * Two of the three parts of a RunContext (runner/context.ts), in a file of their own that imports neither the
 * context nor the binder: the binder (stateful/bindings.ts) works with these parts, and the context holds
 * the binder, so that the stateful layer does not import the runner's context.
 */

/** The run's plain settings, as given (`--seed`, `--examples`…): values, no behaviour. */
export interface RunOptions {
  baseUrl: string;
  credentials: Credentials;
  seed: number;
  examples: number;
  edition: Edition;
  /** True when the target is the embedded reference server, which the run owns. */
  embedded: boolean;
  /** Only GET is sent: other methods' phases, and the methods phase, do not run; nothing is created. */
  readOnly: boolean;
  /** operationIds an external target gets although they change state the run did not create. */
  allowDestructive: string[];
  checks: Check[];
  /** Threshold of the opt-in max-response-time check. */
  maxResponseTimeMs?: number;
  /**
   * The config file's per-operation overrides, fixtures and extra statuses (src/config/types.ts). The binder
   * reads fixtures through src/config/fixtures.ts (fixtureFor) before anything it would create or harvest.
   */
  config?: RunConfig;
}

/** What a phase works with, built once per run (per worker; the ledger scope per lane). The binder is the context's own (it needs these). */
export interface RunServices {
  contract: Contract;
  compiler: SchemaCompiler;
  client: HttpClient;
  redactor: Redactor;
  /** Where this context records what it creates: the run's scope, or a lane's (lane()). */
  ledger: LedgerScope;
  /** The run's ledger (every scope), which cleanups drain. */
  runLedger: Ledger;
  /** Which operations the target does not serve (every request answered alike 404, 405, 410 or 501). */
  served: ServedTracker;
  /**
   * What the target's 400 flat refusals of valid requests taught of its unstated rules (runner/learn.ts):
   * the fields they name are next drawn from tamer sources. It never changes what counts as valid.
   */
  learner: Learner;
  /** The invalid-request arbitrary of an operation (built once), or null when nothing can be broken. */
  invalidArbitrary: (operation: Operation) => fc.Arbitrary<RequestCase> | null;
}
