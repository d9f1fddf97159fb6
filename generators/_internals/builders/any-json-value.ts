import fc from 'fast-check';
import type { BuildContext } from '../build-context';
import { codePointString } from '../code-points';
import { noNegativeZero } from '../numbers';

/** Object keys for free-form objects: identifier-like, never `__proto__`. */
export const freeKey: fc.Arbitrary<string> = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,11}$/).filter((k) => k !== '__proto__');

const cache = new Map<string, fc.Arbitrary<unknown>>();

function scalars(maxLength: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero),
    codePointString(0, maxLength),
  );
}

function build(remaining: number, maxItems: number, maxLength: number): fc.Arbitrary<unknown> {
  const key = `${remaining}/${maxItems}/${maxLength}`;
  let arb = cache.get(key);
  if (arb) return arb;
  if (remaining <= 0) arb = scalars(maxLength);
  else {
    const inner = build(remaining - 1, maxItems, maxLength);
    arb = fc.oneof(
      { arbitrary: scalars(maxLength), weight: 4 },
      { arbitrary: fc.array(inner, { maxLength: maxItems }), weight: 1 },
      { arbitrary: fc.uniqueArray(fc.tuple(freeKey, inner), { maxLength: maxItems, selector: (e) => e[0] }).map(Object.fromEntries), weight: 1 },
    );
  }
  cache.set(key, arb);
  return arb;
}

/** Any JSON value (what `{}` and `true` admit), nesting no deeper than `maxDepth`. */
export function anyJsonValue(ctx: BuildContext): fc.Arbitrary<unknown> {
  const remaining = Math.max(0, ctx.options.maxDepth - ctx.depth);
  return build(remaining, ctx.options.maxItems, ctx.options.maxLength);
}
