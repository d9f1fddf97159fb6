import type fc from 'fast-check';
import { invalidRequest } from '../../generators/requests/operation-request';
import type { RequestCase } from '../../generators/requests/types';
import { checks as allChecks } from '../checks/index';
import { SchemaCompiler } from '../contract/compile';
import type { Contract } from '../contract/load';
import type { Edition, JsonSchema, Operation } from '../contract/types';
import { HttpClient } from '../http/client';
import { Redactor } from '../http/redact';
import { countBuilt } from '../built';
import { Ledger, RUN_SCOPE } from './cleanup';
import { Limiter } from '../http/limiter';
import { Journal } from './journal';
import type { Target } from './embedded';
import { type Credentials, secretsOf } from './credentials';
import { Binder } from '../stateful/bindings';
import { foreignStateChange, probeable } from '../stateful/safety';
import { Learner } from './learn';
import { ServedTracker } from './served';
import type { RunOptions, RunServices } from './context-parts';
import { handedOver, NO_FIXTURE } from '../config/fixtures';
import { pathParamsOf } from '../stateful/resources';

/**
 * Everything a phase needs, built once per run (per worker): the run's plain settings, its services (and the
 * binder, which works with those two), and its policy towards the target.
 */
export interface RunContext extends RunOptions, RunServices, TargetPolicy {
  binder: Binder;
}

/** What the run may do to this target, where each operation goes, and whether the run goes on. */
export interface TargetPolicy {
  /** True, or the reason the engine does not exercise the operation against this target. */
  coverage: (operation: Operation) => true | string;
  /**
   * An operation coverage() keeps from this target that is still sent as a probe: only with path values
   * that name nothing (stateful/safety.ts probeValue), so that it can only be refused (404, 400, 401), in the
   * phases that do not bind paths (PlannedPhase.probes, runner/phases/).
   */
  probeOnly: (operation: Operation) => boolean;
  /** The context of the embedded companion server (its own client, keys, ledger), when the run has one. */
  companion?: RunContext;
  /**
   * The context of the target's gateway (`--gateway-target`: its base URL, its own client and ledger, the
   * same keys and edition), when the run has one.
   */
  gateway?: RunContext;
  /**
   * The context an operation is run in: the gateway's for a gateway-served operation when the run has a
   * gateway target, the companion's for an operation only the companion's edition serves, else this one.
   */
  forOperation: (operation: Operation) => RunContext;
  /**
   * The context of one lane of the run (a tag's operations, run in order): the same services, but what its
   * phases create is recorded under the lane's scope, so that the lane's cleanup deletes it while other
   * lanes go on. The binder's parents stay in the run's scope, shared by every lane.
   */
  lane: (name: string) => RunContext;
  /** Why the run stopped sending (--max-duration, a target gone), once it has; phases stop between windows. */
  stopped: () => string | undefined;
  /** Stops the run: no phase starts, and phases under way stop after their current window. */
  stop: (reason: string) => void;
  /**
   * A client of this target whose requests may wait `timeoutMs` for their answer (a config file's per-operation
   * `timeout`), made once per value, sharing the run's limiter; `clients()` lists them with the context's own.
   */
  clientWithTimeout: (timeoutMs: number) => HttpClient;
  clients: () => HttpClient[];
}

/** What a run is given: the plain settings a context keeps (RunOptions), and how to build its services. */
export interface RunSettings
  extends Pick<RunOptions, 'baseUrl' | 'credentials' | 'seed' | 'examples' | 'edition' | 'embedded' | 'maxResponseTimeMs' | 'config'>,
    Partial<Pick<RunOptions, 'readOnly' | 'allowDestructive'>> {
  /** Check ids to run; all when absent. */
  checkIds?: string[];
  /** Check ids never to run. */
  excludeCheckIds?: string[];
  /**
   * A second embedded server, of another edition, for the operations `edition` does not serve (embedded
   * runs without an explicit --edition; see runner/embedded.ts).
   */
  companion?: Target;
  /**
   * `--gateway-target`: the base URL of the target's gateway, which serves the gateway-served operations
   * (`servedBy: 'gateway'`, the approval routes) of a self-hosted OneCLI; the same keys are used there.
   */
  gateway?: string;
  /** External targets: the journal file of what the run creates (see runner/journal.ts). */
  journalPath?: string;
  /** Requests in flight at most, across every target of the run (`--concurrency`). Default 16. */
  concurrency?: number;
  /** Milliseconds a request may wait for its answer (`--timeout`). Default 10000. */
  timeoutMs?: number;
  /** Requests started per second at most, per target (`--rate`). */
  rate?: number;
}

/** Requests in flight at most by default. */
export const DEFAULT_CONCURRENCY = 16;

/** The run's context; `compiler` is handed down so that a companion's or gateway's context reuses the compiled schemas. */
export function createRunContext(
  contract: Contract,
  settings: RunSettings,
  compiler = new SchemaCompiler(contract.document),
  limiter = new Limiter(settings.concurrency ?? DEFAULT_CONCURRENCY),
  stop: { reason?: string } = {},
): RunContext {
  const invalid = new Map<Operation, fc.Arbitrary<RequestCase> | null>();
  const runLedger = new Ledger(
    contract.operations,
    settings.journalPath ? { journal: new Journal(settings.journalPath, settings.baseUrl), credentials: settings.credentials } : undefined,
  );
  const lanes = new Map<string, RunContext>();
  const byTimeout = new Map<number, HttpClient>();
  const client = (timeoutMs?: number) => {
    countBuilt('pools');
    return new HttpClient(settings.baseUrl, {
      limiter,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(settings.rate !== undefined ? { rate: settings.rate } : {}),
    });
  };
  const ctx: RunContext = {
    contract,
    compiler,
    client: client(settings.timeoutMs),
    clientWithTimeout(timeoutMs) {
      if (!byTimeout.has(timeoutMs)) byTimeout.set(timeoutMs, client(timeoutMs));
      return byTimeout.get(timeoutMs)!;
    },
    clients: () => [ctx.client, ...byTimeout.values()],
    baseUrl: settings.baseUrl,
    credentials: settings.credentials,
    redactor: new Redactor(secretsOf(settings.credentials)),
    ledger: runLedger.scope(RUN_SCOPE),
    runLedger,
    seed: settings.seed,
    examples: settings.examples,
    edition: settings.edition,
    embedded: settings.embedded,
    readOnly: settings.readOnly ?? false,
    allowDestructive: settings.allowDestructive ?? [],
    checks: allChecks.filter(
      (c) => (!settings.checkIds || settings.checkIds.includes(c.id)) && !settings.excludeCheckIds?.includes(c.id),
    ),
    maxResponseTimeMs: settings.maxResponseTimeMs,
    ...(settings.config ? { config: settings.config } : {}),
    binder: undefined as unknown as Binder,
    served: new ServedTracker(),
    learner: new Learner({ validate: (schema, value) => compiler.validate(schema as JsonSchema, value).valid }),
    coverage(operation) {
      if (settings.embedded || ctx.allowDestructive.includes(operation.operationId)) return true;
      // settings whose state could not be read to be put back (Binder.rememberRestore)
      const refused = ctx.binder.refusal(operation);
      if (refused) return `${refused}; such calls run only against the embedded reference server`;
      const why = foreignStateChange(contract.operations, operation);
      if (!why || handedOver(ctx.config, operation) !== undefined) return true;
      const param = pathParamsOf(operation).at(-1);
      const fixture =
        param && operation.method !== 'DELETE'
          ? `, or on a {${param}} of yours named for it in the config file (operations.${operation.operationId}.fixtures: ${NO_FIXTURE} given)`
          : '';
      return `${why}; such calls run only against the embedded reference server${fixture}`;
    },
    probeOnly(operation) {
      return ctx.coverage(operation) !== true && probeable(operation, (schema, value) => compiler.validate(schema, value).valid);
    },
    invalidArbitrary(operation) {
      if (!invalid.has(operation)) {
        invalid.set(operation, invalidRequest(operation, { validate: (schema, value) => compiler.validate(schema, value).valid }));
      }
      return invalid.get(operation)!;
    },
    forOperation(operation) {
      if (ctx.gateway && operation.servedBy === 'gateway') return ctx.gateway;
      const other = ctx.companion;
      return other && !operation.availability[ctx.edition] && operation.availability[other.edition] ? other : ctx;
    },
    lane(name) {
      let lane = lanes.get(name);
      if (!lane) {
        const companion = ctx.companion?.lane(name);
        const gateway = ctx.gateway?.lane(name);
        lane = {
          ...ctx,
          ledger: runLedger.scope(name),
          companion,
          gateway,
          forOperation(operation) {
            if (gateway && operation.servedBy === 'gateway') return gateway;
            return companion && !operation.availability[ctx.edition] && operation.availability[companion.edition] ? companion : lane!;
          },
        };
        lane.binder = ctx.binder.forLane(lane, name);
        lanes.set(name, lane);
      }
      return lane;
    },
    stopped: () => stop.reason,
    stop(reason) {
      stop.reason ??= reason;
    },
  };
  ctx.binder = new Binder(ctx);
  if (settings.companion) {
    const { baseUrl, credentials, edition } = settings.companion;
    ctx.companion = createRunContext(contract, { ...settings, baseUrl, credentials, edition, companion: undefined }, compiler, limiter, stop);
  }
  if (settings.gateway) {
    ctx.gateway = createRunContext(contract, { ...settings, baseUrl: settings.gateway, companion: undefined, gateway: undefined }, compiler, limiter, stop);
  }
  return ctx;
}
