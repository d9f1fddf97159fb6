import fc from 'fast-check';
import { resolveConstraints, subContext, type BuildContext } from '../_internals/build-context';
import { isExcludedProperty } from '../_internals/builders/object-value';
import { numericBounds } from '../_internals/builders/number-value';
import { canonicalJson } from '../_internals/json-equality';
import { escapeToken } from '../_internals/json-pointer';
import { mutationContext } from '../_internals/mutation-context';
import { appliesTo, firstValid, integerOnly, withKey } from '../_internals/mutation-support';
import { decimals, nextDown, nextUp, roundTo } from '../_internals/numbers';
import { normalizeSchema } from '../_internals/normalize-schema';
import { SchemaGenerationError } from '../_internals/schema-generation-error';
import { declaredTypes, isSchemaObject, num, schemaMap, setOwn, stringList, type JsonSchema, type SchemaObject } from '../_internals/schema-types';
import { mutations } from '../mutations/index';
import type { MutationContext } from '../mutations/types';
import type { InvalidValue } from './invalid-value';
import type { ValidValueConstraints } from './valid-value';

/** A valid value and what it covers (`/name: maxLength 255 at bound`). */
export interface BoundaryValue {
  value: unknown;
  label: string;
  /** JSON pointer of the covered value inside `value` ('' for the whole value), first one if several. */
  pointer?: string;
}

export interface BoundaryValues {
  valid: BoundaryValue[];
  invalid: InvalidValue[];
}

interface Local {
  /** `pointer` locates the covered value inside the whole value (for labels). */
  valid: Array<BoundaryValue & { pointer: string }>;
  invalid: InvalidValue[];
}

/** The first multiple of `step` at or above `x` (or `x` itself without a step). */
function alignUp(x: number, step: number | undefined): number {
  return step === undefined ? x : roundTo(Math.ceil(x / step) * step, decimals(step));
}

function alignDown(x: number, step: number | undefined): number {
  return step === undefined ? x : roundTo(Math.floor(x / step) * step, decimals(step));
}

function stringBounds(s: SchemaObject, m: MutationContext): BoundaryValue[] {
  if (!appliesTo(s, 'string')) return [];
  const out: BoundaryValue[] = [];
  const ofLength = (n: number, label: string) => {
    if (n < 0) return;
    const value = firstValid(m, { ...s, type: 'string', minLength: n, maxLength: n });
    if (value !== undefined) out.push({ value, label });
  };
  const min = num(s, 'minLength');
  const max = num(s, 'maxLength');
  if (min !== undefined) {
    ofLength(min, `length ${min}, at minLength`);
    ofLength(min + 1, `length ${min + 1}, just inside minLength ${min}`);
  }
  if (max !== undefined) {
    ofLength(max, `length ${max}, at maxLength`);
    ofLength(max - 1, `length ${max - 1}, just inside maxLength ${max}`);
    if (s.pattern === undefined && s.format === undefined && max > 0) {
      out.push({ value: '\u{1F600}'.repeat(max), label: `${max} astral code points (${2 * max} UTF-16 units), at maxLength` });
    }
  }
  if (s.pattern !== undefined || s.format !== undefined) {
    const value = firstValid(m, { ...s, type: 'string' });
    if (value !== undefined) out.push({ value, label: s.format !== undefined ? `a ${s.format}` : `matching ${s.pattern}` });
  }
  return out;
}

function numberBounds(s: SchemaObject, ctx: BuildContext): BoundaryValue[] {
  if (!appliesTo(s, 'number')) return [];
  const integer = integerOnly(s);
  let b;
  try {
    b = numericBounds(s, integer, ctx.pointer);
  } catch {
    return [];
  }
  const step = b.multipleOf ?? (integer ? 1 : undefined);
  const up = (x: number) => (step === undefined ? nextUp(x) : roundTo(x + step, decimals(step)));
  const down = (x: number) => (step === undefined ? nextDown(x) : roundTo(x - step, decimals(step)));
  const out: BoundaryValue[] = [];
  const min = num(s, 'minimum');
  const xmin = num(s, 'exclusiveMinimum');
  const max = num(s, 'maximum');
  const xmax = num(s, 'exclusiveMaximum');
  if (min !== undefined) {
    const at = alignUp(min, step);
    out.push({ value: at, label: `at minimum ${min}` }, { value: up(at), label: `just inside minimum ${min}` });
  }
  if (xmin !== undefined) {
    const first = step === undefined ? nextUp(xmin) : alignUp(xmin, step) === xmin ? up(xmin) : alignUp(xmin, step);
    out.push({ value: first, label: `just inside exclusiveMinimum ${xmin}` });
  }
  if (max !== undefined) {
    const at = alignDown(max, step);
    out.push({ value: at, label: `at maximum ${max}` }, { value: down(at), label: `just inside maximum ${max}` });
  }
  if (xmax !== undefined) {
    const last = step === undefined ? nextDown(xmax) : alignDown(xmax, step) === xmax ? down(xmax) : alignDown(xmax, step);
    out.push({ value: last, label: `just inside exclusiveMaximum ${xmax}` });
  }
  if (b.multipleOf !== undefined && out.length === 0) out.push({ value: 0, label: `multipleOf ${b.multipleOf}: zero` }, { value: b.multipleOf, label: `multipleOf ${b.multipleOf}: one step` });
  return out.map((v) => ({ ...v, value: (v.value as number) === 0 ? 0 : v.value }));
}

function countBounds(s: SchemaObject, m: MutationContext, type: 'array' | 'object'): BoundaryValue[] {
  if (!appliesTo(s, type)) return [];
  const [minK, maxK, noun] = type === 'array' ? ['minItems', 'maxItems', 'items'] : ['minProperties', 'maxProperties', 'properties'];
  const out: BoundaryValue[] = [];
  const exactly = (n: number, label: string) => {
    if (n < 0) return;
    const value = firstValid(m, { ...s, type, [minK]: n, [maxK]: n });
    if (value !== undefined) out.push({ value, label });
  };
  const min = num(s, minK);
  const max = num(s, maxK);
  if (min !== undefined) {
    exactly(min, `${min} ${noun}, at ${minK}`);
    exactly(min + 1, `${min + 1} ${noun}, just inside ${minK} ${min}`);
  }
  if (max !== undefined) {
    exactly(max, `${max} ${noun}, at ${maxK}`);
    exactly(max - 1, `${max - 1} ${noun}, just inside ${maxK} ${max}`);
  }
  return out;
}

function objectShapes(s: SchemaObject, m: MutationContext, ctx: BuildContext): BoundaryValue[] {
  if (!appliesTo(s, 'object') || s.properties === undefined) return [];
  const props = schemaMap(s.properties);
  const all = Object.keys(props).filter((k) => props[k] !== false && !isExcludedProperty(props[k], subContext(ctx, ['properties', k], true)));
  const out: BoundaryValue[] = [];
  const full = firstValid(m, { ...s, type: 'object', required: [...new Set([...stringList(s.required), ...all])] });
  if (full !== undefined) out.push({ value: full, label: 'every property present' });
  const required = new Set(stringList(s.required));
  const minimal = firstValid(m, { ...s, type: 'object' });
  if (minimal !== undefined && typeof minimal === 'object' && minimal !== null) {
    const only: Record<string, unknown> = {};
    for (const k of Object.keys(minimal)) if (required.has(k) || !Object.prototype.hasOwnProperty.call(props, k)) setOwn(only, k, (minimal as Record<string, unknown>)[k]);
    out.push({ value: only, label: 'required properties only' });
  }
  return out;
}

/** Boundary values of one schema, for its own value: enum members, bounds, types, then mutations. */
function local(s: SchemaObject, ctx: BuildContext): Local {
  const m = mutationContext(ctx);
  const valid: BoundaryValue[] = [];
  if (Array.isArray(s.enum)) s.enum.forEach((v) => valid.push({ value: v, label: `enum member ${JSON.stringify(v)}` }));
  if ('const' in s) valid.push({ value: s.const, label: 'the const' });
  const types = declaredTypes(s);
  if (types && types.length > 1) {
    for (const t of types) {
      const value = firstValid(m, { ...s, type: t });
      if (value !== undefined) valid.push({ value, label: `type ${t}` });
    }
  }
  valid.push(...stringBounds(s, m), ...numberBounds(s, ctx), ...countBounds(s, m, 'array'), ...countBounds(s, m, 'object'), ...objectShapes(s, m, ctx));

  const invalid: InvalidValue[] = [];
  for (const mutation of mutations) {
    try {
      if (mutation.boundary) {
        for (const b of mutation.boundary(s, m)) invalid.push({ value: b.value, mutation: mutation.id, pointer: '', keyword: b.keyword });
      } else {
        for (const c of mutation.candidates(s, m)) invalid.push({ value: fc.sample(c.value, { numRuns: 1, seed: 42 })[0], mutation: mutation.id, pointer: '', keyword: c.keyword });
      }
    } catch (e) {
      if (!(e instanceof SchemaGenerationError)) throw e;
    }
  }
  return { valid: valid.map((v) => ({ ...v, pointer: '' })), invalid };
}

function replaceAt(parent: unknown, i: number, v: unknown): unknown[] {
  const arr = Array.isArray(parent) ? parent : [];
  return Array.from({ length: Math.max(arr.length, i + 1) }, (_, j) => (j === i || j >= arr.length ? v : arr[j]));
}

/**
 * Boundary values for `schema` at `ctx` and, depth permitting, its properties and items, placed in a
 * valid parent (arrays just long enough to hold the item, so uniqueItems rarely interferes).
 */
function collect(schema: JsonSchema, ctx: BuildContext): Local {
  let flat: JsonSchema;
  try {
    flat = normalizeSchema(schema, ctx.root, ctx.pointer);
  } catch (e) {
    if (e instanceof SchemaGenerationError) return { valid: [], invalid: [] };
    throw e;
  }
  if (!isSchemaObject(flat)) return { valid: [], invalid: [] };
  const s = flat;
  const out = local(s, ctx);
  if (ctx.depth >= ctx.options.maxDepth) return out;
  const m = mutationContext(ctx);
  const nest = (parentSchema: SchemaObject, child: JsonSchema, childCtx: BuildContext, place: (p: unknown, v: unknown) => { value: unknown; token: string | number }) => {
    const inner = collect(child, childCtx);
    if (inner.valid.length === 0 && inner.invalid.length === 0) return;
    const parent = firstValid(m, { allOf: [s, parentSchema] });
    if (parent === undefined) return;
    for (const v of inner.valid) {
      const placed = place(parent, v.value);
      out.valid.push({ value: placed.value, label: v.label, pointer: `/${escapeToken(placed.token)}${v.pointer}` });
    }
    for (const iv of inner.invalid) {
      const placed = place(parent, iv.value);
      out.invalid.push({ ...iv, value: placed.value, pointer: `/${escapeToken(placed.token)}${iv.pointer}` });
    }
  };
  for (const [key, propSchema] of Object.entries(schemaMap(s.properties))) {
    const pctx = subContext(ctx, ['properties', key], true);
    if (propSchema === false || isExcludedProperty(propSchema, pctx)) continue;
    nest({ type: 'object', required: [key] }, propSchema, pctx, (p, v) => ({ value: withKey(p, key, v), token: key }));
  }
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
  prefix.forEach((itemSchema, i) => {
    nest({ type: 'array', minItems: i + 1, maxItems: i + 1 }, itemSchema, subContext(ctx, ['prefixItems', i], true), (p, v) => ({ value: replaceAt(p, i, v), token: i }));
  });
  if (isSchemaObject(s.items)) {
    nest({ type: 'array', minItems: prefix.length + 1, maxItems: prefix.length + 1 }, s.items, subContext(ctx, ['items'], true), (p, v) => ({ value: replaceAt(p, prefix.length, v), token: prefix.length }));
  }
  return out;
}

/**
 * Deterministic coverage of a schema's edges: valid values at and just inside each bound (lengths,
 * numbers, item and property counts), each enum member, each type of a type list, all/only-required
 * properties; invalid values just outside each bound, each required property missing, wrong types, and
 * one value per other mutation. Nested properties and items are covered inside a valid parent.
 * `valid` holds only values `validate` accepts, `invalid` only values it rejects.
 */
export function boundaryValues(schema: JsonSchema, validate: (value: unknown) => boolean, constraints: ValidValueConstraints = {}): BoundaryValues {
  const options = resolveConstraints(constraints);
  const all = collect(schema, { root: schema, pointer: '', depth: 0, options });
  // One entry per distinct value; a value covering several edges carries every label.
  const byValue = new Map<string, BoundaryValue>();
  for (const v of all.valid) {
    const key = canonicalJson(v.value);
    const label = v.pointer === '' ? v.label : `${v.pointer}: ${v.label}`;
    const known = byValue.get(key);
    if (known) known.label = `${known.label}; ${label}`;
    else if (validate(v.value)) byValue.set(key, { value: v.value, label, pointer: v.pointer });
  }
  const valid = [...byValue.values()];
  const seenInvalid = new Set<string>();
  const invalid = all.invalid.filter((iv) => {
    const key = `${iv.mutation} ${iv.pointer} ${canonicalJson(iv.value)}`;
    if (seenInvalid.has(key) || validate(iv.value)) return false;
    seenInvalid.add(key);
    return true;
  });
  return { valid, invalid };
}
