import fc from 'fast-check';
import { DEPTH_SLACK, MAX_EXPANSIONS, type BuildContext } from '../build-context';
import { guardedFilter } from '../guarded-filter';
import { cloneJson } from '../json-equality';
import { appendPointer } from '../json-pointer';
import { mergeSchemas } from '../merge-schemas';
import { normalizeSchema } from '../normalize-schema';
import { formatPointer, SchemaGenerationError, unsatisfiable, unsupported } from '../schema-generation-error';
import { matchesSchema } from '../schema-match';
import { ALSO, declaredTypes, isPlainObject, isSchemaObject, JSON_TYPES, type JsonSchema, type JsonType, type SchemaObject } from '../schema-types';
import { anyJsonValue } from './any-json-value';
import { arrayValue } from './array-value';
import { numberValue } from './number-value';
import { objectValue } from './object-value';
import { stringValue } from './string-value';

/** Keywords that only make sense for one type; a schema without `type` is generated as those types. */
const TYPE_KEYWORDS: Record<Exclude<JsonType, 'integer' | 'null' | 'boolean'>, string[]> = {
  string: ['minLength', 'maxLength', 'pattern', 'format'],
  number: ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems', 'contains', 'minContains', 'maxContains'],
  object: ['properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties', 'maxProperties', 'dependentRequired', 'dependentSchemas', 'propertyNames'],
};

function omit(s: SchemaObject, ...keys: string[]): SchemaObject {
  const out = { ...s };
  for (const k of keys) delete out[k];
  return out;
}

function buildError(pointer: string, what: string, errors: SchemaGenerationError[]): SchemaGenerationError {
  const code = errors.every((e) => e.code === 'SCHEMA_UNSATISFIABLE') ? 'SCHEMA_UNSATISFIABLE' : 'SCHEMA_UNSUPPORTED';
  const reasons = errors.map((e) => `${formatPointer(e.pointer)}: ${e.reason}`).join('; ');
  return new SchemaGenerationError(code, pointer, `${what} (${reasons.length > 600 ? `${reasons.slice(0, 600)}…` : reasons})`);
}

/** Builds every alternative, keeping those that can be generated; throws when none can. */
function alternatives(pointer: string, what: string, builders: Array<() => fc.Arbitrary<unknown>>): Array<fc.Arbitrary<unknown>> {
  const arbs: Array<fc.Arbitrary<unknown>> = [];
  const errors: SchemaGenerationError[] = [];
  for (const b of builders) {
    try {
      arbs.push(b());
    } catch (e) {
      if (!(e instanceof SchemaGenerationError)) throw e;
      errors.push(e);
    }
  }
  if (arbs.length === 0) throw buildError(pointer, what, errors);
  return arbs;
}

/** The types to generate for a flat schema. */
function typesToGenerate(s: SchemaObject): JsonType[] {
  let types = declaredTypes(s);
  if (!types) {
    const implied = (Object.keys(TYPE_KEYWORDS) as Array<keyof typeof TYPE_KEYWORDS>).filter((t) => TYPE_KEYWORDS[t].some((k) => s[k] !== undefined));
    types = implied.length > 0 ? implied : [...JSON_TYPES];
  }
  // `not: {type: …}` alone removes types outright.
  if (isSchemaObject(s.not) && Object.keys(s.not).every((k) => k === 'type' || k === 'description' || k === 'title')) {
    const banned = declaredTypes(s.not) ?? [];
    types = types.filter((t) => !banned.includes(t) && !(t === 'integer' && banned.includes('number')));
  }
  if (types.includes('number')) types = types.filter((t) => t !== 'integer');
  return types;
}

function typedValue(s: SchemaObject, ctx: BuildContext): fc.Arbitrary<unknown> {
  const types = typesToGenerate(s);
  if (types.length === 0) throw unsatisfiable(ctx.pointer, 'no type is left to generate');
  const unconstrained = declaredTypes(s) === undefined && types.length === JSON_TYPES.length - 1;
  if (unconstrained) return anyJsonValue(ctx);
  const builders = types.map((t) => (): fc.Arbitrary<unknown> => {
    switch (t) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return numberValue(s, ctx, true);
      case 'number':
        return numberValue(s, ctx, false);
      case 'string':
        return stringValue(s, ctx);
      case 'array':
        return arrayValue(s, ctx, buildValue);
      case 'object':
        return objectValue(s, ctx, buildValue);
    }
  });
  const arbs = alternatives(ctx.pointer, `no type in ${JSON.stringify(types)} can be generated`, builders);
  if (arbs.length === 1) return arbs[0];
  // null is one choice among many: keep it rarer than real values.
  return fc.oneof(...arbs.map((arbitrary, i) => ({ arbitrary, weight: types[i] === 'null' ? 1 : 3 })));
}

function enumValue(s: SchemaObject, ctx: BuildContext): fc.Arbitrary<unknown> {
  const members = 'const' in s ? [s.const] : (s.enum as unknown[]);
  const rest = omit(s, 'enum', 'const');
  const ok = members.filter((m) => matchesSchema(m, rest, { root: ctx.root, unsupported: false }));
  if (ok.length === 0) {
    throw unsatisfiable(appendPointer(ctx.pointer, 'const' in s ? 'const' : 'enum'), `no ${'const' in s ? 'const' : 'enum member'} satisfies the other keywords`);
  }
  return fc.constantFrom(...ok).map(cloneJson);
}

/** The context of a branch: same value, one more expansion (refused past MAX_EXPANSIONS). */
function branchContext(ctx: BuildContext, pointer: string): BuildContext {
  const expansions = (ctx.expansions ?? 0) + 1;
  if (expansions > MAX_EXPANSIONS) throw unsupported(pointer, `more than ${MAX_EXPANSIONS} nested anyOf/oneOf/if branches without nesting (a composition cycle)`);
  return { ...ctx, pointer, expansions };
}

function anyOfValue(s: SchemaObject, ctx: BuildContext, keyword: 'anyOf' | 'oneOf'): fc.Arbitrary<unknown> {
  const branches = s[keyword] as JsonSchema[];
  const base = omit(s, keyword);
  const builders = branches.map((branch, i) => () => {
    const p = appendPointer(ctx.pointer, keyword, i);
    const merged = mergeSchemas(base, normalizeSchema(branch, ctx.root, p), p);
    const arb = buildValue(merged, branchContext(ctx, p));
    if (keyword === 'anyOf') return arb;
    const others = branches.filter((_, j) => j !== i);
    return guardedFilter(arb, (v) => !others.some((o) => matchesSchema(v, o, { root: ctx.root, unsupported: true })), p, 'oneOf: a value matching no other branch');
  });
  const arbs = alternatives(ctx.pointer, `no ${keyword} branch can be generated`, builders);
  return arbs.length === 1 ? arbs[0] : fc.oneof(...arbs);
}

function conditionalValue(s: SchemaObject, ctx: BuildContext): fc.Arbitrary<unknown> {
  const base = omit(s, 'if', 'then', 'else');
  const cond = s.if as JsonSchema;
  const p = (k: string) => appendPointer(ctx.pointer, k);
  const builders = [
    () => {
      const withIf = mergeSchemas(base, normalizeSchema(cond, ctx.root, p('if')), p('if'));
      const merged = s.then === undefined ? withIf : mergeSchemas(withIf, normalizeSchema(s.then as JsonSchema, ctx.root, p('then')), p('then'));
      return guardedFilter(buildValue(merged, branchContext(ctx, p('then'))), (v) => matchesSchema(v, cond, { root: ctx.root, unsupported: false }), p('if'), 'values matching if');
    },
    () => {
      const merged = s.else === undefined ? base : mergeSchemas(base, normalizeSchema(s.else as JsonSchema, ctx.root, p('else')), p('else'));
      return guardedFilter(buildValue(merged, branchContext(ctx, p('else'))), (v) => !matchesSchema(v, cond, { root: ctx.root, unsupported: true }), p('if'), 'values not matching if');
    },
  ];
  const arbs = alternatives(ctx.pointer, 'neither the then nor the else branch can be generated', builders);
  return arbs.length === 1 ? arbs[0] : fc.oneof(...arbs);
}

/** Checks that merged leftovers, `not` and `dependentSchemas` hold (all by the evaluator). */
function leftoverCheck(s: SchemaObject, ctx: BuildContext): ((v: unknown) => boolean) | undefined {
  const checks: Array<(v: unknown) => boolean> = [];
  const opts = (unsupported: boolean) => ({ root: ctx.root, unsupported });
  for (const extra of (s[ALSO] as JsonSchema[] | undefined) ?? []) checks.push((v) => matchesSchema(v, extra, opts(false)));
  if (s.not !== undefined) checks.push((v) => !matchesSchema(v, s.not as JsonSchema, opts(true)));
  if (isSchemaObject(s.dependentSchemas)) {
    const deps = Object.entries(s.dependentSchemas);
    checks.push((v) => !isPlainObject(v) || deps.every(([k, d]) => !Object.prototype.hasOwnProperty.call(v, k) || matchesSchema(v, d as JsonSchema, opts(false))));
  }
  return checks.length === 0 ? undefined : (v) => checks.every((c) => c(v));
}

/** Built arbitraries per schema object, keyed by depth and options (building probes filters, so it costs). */
const cache = new WeakMap<object, WeakMap<object, Map<string, fc.Arbitrary<unknown>>>>();

/** Arbitrary of values valid against `schema` (flat or not), at the context's depth. */
export function buildValue(schema: JsonSchema, ctx: BuildContext): fc.Arbitrary<unknown> {
  if (typeof schema !== 'object' || schema === null || typeof ctx.root !== 'object' || ctx.root === null) return buildUncached(schema, ctx);
  const key = JSON.stringify([ctx.depth, ctx.options, ctx.expansions ?? 0]);
  let perRoot = cache.get(ctx.root);
  if (!perRoot) cache.set(ctx.root, (perRoot = new WeakMap()));
  let perSchema = perRoot.get(schema);
  const hit = perSchema?.get(key);
  if (hit) return hit;
  const arb = buildUncached(schema, ctx);
  if (!perSchema) perRoot.set(schema, (perSchema = new Map()));
  perSchema.set(key, arb);
  return arb;
}

function buildUncached(schema: JsonSchema, ctx: BuildContext): fc.Arbitrary<unknown> {
  if (ctx.depth > ctx.options.maxDepth + DEPTH_SLACK) {
    throw unsatisfiable(ctx.pointer, `every value needs nesting deeper than ${ctx.depth} levels (a cycle of required properties or minItems)`);
  }
  const flat = normalizeSchema(schema, ctx.root, ctx.pointer);
  if (flat === true) return anyJsonValue(ctx);
  if (flat === false) throw unsatisfiable(ctx.pointer, 'the false schema admits no value');
  if (Array.isArray(flat.oneOf)) return anyOfValue(flat, ctx, 'oneOf');
  if (Array.isArray(flat.anyOf)) return anyOfValue(flat, ctx, 'anyOf');
  if (flat.if !== undefined && (flat.then !== undefined || flat.else !== undefined)) return conditionalValue(flat, ctx);
  if ('const' in flat || Array.isArray(flat.enum)) return enumValue(flat, ctx);
  const arb = typedValue(flat, ctx);
  const check = leftoverCheck(flat, ctx);
  return withExamples(flat, check ? guardedFilter(arb, check, ctx.pointer, 'not/dependentSchemas/allOf leftovers') : arb, ctx);
}

/**
 * The schema's own `example` / `examples` (the values its authors show, often the only ones a server's
 * business rules accept, such as `{"apiKey": "sk-…"}`) are offered one time in four, when they satisfy
 * the schema. Generated values stay first, so shrinking still leads away from the examples.
 */
function withExamples(flat: Record<string, unknown>, arb: fc.Arbitrary<unknown>, ctx: BuildContext): fc.Arbitrary<unknown> {
  const shown = [...('example' in flat ? [flat.example] : []), ...(Array.isArray(flat.examples) ? flat.examples : [])];
  const usable = shown.filter((e) => e !== undefined && matchesSchema(e, flat as JsonSchema, { root: ctx.root, unsupported: false }));
  if (usable.length === 0) return arb;
  return fc.oneof({ arbitrary: arb, weight: 3 }, { arbitrary: fc.constantFrom(...usable), weight: 1 });
}
