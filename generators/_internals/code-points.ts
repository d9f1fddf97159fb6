import fc from 'fast-check';

/** String length as Ajv counts it (`ucs2length`): code points, a surrogate pair counting once. */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const BMP_LOW_END = 0xd7ff; // last code point before the surrogates
const BMP_LOW_START = 0xa0;
const BMP_HIGH_START = 0xe000;
const BMP_HIGH_END = 0xfffd;
const BMP_COUNT = BMP_LOW_END - BMP_LOW_START + 1 + (BMP_HIGH_END - BMP_HIGH_START + 1);

function rangeChar(min: number, max: number): fc.Arbitrary<string> {
  return fc.integer({ min, max }).map(
    (cp) => String.fromCodePoint(cp),
    (c) => {
      if (typeof c !== 'string' || codePointLength(c) !== 1) throw new Error('not a single code point');
      const cp = c.codePointAt(0)!;
      if (cp < min || cp > max) throw new Error('out of range');
      return cp;
    },
  );
}

/**
 * Printable ASCII (U+0020–U+007E) ranked for shrinking: lower-case letters first, then upper-case letters,
 * digits, punctuation, the space last. Generation stays uniform over the 95 characters; shrinking goes toward
 * `a` (ranked by code point it went toward the space, and shrunk strings read as blank: `"name": "   "`).
 */
export const PRINTABLE_ASCII_BY_RANK = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~!"#$%&\'()*+,/:;<=>?@[\\]^`{|} ';

export const asciiChar: fc.Arbitrary<string> = fc.integer({ min: 0, max: PRINTABLE_ASCII_BY_RANK.length - 1 }).map(
  (i) => PRINTABLE_ASCII_BY_RANK[i]!,
  (c) => {
    const i = typeof c === 'string' && c.length === 1 ? PRINTABLE_ASCII_BY_RANK.indexOf(c) : -1;
    if (i < 0) throw new Error('not a printable ASCII character');
    return i;
  },
);

/** A BMP code point beyond ASCII, never a surrogate half. */
export const bmpChar: fc.Arbitrary<string> = fc.integer({ min: 0, max: BMP_COUNT - 1 }).map(
  (i) => String.fromCodePoint(i <= BMP_LOW_END - BMP_LOW_START ? BMP_LOW_START + i : BMP_HIGH_START + (i - (BMP_LOW_END - BMP_LOW_START + 1))),
  (c) => {
    if (typeof c !== 'string' || codePointLength(c) !== 1) throw new Error('not a single code point');
    const cp = c.codePointAt(0)!;
    if (cp >= BMP_LOW_START && cp <= BMP_LOW_END) return cp - BMP_LOW_START;
    if (cp >= BMP_HIGH_START && cp <= BMP_HIGH_END) return cp - BMP_HIGH_START + (BMP_LOW_END - BMP_LOW_START + 1);
    throw new Error('out of range');
  },
);

/** A code point outside the BMP (two UTF-16 units, one code point for Ajv). */
export const astralChar = rangeChar(0x10000, 0x10ffff);

/**
 * One code point per unit: mostly printable ASCII, sometimes BMP, rarely astral, so strings are
 * readable while lengths are still checked in code points, not UTF-16 units.
 *
 * Cross-shrinking: a BMP or astral character first shrinks to a printable ASCII one (then toward `a`).
 * Without it, fast-check shrinks a `oneof` value only inside the branch that made it (astral toward
 * U+10000, BMP toward U+00A0), so a shrunk counterexample kept every non-ASCII character it was born with.
 * One code point becomes one code point, so lengths, as Ajv counts them, do not change.
 */
export const codePointChar: fc.Arbitrary<string> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: asciiChar, weight: 16 },
  { arbitrary: bmpChar, weight: 2 },
  { arbitrary: astralChar, weight: 1 },
);

/** Strings counted in code points. */
export function codePointString(minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: codePointChar, minLength, maxLength });
}
