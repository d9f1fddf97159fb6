import type { Operation } from '../contract/types';
import { operationContext } from '../config/operation-context';
import { EngineError } from '../errors';
import { RUN_SCOPE } from './cleanup';
import type { RunContext } from './context';
import { emptyResult } from './phase-result';
import { runPhase } from './run-phase';
import type { Phase, PhaseResult } from './types';

/** One test of the run: a phase of an operation. */
export interface Work {
  operation: Operation;
  phase: Phase;
}

/** What a cleanup undid, and what it could not. */
export interface Cleanup {
  leftovers: string[];
  givenAway: string[];
}

/**
 * A whole conformance run, scheduled once its selection is known. Work is split into lanes, one per tag:
 * a lane runs its operations one after another, each operation's phases in order, then deletes what the lane
 * made; lanes run side by side. Inside a phase, cases go out in windows (run-phase.ts), and the run's limiter
 * keeps at most `--concurrency` requests in flight across lanes and targets. What a lane sends, and in which
 * order, does not depend on the concurrency, so the same seed gives the same run. The binder's shared parents
 * are deleted last, when every lane is done.
 */
export class ConformanceRun {
  private readonly results = new Map<string, Promise<PhaseResult>>();
  private readonly laneCleanups = new Map<string, Promise<Cleanup>>();
  private done: Promise<Cleanup> | undefined;
  private fatal: EngineError | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: RunContext,
    private readonly options: { maxDurationMs?: number } = {},
  ) {}

  /** Whether start() was called. */
  get started(): boolean {
    return this.done !== undefined;
  }

  /** The engine error that ended the run early (an unreachable target), if any. */
  get error(): EngineError | undefined {
    return this.fatal;
  }

  /** Why the run stopped early (`--max-duration`, a target gone), if it did. */
  get stopped(): string | undefined {
    return this.ctx.stopped();
  }

  /**
   * Starts every piece of work (once): lanes by tag, in the order given. `lanes` may name tags without work:
   * their cleanup still runs (and finds nothing).
   */
  start(work: Work[]): void {
    if (this.done) return;
    if (this.options.maxDurationMs !== undefined) {
      const seconds = Math.round(this.options.maxDurationMs / 1000);
      this.timer = setTimeout(() => this.ctx.stop(`the run reached --max-duration (${seconds} s)`), this.options.maxDurationMs);
      this.timer.unref();
    }
    const byLane = new Map<string, Work[]>();
    for (const w of work) byLane.set(w.operation.tag, [...(byLane.get(w.operation.tag) ?? []), w]);
    for (const [tag, items] of byLane) {
      const lane = this.ctx.lane(tag);
      let previous: Promise<unknown> = Promise.resolve();
      for (const w of items) {
        const result = previous.then(() => this.runOne(lane, w));
        this.results.set(keyOf(w.operation, w.phase), result);
        previous = result.catch(() => undefined);
      }
      this.laneCleanups.set(tag, previous.then(() => drain(lane, tag)));
    }
    this.done = Promise.all(this.laneCleanups.values()).then(async (lanes) => {
      const last = await drain(this.ctx, RUN_SCOPE);
      if (this.timer) clearTimeout(this.timer);
      return {
        leftovers: [...lanes.flatMap((l) => l.leftovers), ...last.leftovers],
        givenAway: [...lanes.flatMap((l) => l.givenAway), ...last.givenAway],
      };
    });
  }

  /**
   * Every request the run's clients sent, setup, harvest, restores and cleanup included (a phase's `requests`
   * counts only its own), with the exchanges sent again after breaking off and the 429s waited out.
   */
  traffic(): { requests: number; transportRetries: number; rateLimitRetries: number } {
    const clients = [this.ctx, this.ctx.companion, this.ctx.gateway].filter((c): c is RunContext => c !== undefined).flatMap((c) => c.clients());
    return {
      requests: clients.reduce((n, c) => n + c.requestsSent, 0),
      transportRetries: clients.reduce((n, c) => n + c.transportRetries, 0),
      rateLimitRetries: clients.reduce((n, c) => n + c.rateLimitedRetries, 0),
    };
  }

  /** Stops the run (Ctrl-C): no phase starts, phases under way stop after their window, cleanups still run. */
  stop(reason: string): void {
    this.ctx.stop(reason);
  }

  /** The result of a phase of an operation start() was given. */
  result(operation: Operation, phase: Phase): Promise<PhaseResult> {
    const result = this.results.get(keyOf(operation, phase));
    if (!result) throw new EngineError('INTERNAL', `${operation.operationId} › ${phase} was not scheduled`);
    return result;
  }

  /** What a lane's cleanup undid and left, once the lane is done. */
  laneCleanup(tag: string): Promise<Cleanup> {
    return this.laneCleanups.get(tag) ?? Promise.resolve({ leftovers: [], givenAway: [] });
  }

  /** Resolves when every lane and the run's own cleanup are done, with what the run's own cleanup left. */
  finished(): Promise<Cleanup> {
    return this.done ?? Promise.resolve({ leftovers: [], givenAway: [] });
  }

  private async runOne(lane: RunContext, { operation, phase }: Work): Promise<PhaseResult> {
    const stopped = this.ctx.stopped();
    if (stopped) return stoppedResult(operation, phase, stopped);
    try {
      return await runPhase(operationContext(lane.forOperation(operation), operation), operation, phase);
    } catch (error) {
      // A target gone or unusable ends the run: no lane starts another phase.
      if (error instanceof EngineError && !this.fatal) {
        this.fatal = error;
        this.ctx.stop(error.message);
      }
      throw error;
    }
  }
}

function keyOf(operation: Operation, phase: Phase): string {
  return `${operation.operationId}\u0000${phase}`;
}

/** Undoes what a scope of the run made, on each of its targets (the run's, its companion's, its gateway's). */
async function drain(ctx: RunContext, scope: string): Promise<Cleanup> {
  const leftovers: string[] = [];
  const givenAway: string[] = [];
  for (const run of [ctx, ctx.companion, ctx.gateway].filter((c): c is RunContext => c !== undefined)) {
    leftovers.push(...(await run.runLedger.drain(run.client, scope)));
    givenAway.push(...run.runLedger.givenAway.splice(0));
  }
  return { leftovers, givenAway };
}

/** A phase the run did not get to: it stopped first. */
export function stoppedResult(operation: Operation, phase: Phase, reason: string): PhaseResult {
  return { ...emptyResult(operation, phase), notRun: { reason: 'stopped', detail: reason } };
}
