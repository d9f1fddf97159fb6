import { unsatisfiable } from './schema-generation-error';
import { jsonEqual } from './json-equality';
import { lcm } from './numbers';
import { matchesPattern } from './schema-match';
import {
  ALSO,
  declaredTypes,
  isSchemaObject,
  schemaMap,
  stringList,
  type JsonSchema,
  type JsonType,
  type SchemaObject,
} from './schema-types';

/**
 * Internal keyword: set when two merged object schemas both restrict unknown keys, so the builder only
 * generates declared properties (extra keys would have to satisfy both sides).
 */
export const NO_EXTRA_KEYS = 'x-gen-no-extra-keys';

const MAX_ANY_OF_PRODUCT = 32;

const LOWER_BOUNDS = ['minLength', 'minItems', 'minProperties', 'minimum', 'exclusiveMinimum'];
const UPPER_BOUNDS = ['maxLength', 'maxItems', 'maxProperties', 'maximum', 'exclusiveMaximum'];
const SUB_SCHEMAS = ['items', 'additionalProperties', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'];
const SCHEMA_MAPS = ['patternProperties', 'dependentSchemas'];
const FLAGS = ['uniqueItems', 'readOnly', 'writeOnly', 'deprecated'];
/** Handled as groups before the keyword loop. */
const GROUPED = new Set(['properties', 'prefixItems', 'items', 'contains', 'minContains', 'maxContains', 'if', 'then', 'else', NO_EXTRA_KEYS]);

/** `allOf: [a, b]` for sub-schemas, simplified for boolean schemas. */
export function conjunction(a: JsonSchema | undefined, b: JsonSchema | undefined): JsonSchema {
  if (a === undefined || a === true) return b ?? true;
  if (b === undefined || b === true) return a;
  if (a === false || b === false) return false;
  if (a === b) return a;
  return { allOf: [a, b] };
}

function intersectTypes(a: JsonType[], b: JsonType[]): JsonType[] {
  const out = new Set<JsonType>();
  for (const t of a) {
    if (b.includes(t)) out.add(t);
    else if (t === 'integer' && b.includes('number')) out.add('integer');
    else if (t === 'number' && b.includes('integer')) out.add('integer');
  }
  return [...out];
}

function pushAlso(out: SchemaObject, schema: SchemaObject): void {
  out[ALSO] = [...((out[ALSO] as JsonSchema[] | undefined) ?? []), schema];
}

/** The schema a key gets from one side of a merge: `properties` and matching `patternProperties`, else `additionalProperties`. */
export function keySchema(side: SchemaObject, key: string): JsonSchema {
  const props = schemaMap(side.properties);
  let schema: JsonSchema = true;
  let evaluated = false;
  if (Object.prototype.hasOwnProperty.call(props, key)) {
    schema = props[key];
    evaluated = true;
  }
  for (const [p, ps] of Object.entries(schemaMap(side.patternProperties))) {
    if (matchesPattern(p, key)) {
      schema = conjunction(schema, ps);
      evaluated = true;
    }
  }
  if (!evaluated && side.additionalProperties !== undefined) schema = side.additionalProperties as JsonSchema;
  return schema;
}

function restrictsExtraKeys(s: SchemaObject): boolean {
  return s.patternProperties !== undefined || (s.additionalProperties !== undefined && s.additionalProperties !== true) || s[NO_EXTRA_KEYS] === true;
}

/**
 * The conjunction of two flat schemas (no `$ref`/`allOf` at their top level) as one flat schema:
 * bounds tightened, types and enums intersected, sub-schemas conjoined lazily (`{allOf: [a, b]}`),
 * leftovers that cannot be folded kept under the internal `x-gen-also` list.
 * Throws when the conjunction is provably empty.
 */
export function mergeSchemas(a: JsonSchema, b: JsonSchema, pointer: string): JsonSchema {
  if (a === true) return b;
  if (b === true) return a;
  if (a === false || b === false) throw unsatisfiable(pointer, 'allOf includes the false schema');
  const out: SchemaObject = { ...a };

  // properties: each key conjoins what both sides say about it.
  if (a.properties !== undefined || b.properties !== undefined) {
    const keys = new Set([...Object.keys(schemaMap(a.properties)), ...Object.keys(schemaMap(b.properties))]);
    const props: Record<string, JsonSchema> = {};
    for (const k of keys) props[k] = conjunction(keySchema(a, k), keySchema(b, k));
    out.properties = props;
  }
  if (restrictsExtraKeys(a) && restrictsExtraKeys(b)) out[NO_EXTRA_KEYS] = true;
  else if (b[NO_EXTRA_KEYS] === true) out[NO_EXTRA_KEYS] = true;

  // prefixItems/items: positions conjoin the prefix schema of one side with the other's prefix or items.
  if (a.prefixItems !== undefined || b.prefixItems !== undefined) {
    const pa = Array.isArray(a.prefixItems) ? (a.prefixItems as JsonSchema[]) : [];
    const pb = Array.isArray(b.prefixItems) ? (b.prefixItems as JsonSchema[]) : [];
    const n = Math.max(pa.length, pb.length);
    const prefix: JsonSchema[] = [];
    for (let i = 0; i < n; i++) {
      prefix.push(conjunction(i < pa.length ? pa[i] : (a.items as JsonSchema | undefined), i < pb.length ? pb[i] : (b.items as JsonSchema | undefined)));
    }
    out.prefixItems = prefix;
  }
  if (a.items !== undefined || b.items !== undefined) out.items = conjunction(a.items as JsonSchema | undefined, b.items as JsonSchema | undefined);

  // contains (with its min/max) and if/then/else are groups: a second one goes to the leftovers.
  if (b.contains !== undefined) {
    if (a.contains === undefined) {
      for (const k of ['contains', 'minContains', 'maxContains']) if (b[k] !== undefined) out[k] = b[k];
    } else {
      const group: SchemaObject = { contains: b.contains };
      if (b.minContains !== undefined) group.minContains = b.minContains;
      if (b.maxContains !== undefined) group.maxContains = b.maxContains;
      pushAlso(out, group);
    }
  }
  if (b.if !== undefined) {
    const group: SchemaObject = { if: b.if };
    if (b.then !== undefined) group.then = b.then;
    if (b.else !== undefined) group.else = b.else;
    if (a.if === undefined) Object.assign(out, group);
    else pushAlso(out, group);
  }

  for (const [k, vb] of Object.entries(b)) {
    if (GROUPED.has(k)) continue;
    if (!(k in out) || out[k] === undefined) {
      out[k] = vb;
      continue;
    }
    const va = out[k];
    if (k === 'type') {
      const ta = declaredTypes(a) ?? [];
      const tb = declaredTypes(b) ?? [];
      const t = intersectTypes(ta, tb);
      if (t.length === 0) throw unsatisfiable(pointer, `allOf requires type ${JSON.stringify(va)} and ${JSON.stringify(vb)}`);
      out.type = t;
    } else if (k === 'enum') {
      if (!Array.isArray(va) || !Array.isArray(vb)) continue;
      const both = va.filter((x) => vb.some((y) => jsonEqual(x, y)));
      if (both.length === 0) throw unsatisfiable(pointer, 'allOf enums share no member');
      out.enum = both;
    } else if (k === 'const') {
      if (!jsonEqual(va, vb)) throw unsatisfiable(pointer, `allOf requires const ${JSON.stringify(va)} and ${JSON.stringify(vb)}`);
    } else if (LOWER_BOUNDS.includes(k)) {
      if (typeof va === 'number' && typeof vb === 'number') out[k] = Math.max(va, vb);
    } else if (UPPER_BOUNDS.includes(k)) {
      if (typeof va === 'number' && typeof vb === 'number') out[k] = Math.min(va, vb);
    } else if (k === 'multipleOf') {
      if (typeof va !== 'number' || typeof vb !== 'number') continue;
      const m = lcm(va, vb);
      if (m !== undefined) out.multipleOf = m;
      else pushAlso(out, { multipleOf: vb });
    } else if (k === 'required') {
      out.required = [...new Set([...stringList(va), ...stringList(vb)])];
    } else if (k === 'dependentRequired') {
      const merged: Record<string, string[]> = {};
      for (const src of [va, vb]) {
        for (const [key, deps] of Object.entries(schemaMap(src))) merged[key] = [...new Set([...(merged[key] ?? []), ...stringList(deps)])];
      }
      out.dependentRequired = merged;
    } else if (SUB_SCHEMAS.includes(k)) {
      out[k] = conjunction(va as JsonSchema, vb as JsonSchema);
    } else if (SCHEMA_MAPS.includes(k)) {
      const merged: Record<string, JsonSchema> = { ...schemaMap(va) };
      for (const [key, s] of Object.entries(schemaMap(vb))) merged[key] = conjunction(merged[key], s);
      out[k] = merged;
    } else if (FLAGS.includes(k)) {
      out[k] = va === true || vb === true;
    } else if (k === 'not') {
      out.not = { anyOf: [va, vb] };
    } else if (k === 'anyOf') {
      const la = va as JsonSchema[];
      const lb = vb as JsonSchema[];
      if (la.length * lb.length <= MAX_ANY_OF_PRODUCT) out.anyOf = la.flatMap((x) => lb.map((y) => conjunction(x, y)));
      else pushAlso(out, { anyOf: lb });
    } else if (k === ALSO) {
      out[ALSO] = [...(va as JsonSchema[]), ...(vb as JsonSchema[])];
    } else if (k === 'pattern' || k === 'format' || k === 'oneOf') {
      if (!jsonEqual(va, vb)) pushAlso(out, { [k]: vb });
    }
    // any other keyword (annotations, unknown): the first side's value stays.
  }
  if (Array.isArray(out.enum) && 'const' in out && !out.enum.some((x) => jsonEqual(x, out.const))) {
    throw unsatisfiable(pointer, 'allOf const is not a member of the enum');
  }
  return out;
}

/** Whether `schema` is an object schema (not boolean). */
export function asObject(schema: JsonSchema): SchemaObject | undefined {
  return isSchemaObject(schema) ? schema : undefined;
}
