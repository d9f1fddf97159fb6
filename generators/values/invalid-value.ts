import fc from 'fast-check';
import { resolveConstraints, subContext, type BuildContext } from '../_internals/build-context';
import { buildValue } from '../_internals/builders/schema-value';
import { isExcludedProperty } from '../_internals/builders/object-value';
import { somePass } from '../_internals/guarded-filter';
import { escapeToken } from '../_internals/json-pointer';
import { mergeSchemas } from '../_internals/merge-schemas';
import { mutationContext } from '../_internals/mutation-context';
import { withKey } from '../_internals/mutation-support';
import { normalizeSchema } from '../_internals/normalize-schema';
import { SchemaGenerationError } from '../_internals/schema-generation-error';
import { matchesPattern } from '../_internals/schema-match';
import { isSchemaObject, schemaMap, stringList, type JsonSchema, type SchemaObject } from '../_internals/schema-types';
import { mutations, type MutationId } from '../mutations/index';
import type { ValidValueConstraints } from './valid-value';

/** A value the schema rejects, and where and how it was broken. */
export interface InvalidValue {
  value: unknown;
  /** The kind of mutation applied. */
  mutation: MutationId;
  /** JSON pointer into the value where it was broken ('' for the root); for object keywords (`required`…) the object. */
  pointer: string;
  /** The schema keyword broken, as Ajv names it in its errors (`maxLength`, `required`, `type`…). */
  keyword: string;
}

/** Constraints to apply when building {@link invalidValue}. */
export interface InvalidValueConstraints extends ValidValueConstraints {
  /** The validator compiled from the original schema: only values it rejects are produced. */
  validate: (value: unknown) => boolean;
}

/** Values drawn at build time per candidate to check that the validator rejects some of them. */
const PROBE_RUNS = 24;

function tryBuild(schema: JsonSchema, ctx: BuildContext): fc.Arbitrary<unknown> | undefined {
  try {
    return buildValue(schema, ctx);
  } catch (e) {
    if (e instanceof SchemaGenerationError) return undefined;
    throw e;
  }
}

/** A key for an extra property: not declared, not matching patternProperties. */
function freshKey(s: SchemaObject): string {
  const declared = new Set([...Object.keys(schemaMap(s.properties)), ...stringList(s.required)]);
  const patterns = Object.keys(schemaMap(s.patternProperties));
  for (let i = 0; ; i++) {
    const k = i === 0 ? 'extra' : `extra${i}`;
    if (!declared.has(k) && !patterns.some((p) => matchesPattern(p, k))) return k;
  }
}

/**
 * `parent` (an array, long enough: parents are built with the needed minItems) with item `i` replaced;
 * a shorter or non-array parent is padded with copies of the broken value.
 */
function replaceAt(parent: unknown, i: number, v: unknown): unknown[] {
  const arr = Array.isArray(parent) ? parent : [];
  return Array.from({ length: Math.max(arr.length, i + 1) }, (_, j) => (j === i || j >= arr.length ? v : arr[j]));
}

/** Broken values for `schema` at `ctx`: its own keywords, then (depth permitting) its properties and items. */
function brokenValues(schema: JsonSchema, ctx: BuildContext): Array<fc.Arbitrary<InvalidValue>> {
  let flat: JsonSchema;
  try {
    flat = normalizeSchema(schema, ctx.root, ctx.pointer);
  } catch (e) {
    if (e instanceof SchemaGenerationError) return [];
    throw e;
  }
  if (!isSchemaObject(flat)) return [];
  const s = flat;
  const out: Array<fc.Arbitrary<InvalidValue>> = [];
  const mctx = mutationContext(ctx);
  for (const mutation of mutations) {
    let candidates;
    try {
      candidates = mutation.candidates(s, mctx);
    } catch (e) {
      if (e instanceof SchemaGenerationError) continue;
      throw e;
    }
    for (const c of candidates) {
      out.push(c.value.map((value): InvalidValue => ({ value, mutation: mutation.id, pointer: '', keyword: c.keyword })));
    }
  }
  if (ctx.depth >= ctx.options.maxDepth) return out;

  /** Nests a child's broken values into valid parents built from `parentSchema`. */
  const nest = (
    parentSchema: JsonSchema,
    childSchema: JsonSchema,
    childCtx: BuildContext,
    place: (parent: unknown, child: unknown, pick: number) => { value: unknown; token: string | number },
  ) => {
    const children = brokenValues(childSchema, childCtx);
    if (children.length === 0) return;
    let parentArb: fc.Arbitrary<unknown> | undefined;
    try {
      parentArb = tryBuild(mergeSchemas(s, normalizeSchema(parentSchema, ctx.root, ctx.pointer), ctx.pointer), ctx);
    } catch (e) {
      if (!(e instanceof SchemaGenerationError)) throw e;
    }
    if (!parentArb) return;
    const parent = parentArb;
    for (const child of children) {
      out.push(
        fc.tuple(parent, child, fc.nat()).map(([p, c, pick]) => {
          const placed = place(p, c.value, pick);
          return { ...c, value: placed.value, pointer: `/${escapeToken(placed.token)}${c.pointer}` };
        }),
      );
    }
  };

  // oneOf / anyOf branches: the schema with one branch merged in, broken the same way (a hostId of the wrong
  // type in the hostId branch). Most such values match no branch; invalidValue keeps only those the whole
  // schema rejects.
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = Array.isArray(s[key]) ? (s[key] as JsonSchema[]) : [];
    branches.forEach((branch, i) => {
      const { [key]: _branches, ...rest } = s;
      let merged: JsonSchema;
      try {
        merged = mergeSchemas(rest, normalizeSchema(branch, ctx.root, ctx.pointer), ctx.pointer);
      } catch (e) {
        if (e instanceof SchemaGenerationError) return;
        throw e;
      }
      out.push(...brokenValues(merged, subContext(ctx, [key, i], true)));
    });
  }
  // properties
  for (const [key, propSchema] of Object.entries(schemaMap(s.properties))) {
    const pctx = subContext(ctx, ['properties', key], true);
    if (propSchema === false || isExcludedProperty(propSchema, pctx)) continue;
    nest({ type: 'object', required: [key] }, propSchema, pctx, (p, v) => ({ value: withKey(p, key, v), token: key }));
  }
  // additionalProperties as a schema: an extra key with a broken value
  if (isSchemaObject(s.additionalProperties)) {
    const key = freshKey(s);
    nest({ type: 'object' }, s.additionalProperties, subContext(ctx, ['additionalProperties'], true), (p, v) => ({ value: withKey(p, key, v), token: key }));
  }
  // prefixItems, then items
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
  prefix.forEach((itemSchema, i) => {
    nest({ type: 'array', minItems: i + 1 }, itemSchema, subContext(ctx, ['prefixItems', i], true), (p, v) => ({ value: replaceAt(p, i, v), token: i }));
  });
  if (isSchemaObject(s.items)) {
    nest({ type: 'array', minItems: prefix.length + 1 }, s.items, subContext(ctx, ['items'], true), (p, v, pick) => {
      const length = Array.isArray(p) ? p.length : 0;
      const i = prefix.length + (length > prefix.length ? pick % (length - prefix.length) : 0);
      return { value: replaceAt(p, i, v), token: i };
    });
  }
  return out;
}

/**
 * Values the schema rejects, each saying which mutation broke which keyword where. Mutations apply to
 * every keyword present, recursively into oneOf/anyOf branches, properties, additionalProperties,
 * prefixItems and items (to `maxDepth`); only values `validate` rejects are produced, and a mutation that cannot produce one is
 * dropped at build time. Returns null when no mutation applies (`{}`, `true`).
 */
export function invalidValue(schema: JsonSchema, constraints: InvalidValueConstraints): fc.Arbitrary<InvalidValue> | null {
  const options = resolveConstraints(constraints);
  const { validate } = constraints;
  const rejected = (iv: InvalidValue) => !validate(iv.value);
  const candidates = brokenValues(schema, { root: schema, pointer: '', depth: 0, options });
  const kept = candidates.filter((arb) => somePass(arb, rejected, PROBE_RUNS)).map((arb) => arb.filter(rejected));
  if (kept.length === 0) return null;
  return kept.length === 1 ? kept[0] : fc.oneof(...kept);
}

