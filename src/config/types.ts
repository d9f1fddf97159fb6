import type { Edition } from '../contract/types';

/*
 * The config file's shape (onecli-conformance.config.json or .ts; the JSON Schema is config.schema.json,
 * which the loader validates against). Every option key is the camelCase form of the CLI flag.
 */

/** Values by parameter or body field name (`provider`), or by JSON pointer (`/path/agentId`, `/body/config/url`). */
export type FixtureValues = Record<string, unknown>;

/** Statuses a deployment documents beyond the contract: exact (`429`) or ranges (`5XX`). */
export interface StatusCodes {
  extra: string[];
}

/** What the config file may say about one operation (keyed by operationId). */
export interface OperationOverride {
  /** Generated requests per phase for this operation. */
  examples?: number;
  /** Of the run's checks, only these judge this operation. */
  checks?: string[];
  /** These checks do not judge this operation. */
  excludeChecks?: string[];
  /** Milliseconds this operation's own requests may wait for their answer. */
  timeout?: number;
  /** Do not run the operation: it is reported not run with this reason. */
  skip?: string;
  fixtures?: FixtureValues;
  statusCodes?: StatusCodes;
}

export interface ConformanceConfig {
  $schema?: string;
  target?: string;
  gatewayTarget?: string;
  /** Discouraged in a file: prefer ONECLI_API_KEY in the environment or .env. */
  apiKey?: string;
  /** Discouraged in a file: prefer ONECLI_ORG_API_KEY. */
  orgKey?: string;
  projectId?: string;
  /** Discouraged in a file: prefer ONECLI_PARTNER_API_KEY. */
  partnerKey?: string;
  /** Discouraged in a file: prefer ONECLI_ORG_MEMBER_API_KEY. */
  memberKey?: string;
  seed?: number;
  examples?: number;
  include?: string[];
  exclude?: string[];
  edition?: Edition;
  checks?: string[];
  excludeChecks?: string[];
  strict?: boolean;
  maxResponseTime?: number;
  contract?: string;
  noGeneralErrors?: boolean;
  reportDir?: string;
  /** Formats written into reportDir (`--report`). */
  report?: string[];
  baseline?: string;
  shard?: string;
  plan?: boolean;
  readOnly?: boolean;
  allowDestructive?: string[];
  concurrency?: number;
  timeout?: number;
  rate?: number;
  maxDuration?: number;
  fixtures?: FixtureValues;
  statusCodes?: StatusCodes;
  operations?: Record<string, OperationOverride>;
}

/** What a run takes from the config file beyond the CLI options: the per-operation parts. */
export interface RunConfig {
  /** The config file, as named in messages (relative to the working directory). */
  file?: string;
  /** Overrides per operationId. */
  operations?: Record<string, OperationOverride>;
  /** Fixtures for every operation. */
  fixtures?: FixtureValues;
  /** Statuses accepted for every operation. */
  extraStatuses?: string[];
}

/** Types a config file (`export default defineConfig({ … })` in onecli-conformance.config.ts); returns it as is. */
export function defineConfig(config: ConformanceConfig): ConformanceConfig {
  return config;
}
