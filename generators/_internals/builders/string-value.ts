import fc from 'fast-check';
import type { BuildContext } from '../build-context';
import { codePointLength, codePointString } from '../code-points';
import { formatString, passesFormat } from '../formats';
import { guardedFilter, passRate } from '../guarded-filter';
import { appendPointer } from '../json-pointer';
import { unsatisfiable, unsupported } from '../schema-generation-error';
import { patternRegExp } from '../schema-match';
import { num, type SchemaObject } from '../schema-types';

/** Sizes tried, in order, until enough pattern-generated strings reach `minLength`. */
const PATTERN_SIZES = [undefined, 'medium', 'large', 'xlarge'] as const;

export interface LengthBounds {
  readonly min: number;
  readonly max: number | undefined;
}

/** `minLength`/`maxLength`, checked (non-negative integers, min not above max). */
export function lengthBounds(s: SchemaObject, pointer: string): LengthBounds {
  const min = num(s, 'minLength') ?? 0;
  const max = num(s, 'maxLength');
  for (const [k, v] of [['minLength', min], ['maxLength', max]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw unsatisfiable(appendPointer(pointer, k), `${k} must be a non-negative integer, got ${v}`);
  }
  if (max !== undefined && min > max) throw unsatisfiable(pointer, `minLength ${min} is above maxLength ${max}`);
  return { min, max };
}

/**
 * Strings matching `pattern` (as Ajv compiles it, `u` flag) within the length bounds, from
 * `fc.stringMatching`; falls back to filtering free strings when fast-check cannot read the regex.
 */
const patternCache = new Map<string, fc.Arbitrary<string>>();

export function patternString(pattern: string, bounds: LengthBounds, pointer: string, capLength: number): fc.Arbitrary<string> {
  const key = JSON.stringify([pattern, bounds.min, bounds.max ?? null, capLength]);
  let arb = patternCache.get(key);
  if (!arb) {
    arb = buildPatternString(pattern, bounds, pointer, capLength);
    patternCache.set(key, arb);
  }
  return arb;
}

function buildPatternString(pattern: string, bounds: LengthBounds, pointer: string, capLength: number): fc.Arbitrary<string> {
  const at = appendPointer(pointer, 'pattern');
  const re = patternRegExp(pattern);
  if (re === null) throw unsupported(at, `pattern ${JSON.stringify(pattern)} is not a valid regular expression`);
  const { min, max } = bounds;
  const fits = (v: string) => {
    const n = codePointLength(v);
    return re.test(v) && n >= min && (max === undefined || n <= max);
  };
  let base: fc.Arbitrary<string> | undefined;
  try {
    const unclamped = fc.stringMatching(re);
    // Clamping is only safe when some strings are short enough (fast-check filters the clamped ones).
    const clampable = max !== undefined && passRate(unclamped, (v) => codePointLength(v) <= max) > 0;
    let best: { arb: fc.Arbitrary<string>; rate: number } | undefined;
    for (const size of PATTERN_SIZES) {
      const arb = clampable ? fc.stringMatching(re, { size, maxLength: max }) : fc.stringMatching(re, { size });
      const rate = passRate(arb, fits);
      if (rate >= 0.2) return arb.filter(fits);
      if (rate > 0 && (!best || rate > best.rate)) best = { arb, rate };
      if (min === 0) break; // a larger size only helps reaching minLength
    }
    if (best) return best.arb.filter(fits);
    base = unclamped;
  } catch {
    base = undefined; // regex features fast-check does not generate from (lookarounds, backreferences…)
  }
  const free = codePointString(min, Math.max(max ?? Math.max(min, capLength), min));
  return guardedFilter(base ? fc.oneof(base, free) : free, fits, at, `pattern ${JSON.stringify(pattern)} with minLength ${min}${max === undefined ? '' : ` and maxLength ${max}`}`);
}

/** Strings for a schema with type string: lengths in code points, pattern, format. */
export function stringValue(s: SchemaObject, ctx: BuildContext): fc.Arbitrary<string> {
  const bounds = lengthBounds(s, ctx.pointer);
  const { min, max } = bounds;
  const lengthOk = (v: string) => {
    const n = codePointLength(v);
    return n >= min && (max === undefined || n <= max);
  };
  const pattern = typeof s.pattern === 'string' ? s.pattern : undefined;
  const formatted = formatString(s.format);
  if (formatted) {
    const re = pattern === undefined ? null : patternRegExp(pattern);
    const ok = (v: string) => lengthOk(v) && passesFormat(s.format, v) && (pattern === undefined || (re !== null && re.test(v)));
    return guardedFilter(formatted, ok, ctx.pointer, `format ${JSON.stringify(s.format)} with the length/pattern constraints`);
  }
  if (pattern !== undefined) {
    const arb = patternString(pattern, bounds, ctx.pointer, ctx.options.maxLength);
    return s.format === undefined ? arb : guardedFilter(arb, (v) => passesFormat(s.format, v), ctx.pointer, `format ${JSON.stringify(s.format)}`);
  }
  const free = codePointString(min, max ?? Math.max(min, ctx.options.maxLength));
  return s.format === undefined ? free : guardedFilter(free, (v) => passesFormat(s.format, v), ctx.pointer, `format ${JSON.stringify(s.format)}`);
}
