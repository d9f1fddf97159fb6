import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { asBulk, Limiter } from './limiter';

/** A task that can be finished from outside. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Limiter', () => {
  it('refuses a max that is not a positive integer, naming it', () => {
    expect(() => new Limiter(0)).toThrow('max must be an integer ≥ 1, got 0');
    expect(() => new Limiter(1.5)).toThrow('got 1.5');
    expect(new Limiter(3).max).toBe(3);
  });

  it('never runs more than max tasks at once, and reaches max when there is work', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 30 }, (_, i) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        expect(limiter.inFlight).toBeLessThanOrEqual(3);
        await sleep((i * 7) % 5);
        running--;
        return i;
      }),
    );
    expect(await Promise.all(tasks)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(peak).toBe(3);
    expect(limiter.inFlight).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('starts waiting tasks first come, first served, whatever order they finish in', async () => {
    const limiter = new Limiter(2);
    const started: number[] = [];
    const gates = Array.from({ length: 8 }, gate);
    const tasks = gates.map((g, i) =>
      limiter.run(async () => {
        started.push(i);
        await g.promise;
      }),
    );
    await sleep(0);
    expect(started).toEqual([0, 1]);
    expect(limiter.queued).toBe(6);
    // Finish the running tasks in reverse order: the waiters still start in the order they came.
    for (const i of [1, 0, 3, 2, 5, 4, 7, 6]) {
      gates[i].open();
      await sleep(0);
    }
    await Promise.all(tasks);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('is fair: a task arriving as a slot frees up does not overtake one already waiting', async () => {
    const limiter = new Limiter(1);
    const order: string[] = [];
    const b = gate();
    const first = limiter.run(async () => {
      order.push('a');
    });
    const waiting = limiter.run(async () => {
      order.push('b');
      await b.promise;
    });
    await first;
    // The slot went to b; a newcomer queues behind it.
    const late = limiter.run(async () => {
      order.push('c');
    });
    await sleep(0);
    expect(order).toEqual(['a', 'b']);
    expect(limiter.inFlight).toBe(1);
    b.open();
    await Promise.all([waiting, late]);
    expect(order).toEqual(['a', 'b', 'c']);
  });

  it('releases the slot of a task that throws, and passes the error on', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.inFlight).toBe(0);
    expect(await limiter.run(async () => 'next')).toBe('next');
  });

  it('acquire gives a release that counts once, however often it is called', async () => {
    const limiter = new Limiter(2);
    const release = await limiter.acquire();
    await limiter.acquire();
    expect(limiter.inFlight).toBe(2);
    release();
    release();
    expect(limiter.inFlight).toBe(1);
  });
});

describe('Limiter, bulk work', () => {
  it('a task that is not bulk overtakes the bulk tasks waiting; bulk tasks keep their order among themselves', async () => {
    const limiter = new Limiter(1);
    const order: string[] = [];
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    const first = limiter.run(() => gate);
    const bulk = [1, 2, 3].map((i) => asBulk(() => limiter.run(async () => void order.push(`bulk ${i}`))));
    const urgent = limiter.run(async () => void order.push('urgent'));
    open();
    await Promise.all([first, ...bulk, urgent]);
    expect(order).toEqual(['urgent', 'bulk 1', 'bulk 2', 'bulk 3']);
  });
});
