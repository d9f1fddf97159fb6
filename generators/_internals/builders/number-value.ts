import fc from 'fast-check';
import type { BuildContext } from '../build-context';
import { guardedFilter } from '../guarded-filter';
import { decimals, isMultipleOf, lcm, noNegativeZero, roundTo } from '../numbers';
import { unsatisfiable } from '../schema-generation-error';
import { num, type SchemaObject } from '../schema-types';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Width of the integer window when a side is unbounded. */
const DEFAULT_SPAN = 2 ** 31;

export interface NumericBounds {
  readonly lo: number;
  readonly loExclusive: boolean;
  readonly hi: number;
  readonly hiExclusive: boolean;
  readonly multipleOf: number | undefined;
  readonly integer: boolean;
}

/** The tightest bounds from minimum/exclusiveMinimum/maximum/exclusiveMaximum and int32/int64 formats. */
export function numericBounds(s: SchemaObject, integerOnly: boolean, pointer: string): NumericBounds {
  let lo = -Infinity;
  let loExclusive = false;
  let hi = Infinity;
  let hiExclusive = false;
  let integer = integerOnly;
  const raise = (v: number | undefined, exclusive: boolean) => {
    if (v === undefined) return;
    if (v > lo || (v === lo && exclusive)) [lo, loExclusive] = [v, exclusive];
  };
  const lower = (v: number | undefined, exclusive: boolean) => {
    if (v === undefined) return;
    if (v < hi || (v === hi && exclusive)) [hi, hiExclusive] = [v, exclusive];
  };
  raise(num(s, 'minimum'), false);
  raise(num(s, 'exclusiveMinimum'), true);
  lower(num(s, 'maximum'), false);
  lower(num(s, 'exclusiveMaximum'), true);
  if (s.format === 'int32') {
    integer = true;
    raise(-(2 ** 31), false);
    lower(2 ** 31 - 1, false);
  } else if (s.format === 'int64') integer = true;
  const m = num(s, 'multipleOf');
  if (m !== undefined && m <= 0) throw unsatisfiable(pointer, `multipleOf must be positive, got ${m}`);
  if (lo > hi || (lo === hi && (loExclusive || hiExclusive))) {
    throw unsatisfiable(pointer, `no number is ${loExclusive ? 'above' : 'at least'} ${lo} and ${hiExclusive ? 'below' : 'at most'} ${hi}`);
  }
  return { lo, loExclusive, hi, hiExclusive, multipleOf: m, integer };
}

export function inBounds(b: NumericBounds, v: number): boolean {
  return (b.loExclusive ? v > b.lo : v >= b.lo) && (b.hiExclusive ? v < b.hi : v <= b.hi);
}

/** The integer range inside the bounds, unbounded sides replaced by a window; undefined when empty. */
function integerRange(b: NumericBounds, step = 1): { min: number; max: number } | undefined {
  const first = (x: number, ex: boolean) => (ex && Number.isInteger(x / step) ? x / step + 1 : Math.ceil(x / step));
  const last = (x: number, ex: boolean) => (ex && Number.isInteger(x / step) ? x / step - 1 : Math.floor(x / step));
  const span = Math.max(1, Math.floor(DEFAULT_SPAN / step));
  const safe = Math.floor(MAX_SAFE / step);
  let min = Number.isFinite(b.lo) ? first(b.lo, b.loExclusive) : undefined;
  let max = Number.isFinite(b.hi) ? last(b.hi, b.hiExclusive) : undefined;
  if (min === undefined && max === undefined) [min, max] = [-span, span - 1];
  else if (min === undefined) min = max! - span;
  else if (max === undefined) max = min + span;
  min = Math.max(min, -safe);
  max = Math.min(max!, safe);
  return min <= max ? { min, max } : undefined;
}

/** Numbers (or integers) for a numeric schema: bounds, exclusive bounds, multipleOf as Ajv checks it. */
export function numberValue(s: SchemaObject, ctx: BuildContext, integerOnly: boolean): fc.Arbitrary<number> {
  const b = numericBounds(s, integerOnly, ctx.pointer);
  const m = b.multipleOf;
  const ok = (v: number) => inBounds(b, v) && (m === undefined || isMultipleOf(v, m)) && (!b.integer || Number.isInteger(v));
  const describe = `${b.integer ? 'an integer' : 'a number'} ${b.loExclusive ? '>' : '>='} ${b.lo}, ${b.hiExclusive ? '<' : '<='} ${b.hi}${m === undefined ? '' : `, multiple of ${m}`}`;

  if (m !== undefined) {
    // k * step, where step is m or (for integers) a multiple of m that is an integer.
    const step = b.integer && !Number.isInteger(m) ? (lcm(1, m) ?? m) : m;
    const range = integerRange(b, step);
    if (!range) throw unsatisfiable(ctx.pointer, `no value is ${describe}`);
    const digits = decimals(step);
    const arb = fc.integer(range).map((k) => noNegativeZero(roundTo(k * step, digits)));
    return guardedFilter(arb, ok, ctx.pointer, describe);
  }
  const ints = integerRange(b);
  if (b.integer) {
    if (!ints) throw unsatisfiable(ctx.pointer, `no value is ${describe}`);
    return fc.integer(ints);
  }
  const doubles = fc
    .double({
      min: Number.isFinite(b.lo) ? b.lo : undefined,
      max: Number.isFinite(b.hi) ? b.hi : undefined,
      minExcluded: b.loExclusive,
      maxExcluded: b.hiExclusive,
      noNaN: true,
      noDefaultInfinity: true,
    })
    .map(noNegativeZero);
  if (!ints) return guardedFilter(doubles, ok, ctx.pointer, describe);
  // Prefer readable numbers: small integers, two-decimal numbers, then any double.
  const small = { min: Math.max(ints.min, Math.min(ints.max, -1000)), max: Math.min(ints.max, Math.max(ints.min, 1000)) };
  const centRange = integerRange(b, 0.01);
  const choices: Array<fc.WeightedArbitrary<number>> = [
    { arbitrary: fc.integer(small), weight: 3 },
    { arbitrary: doubles, weight: 2 },
  ];
  if (centRange) {
    const cents = { min: Math.max(centRange.min, -100_000), max: Math.min(centRange.max, 100_000) };
    if (cents.min <= cents.max) choices.push({ arbitrary: fc.integer(cents).map((c) => noNegativeZero(roundTo(c / 100, 2))), weight: 1 });
  }
  return guardedFilter(
    fc.oneof(...choices),
    ok,
    ctx.pointer,
    describe,
  );
}
