import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { expect } from 'vitest';
import { invalidValue, validValue, type InvalidValue, type JsonSchema, type MutationId, type ValidValueConstraints } from '../index';

/** The Ajv the tests check against: draft 2020-12, not strict, all errors, ajv-formats. */
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

export function compile(schema: JsonSchema): ValidateFunction {
  if (typeof schema === 'boolean') return ajv.compile(schema);
  let fn = compiled.get(schema);
  if (!fn) compiled.set(schema, (fn = ajv.compile(schema)));
  return fn;
}

/** `validate` as the generators take it (a boolean predicate over the Ajv function). */
export function validator(schema: JsonSchema): (value: unknown) => boolean {
  const fn = compile(schema);
  return (value) => fn(value) as boolean;
}

function describe(fn: ValidateFunction): string {
  return ajv.errorsText(fn.errors, { dataVar: '' });
}

/** Plain JSON only: no undefined, NaN, Infinity, -0, class instances; survives a JSON round trip. */
export function assertJsonCompatible(value: unknown, at = ''): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`non-finite number at ${at || '/'}: ${value}`);
    if (Object.is(value, -0)) throw new Error(`-0 at ${at || '/'}`);
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => assertJsonCompatible(v, `${at}/${i}`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const k of Object.keys(value)) assertJsonCompatible((value as Record<string, unknown>)[k], `${at}/${k}`);
    return;
  }
  throw new Error(`not a JSON value at ${at || '/'}: ${String(value)}`);
}

/** A small deterministic generator with the pure-rand 8 interface, to drive `generate`/`shrink` by hand. */
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

export interface ShrinkOptions {
  /** Values generated (one seed each). @defaultValue 10 */
  trees?: number;
  /** Nodes visited per shrink tree, breadth first. @defaultValue 25 */
  nodesPerTree?: number;
}

/** Every generated value and every visited shrink passes `check` (fast-check's "shrink produces correct values"). */
export function assertShrinks<T>(arb: fc.Arbitrary<T>, check: (v: T) => void, options: ShrinkOptions = {}): void {
  const trees = options.trees ?? 10;
  const perTree = options.nodesPerTree ?? 25;
  for (let seed = 1; seed <= trees; seed++) {
    const root = arb.generate(new fc.Random(new TestRng(seed)), undefined);
    const queue: Array<fc.Value<T>> = [root];
    for (let visited = 0; queue.length > 0 && visited < perTree; visited++) {
      const node = queue.shift()!;
      check(node.value);
      for (const s of arb.shrink(node.value_, node.context).take(4)) queue.push(s);
    }
  }
}

export interface PropertyOptions {
  numRuns?: number;
  seed?: number;
  shrink?: ShrinkOptions | false;
}

/** The shared property of valid values: every value and every shrink passes Ajv compiled from the schema. */
export function assertValidValues(schema: JsonSchema, constraints: ValidValueConstraints = {}, options: PropertyOptions = {}): void {
  const fn = compile(schema);
  const arb = validValue(schema, constraints);
  const check = (v: unknown) => {
    if (!fn(v)) throw new Error(`invalid value generated: ${JSON.stringify(v)}: ${describe(fn)}`);
    assertJsonCompatible(v);
  };
  fc.assert(fc.property(arb, check), { numRuns: options.numRuns ?? 1000, seed: options.seed });
  if (options.shrink !== false) assertShrinks(arb, check, options.shrink);
}

/** Whether Ajv reports an error for `keyword` at `pointer` (for `required`-like keywords, at the object). */
export function reportsKeywordAt(errors: ErrorObject[] | null | undefined, keyword: string, pointer: string): boolean {
  return (errors ?? []).some((e) => e.keyword === keyword && e.instancePath === pointer);
}

export interface InvalidValueStats {
  /** How often each mutation was produced. */
  mutations: Map<MutationId, number>;
  /** `mutation@pointer` pairs produced. */
  sites: Set<string>;
}

/**
 * The shared property of invalid values: every value (and every shrink) fails Ajv, on the keyword it
 * claims at the pointer it claims. Returns what was produced, for coverage expectations.
 */
export function assertInvalidValues(schema: JsonSchema, constraints: ValidValueConstraints = {}, options: PropertyOptions = {}): InvalidValueStats {
  const fn = compile(schema);
  const arb = invalidValue(schema, { ...constraints, validate: (v) => fn(v) as boolean });
  expect(arb, 'invalidValue returned null').not.toBeNull();
  const seen = new Map<MutationId, number>();
  const sites = new Set<string>();
  const check = (iv: InvalidValue) => {
    if (fn(iv.value)) throw new Error(`valid value produced by ${iv.mutation}: ${JSON.stringify(iv.value)}`);
    if (!reportsKeywordAt(fn.errors, iv.keyword, iv.pointer)) {
      throw new Error(`${iv.mutation} claims ${iv.keyword} at "${iv.pointer}", Ajv says: ${describe(fn)} for ${JSON.stringify(iv.value)}`);
    }
    assertJsonCompatible(iv.value);
  };
  fc.assert(
    fc.property(arb!, (iv) => {
      check(iv);
      seen.set(iv.mutation, (seen.get(iv.mutation) ?? 0) + 1);
      sites.add(`${iv.mutation}@${iv.pointer}`);
    }),
    { numRuns: options.numRuns ?? 1000, seed: options.seed },
  );
  if (options.shrink !== false) assertShrinks(arb!, check, options.shrink);
  return { mutations: seen, sites };
}
