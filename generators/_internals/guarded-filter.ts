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

/** Whether some value of a fixed-seed sample passes: a few values first, the full probe only when none does. */
export function somePass<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => boolean, runs = PROBE_RUNS): boolean {
  const quick = Math.min(8, runs);
  return fc.sample(arb, { numRuns: quick, seed: PROBE_SEED }).some(predicate) || (runs > quick && passRate(arb, predicate, runs) > 0);
}

/**
 * `arb.filter(predicate)`, refused at build time (naming the schema pointer) when none of a fixed
 * sample passes: a filter that never passes would loop forever while generating.
 */
export function guardedFilter<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => boolean, pointer: string, what: string): fc.Arbitrary<T> {
  if (!somePass(arb, predicate)) {
    throw unsupported(pointer, `no generated value satisfies ${what} (tried ${PROBE_RUNS})`);
  }
  return arb.filter(predicate);
}
