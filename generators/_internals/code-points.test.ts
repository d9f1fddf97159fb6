import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiChar, codePointChar, codePointLength, codePointString, PRINTABLE_ASCII_BY_RANK } from './code-points';

const printable = /^[\x20-\x7e]*$/;

/** A small deterministic generator with the pure-rand interface, to drive `generate`/`shrink` by hand. */
class TestRng {
  constructor(private state: number) {}
  clone() {
    return new TestRng(this.state);
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) | 0;
  }
  getState(): readonly number[] {
    return [this.state];
  }
}

/** The first `count` values of `arb` (seeds 1, 2, …) that `keep` accepts, with their shrink context. */
function generated<T>(arb: fc.Arbitrary<T>, keep: (v: T) => boolean, count: number): Array<fc.Value<T>> {
  const out: Array<fc.Value<T>> = [];
  for (let seed = 1; out.length < count && seed < 10_000; seed++) {
    const value = arb.generate(new fc.Random(new TestRng(seed)), undefined);
    if (keep(value.value)) out.push(value);
  }
  return out;
}

describe('code points', () => {
  it('ranks the 95 printable ASCII characters, letters first and the space last', () => {
    expect(PRINTABLE_ASCII_BY_RANK).toHaveLength(95);
    expect(new Set(PRINTABLE_ASCII_BY_RANK).size).toBe(95);
    expect(printable.test(PRINTABLE_ASCII_BY_RANK)).toBe(true);
    expect(PRINTABLE_ASCII_BY_RANK.slice(0, 26)).toBe('abcdefghijklmnopqrstuvwxyz');
    expect(PRINTABLE_ASCII_BY_RANK.at(-1)).toBe(' ');
  });

  it('generates every printable ASCII character and shrinks each toward a', () => {
    const seen = new Set(fc.sample(asciiChar, { numRuns: 3000, seed: 5 }));
    expect(seen.size).toBe(95);
    for (const seed of [1, 2, 3, 4, 5]) {
      const out = fc.check(fc.property(asciiChar, () => false), { seed, numRuns: 1 });
      expect(out.counterexample).toEqual(['a']);
    }
    // The space, once the shrink target, now shrinks too.
    expect(asciiChar.canShrinkWithoutContext(' ')).toBe(true);
    expect([...asciiChar.shrink(' ', undefined)].map((v) => v.value)[0]).toBe('a');
  });

  it('shrinks a BMP or astral character to a printable ASCII one first (cross-shrink), one code point for one', () => {
    const nonAscii = generated(codePointChar, (c) => !printable.test(c), 20);
    expect(nonAscii.some((v) => v.value.length === 2)).toBe(true); // an astral one among them
    for (const v of nonAscii) {
      const [first] = codePointChar.shrink(v.value_, v.context);
      expect(printable.test(first!.value), JSON.stringify(v.value)).toBe(true);
      expect(codePointLength(first!.value)).toBe(1);
    }
  });

  it('shrinks strings to letters at their minimum length, whatever characters they were generated with', () => {
    const arb = codePointString(3, 12);
    let withNonAscii = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const [start] = fc.sample(arb, { seed, numRuns: 1 });
      if (!printable.test(start!)) withNonAscii++;
      const out = fc.check(fc.property(arb, () => false), { seed, numRuns: 1 });
      expect(out.counterexample, JSON.stringify(start)).toEqual(['aaa']);
    }
    expect(withNonAscii).toBeGreaterThan(5);
  });

  it('keeps what a failure depends on: astral characters stay when they are the cause', () => {
    const arb = codePointString(0, 24);
    const astral = (s: string) => s.length > codePointLength(s);
    const out = fc.check(fc.property(arb, (s) => !astral(s)), { seed: 9, numRuns: 500 });
    expect(out.failed).toBe(true);
    const [shrunk] = out.counterexample as [string];
    expect(codePointLength(shrunk)).toBe(1);
    expect(astral(shrunk)).toBe(true);
  });
});
