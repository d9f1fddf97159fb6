import { inject } from 'vitest';
import type { Edition } from '../../src/contract/types';
import type { Credentials } from '../../src/runner/credentials';
import type { Target } from '../../src/runner/embedded';
import type { RunConfig } from '../../src/config/types';

/** What the global setup hands every spec file: where to send requests and with which keys. */
export interface TargetInfo {
  baseUrl: string;
  credentials: Credentials;
  /** True when the run targets the embedded reference server. */
  embedded: boolean;
  /** The embedded companion server for the operations the run's edition does not serve. */
  companion?: Target;
}

declare module 'vitest' {
  export interface ProvidedContext {
    target: TargetInfo;
    /** The whole run's settings, when the CLI (or runConformance) started vitest. */
    settings: SpecSettings;
  }
}

export interface SpecSettings extends TargetInfo {
  contractPath: string;
  seed: number;
  examples: number;
  edition: Edition;
  include: string[];
  exclude: string[];
  checkIds?: string[];
  excludeCheckIds: string[];
  maxResponseTimeMs?: number;
  /** Warnings fail tests too. */
  strict: boolean;
  /** Only GET is sent. */
  readOnly: boolean;
  /** operationIds an external target gets although they change state the run did not create. */
  allowDestructive: string[];
  /** The journal of what the run creates on an external target. */
  journalPath?: string;
  /** `--gateway-target`: where the gateway-served operations of an external target are sent. */
  gateway?: string;
  /**
   * The docs' general errors are assumed where the contract lists none (off with `--no-general-errors`);
   * loadContract reads the same variable.
   */
  generalErrors: boolean;
  /** Requests in flight at most (`--concurrency`). */
  concurrency?: number;
  /** Milliseconds a request may wait for its answer (`--timeout`). */
  timeoutMs?: number;
  /** Requests per second at most, per target (`--rate`). */
  rate?: number;
  /** Milliseconds the run may take before it stops sending (`--max-duration`). */
  maxDurationMs?: number;
  /** The config file's per-operation overrides (skip, examples, checks, timeout), fixtures and extra statuses. */
  config?: RunConfig;
}

/**
 * Settings of this run: as one object when the CLI started vitest; run directly with vitest, the target
 * from the global setup and the rest from the environment.
 */
export function specSettings(): SpecSettings {
  const given = inject('settings');
  if (given) return given;
  const env = process.env;
  const number = (v: string | undefined) => (v ? Number(v) : undefined);
  const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
  const target = inject('target');
  return {
    ...target,
    contractPath: env.ONECLI_CONFORMANCE_CONTRACT ?? 'openapi.yaml',
    seed: Number(env.ONECLI_CONFORMANCE_SEED ?? 0),
    examples: Number(env.ONECLI_CONFORMANCE_EXAMPLES ?? 50),
    edition: (env.ONECLI_CONFORMANCE_EDITION as Edition) ?? 'cloud',
    include: list(env.ONECLI_CONFORMANCE_INCLUDE),
    exclude: list(env.ONECLI_CONFORMANCE_EXCLUDE),
    checkIds: env.ONECLI_CONFORMANCE_CHECKS ? list(env.ONECLI_CONFORMANCE_CHECKS) : undefined,
    excludeCheckIds: list(env.ONECLI_CONFORMANCE_EXCLUDE_CHECKS),
    strict: env.ONECLI_CONFORMANCE_STRICT === '1',
    readOnly: env.ONECLI_CONFORMANCE_READ_ONLY === '1',
    allowDestructive: list(env.ONECLI_CONFORMANCE_ALLOW_DESTRUCTIVE),
    journalPath: env.ONECLI_CONFORMANCE_JOURNAL || undefined,
    // The embedded reference server serves every operation at its own base URL.
    gateway: target.embedded ? undefined : env.ONECLI_GATEWAY_URL || undefined,
    generalErrors: !['1', 'true'].includes(env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS ?? ''),
    maxResponseTimeMs: number(env.ONECLI_CONFORMANCE_MAX_RESPONSE_TIME),
    concurrency: number(env.ONECLI_CONFORMANCE_CONCURRENCY),
    timeoutMs: number(env.ONECLI_CONFORMANCE_TIMEOUT),
    rate: number(env.ONECLI_CONFORMANCE_RATE),
    maxDurationMs: number(env.ONECLI_CONFORMANCE_MAX_DURATION) === undefined ? undefined : Number(env.ONECLI_CONFORMANCE_MAX_DURATION) * 1000,
  };
}
