import fc from 'fast-check';
import { unsupported } from './schema-generation-error';

/** Values drawn at build time to check that a filter can be satisfied. */
const PROBE_RUNS = 120;
const PROBE_SEED = 0x5eed;

/** Fraction of probed values passing `predicate`, with a fixed seed (so building stays deterministic). */
export function passRate<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => boolean, runs = PROBE_RUNS): number {
  const sample = fc.sample(arb, { numRuns: runs, seed: PROBE_SEED });
  return sample.filter(predicate).length / sample.length;
}

/**
 * `arb.filter(predicate)`, refused at build time (naming the schema pointer) when none of a fixed
 * sample passes: a filter that never passes would loop forever while generating.
 */
export function guardedFilter<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => boolean, pointer: string, what: string): fc.Arbitrary<T> {
  if (passRate(arb, predicate) === 0) {
    throw unsupported(pointer, `no generated value satisfies ${what} (tried ${PROBE_RUNS})`);
  }
  return arb.filter(predicate);
}
