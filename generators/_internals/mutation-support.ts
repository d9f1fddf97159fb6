import fc from 'fast-check';
import { asciiChar, codePointString } from './code-points';
import { noNegativeZero } from './numbers';
import { jsonEqual } from './json-equality';
import { readableValue } from './readable-value';
import { declaredTypes, setOwn, type JsonSchema, type JsonType, type SchemaObject } from './schema-types';
import type { MutationContext } from '../mutations/types';

/** Whether values of type `t` are subject to the schema (no `type`, or `type` allows it). */
export function appliesTo(s: SchemaObject, t: JsonType): boolean {
  const types = declaredTypes(s);
  if (!types) return true;
  return types.includes(t) || (t === 'integer' && types.includes('number')) || (t === 'number' && types.includes('integer'));
}

/** Whether integers are the only numbers the schema's type admits. */
export function integerOnly(s: SchemaObject): boolean {
  const types = declaredTypes(s);
  return types !== undefined && types.includes('integer') && !types.includes('number');
}

export const smallInteger = fc.integer({ min: -1000, max: 1000 });
export const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero);
export const fraction = fc.integer({ min: -100_000, max: 100_000 }).map((n) => n + 0.5);
export const shortString = fc.oneof(codePointString(0, 8), smallInteger.map(String), fc.constantFrom('true', 'null', ''));
export const asciiString = (min: number, max: number) => fc.string({ unit: asciiChar, minLength: min, maxLength: max });
export const smallArray = fc.array(fc.oneof(smallInteger, codePointString(0, 4), fc.boolean()), { maxLength: 2 });
export const smallObject = fc.oneof(fc.constant({}), fc.record({ value: fc.oneof(smallInteger, codePointString(0, 4)) }, { noNullPrototype: true }));

/** Values outside `members` that the rest of the schema (without `drop`) accepts, else any short string. */
export function valueOutside(members: unknown[], s: SchemaObject, ctx: MutationContext, drop: string): fc.Arbitrary<unknown> | undefined {
  const notMember = (v: unknown) => !members.some((m) => jsonEqual(m, v));
  const rest = { ...s };
  delete rest[drop];
  const sameShape = ctx.valid(rest);
  // Values the rest of the schema accepts (same type, so only the enum is broken), else any string.
  return (sameShape && ctx.filter(sameShape, notMember)) ?? ctx.filter(shortString as fc.Arbitrary<unknown>, notMember);
}

/** A deterministic non-member close to the members (`ACTIVE` for `active`, max + 1 for numbers). */
export function nearMiss(members: unknown[]): unknown {
  const strings = members.filter((m): m is string => typeof m === 'string');
  if (strings.length > 0) {
    const candidates = [strings[0].toUpperCase(), `${strings[0]}_`, `${strings[0]} `, 'not-a-member'];
    return candidates.find((c) => !members.includes(c)) ?? 'not-a-member';
  }
  const numbers = members.filter((m): m is number => typeof m === 'number');
  if (numbers.length > 0) return Math.max(...numbers) + 1;
  return 'not-a-member';
}


/**
 * A deterministic valid value (the first of a fixed-seed sample), or undefined. Its strings are printable
 * ASCII wherever the schema allows (see readableValue): boundary values are sent as they are, and become
 * the evidence of what they find.
 */
export function firstValid(ctx: MutationContext, schema: JsonSchema): unknown {
  const arb = ctx.valid(schema);
  if (!arb) return undefined;
  const value = fc.sample(arb, { numRuns: 1, seed: 42 })[0];
  return readableValue(value, (candidate) => ctx.matches(candidate, schema));
}

/** `obj` without `key` (a copy). */
export function withoutKey(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return obj;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) if (k !== key) setOwn(out, k, (obj as Record<string, unknown>)[k]);
  return out;
}

/** `obj` with `key` set to `value` (a copy; the key goes last when new). */
export function withKey(obj: unknown, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof obj === 'object' && obj !== null && !Array.isArray(obj)) {
    for (const k of Object.keys(obj)) setOwn(out, k, (obj as Record<string, unknown>)[k]);
  }
  setOwn(out, key, value);
  return out;
}

/** `s` as an object schema only (values of other types would break `type` instead). */
export function asType(s: SchemaObject, type: JsonType): SchemaObject {
  return { ...s, type };
}

/** Values matching no branch of `anyOf`/`oneOf`: simple values of every type, filtered. */
export function branchMiss(s: SchemaObject, ctx: MutationContext, keyword: 'anyOf' | 'oneOf'): Array<{ keyword: string; value: fc.Arbitrary<unknown> }> {
  const branches = s[keyword];
  if (!Array.isArray(branches)) return [];
  const pool = fc.oneof(fc.constant(null), fc.boolean(), smallInteger, fraction, shortString, smallArray, smallObject);
  const value = ctx.filter(pool as fc.Arbitrary<unknown>, (v) => !branches.some((b) => ctx.mightMatch(v, b)));
  return value ? [{ keyword, value }] : [];
}
