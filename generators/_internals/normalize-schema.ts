import { appendPointer, resolveLocalRef } from './json-pointer';
import { mergeSchemas } from './merge-schemas';
import { unsatisfiable, unsupported } from './schema-generation-error';
import { declaredTypes, isSchemaObject, type JsonSchema, type SchemaObject } from './schema-types';

const MAX_REF_CHAIN = 32;

/**
 * A flat view of `schema`: local `$ref` resolved and merged, `allOf` merged, OpenAPI `nullable`
 * folded into `type`. Nested sub-schemas stay as they are (normalized when reached), so cyclic
 * (dereferenced) schemas are fine. `anyOf`, `oneOf`, `not`, `if` remain for the builder.
 */
export function normalizeSchema(schema: JsonSchema, root: JsonSchema, pointer: string, chain: readonly object[] = []): JsonSchema {
  if (!isSchemaObject(schema)) {
    if (typeof schema === 'boolean') return schema;
    throw unsupported(pointer, `a schema must be an object or a boolean, got ${JSON.stringify(schema)}`);
  }
  if (chain.includes(schema) || chain.length > MAX_REF_CHAIN) {
    throw unsatisfiable(pointer, 'the schema refers to itself without nesting ($ref/allOf cycle)');
  }
  const next = [...chain, schema];
  let flat: SchemaObject = { ...schema };

  if ('nullable' in flat) {
    if (flat.nullable === true && flat.type !== undefined) flat.type = declaredTypes(flat);
    delete flat.nullable;
  }

  let result: JsonSchema = flat;
  if (typeof flat.$ref === 'string') {
    const ref = flat.$ref;
    const target = resolveLocalRef(root, ref);
    if (target === undefined) throw unsupported(pointer, `cannot resolve $ref ${JSON.stringify(ref)}`);
    delete flat.$ref;
    const resolved = normalizeSchema(target as JsonSchema, root, appendPointer(pointer, '$ref'), next);
    result = mergeSchemas(resolved, normalizeSchema(flat, root, pointer, next), pointer);
    if (result === true || result === false) return result;
    flat = result;
  }

  if (Array.isArray(flat.allOf)) {
    const members = flat.allOf as JsonSchema[];
    const rest: SchemaObject = { ...flat };
    delete rest.allOf;
    let acc: JsonSchema = rest;
    members.forEach((member, i) => {
      const p = appendPointer(pointer, 'allOf', i);
      acc = mergeSchemas(acc, normalizeSchema(member, root, p, next), p);
    });
    result = acc;
  }
  return result;
}
