import { AsyncLocalStorage } from 'node:async_hooks';

/** Set while work runs as bulk (asBulk): its tasks wait behind every other task. */
const bulkWork = new AsyncLocalStorage<boolean>();

/**
 * Runs `fn` as bulk work: the tasks it starts on a Limiter wait for a slot behind every task that is not
 * bulk. A run sends its windows of independent cases as bulk, so that what other work waits on in turn (a
 * sequence's next step, a binding, a read around a case) is not queued behind hundreds of them: with a slow
 * network, those chains are what the run's wall time is made of.
 */
export function asBulk<T>(fn: () => Promise<T>): Promise<T> {
  return bulkWork.run(true, fn);
}

/**
 * A FIFO semaphore: at most `max` tasks run at once, and waiting tasks start in the order they asked (bulk
 * tasks, see asBulk, after all others).
 * One instance may be shared by several clients (the run's concurrency across all its targets).
 *
 * Fairness: a finishing task hands its slot straight to the first waiter, so a newcomer never overtakes
 * a task already waiting.
 *
 * @example
 * const limiter = new Limiter(4);
 * const answers = await Promise.all(requests.map((r) => limiter.run(() => client.send(r))));
 */
export class Limiter {
  /** Tasks allowed to run at once. */
  readonly max: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly waitingBulk: Array<() => void> = [];

  constructor(max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`Limiter: max must be an integer ≥ 1, got ${max}`);
    this.max = max;
  }

  /** Tasks running now (holding a slot). */
  get inFlight(): number {
    return this.active;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiting.length + this.waitingBulk.length;
  }

  /** Runs `fn` in a slot, waiting for one first; the slot is released however `fn` ends. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Waits for a slot and returns the function that releases it (idempotent). Prefer `run`. */
  async acquire(): Promise<() => void> {
    if (this.active < this.max && this.queued === 0) {
      this.active++;
    } else {
      // The slot is handed over by `release`, which leaves `active` counted for us.
      const queue = bulkWork.getStore() ? this.waitingBulk : this.waiting;
      await new Promise<void>((resolve) => queue.push(resolve));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift() ?? this.waitingBulk.shift();
      if (next) next();
      else this.active--;
    };
  }
}
