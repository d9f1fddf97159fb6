import type { JsonSchema, Operation, Parameter } from '../../src/contract/types';
import { readableValue } from '../_internals/readable-value';
import { matchesSchema } from '../_internals/schema-match';
import type { RequestCase } from './types';

type SchemaObject = Record<string, unknown>;

/**
 * The operation's documented example as a request, built on a generated valid request (`sample`): every
 * part the contract gives an example for (a media type or parameter `example`/`examples`, a schema
 * `example`/`examples`, at any depth of the body) takes that example; a required part with no example
 * keeps the sample's generated value; an optional part with no example is left out. The result is the
 * smallest request the docs describe, which random generation rarely sends as such (an optional
 * `method` beside a provider's example credentials, for instance, is usually what gets it refused).
 *
 * Examples are the docs' words, not a proof: the caller checks the result against the schema and drops
 * it when the examples do not fit together.
 */
export function exampleRequest(operation: Operation, sample: RequestCase): RequestCase {
  const request: RequestCase = {
    ...sample,
    kind: 'valid',
    pathParams: documentedParams(operation.parameters.filter((p) => p.in === 'path'), sample.pathParams),
    query: documentedParams(operation.parameters.filter((p) => p.in === 'query'), sample.query),
    headers: documentedParams(operation.parameters.filter((p) => p.in === 'header'), sample.headers),
  };
  delete request.mutation;
  const body = operation.requestBody;
  if (body && sample.body?.kind === 'json') {
    request.body = { kind: 'json', value: body.examples?.length ? body.examples[0] : documentedValue(body.schema, sample.body.value) };
  }
  return request;
}

/** Whether a schema documents an example for itself or for anything inside it. */
export function hasExample(schema: JsonSchema): boolean {
  if (!isSchemaObject(schema)) return false;
  if (exampleOf(schema) !== undefined) return true;
  const nested = [
    ...Object.values((schema.properties as Record<string, JsonSchema> | undefined) ?? {}),
    ...((schema.allOf as JsonSchema[] | undefined) ?? []),
    ...(schema.items !== undefined ? [schema.items as JsonSchema] : []),
  ];
  return nested.some(hasExample);
}

/**
 * Whether the docs give every part of a value the schema requires: an example of the schema itself, or of
 * each required property (recursively). When they do not, exampleRequest fills the gaps with generated
 * values, and the request is only partly the docs' example.
 */
export function documentsWholly(schema: JsonSchema): boolean {
  if (!isSchemaObject(schema)) return false;
  if (exampleOf(schema) !== undefined) return true;
  const shape = objectShape(schema);
  if (!shape) return false;
  return [...shape.required].every((name) => shape.properties[name] !== undefined && documentsWholly(shape.properties[name]!));
}

function documentedParams(params: Parameter[], generated: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of params) {
    const example = p.examples?.[0] ?? (isSchemaObject(p.schema) ? exampleOf(p.schema) : undefined);
    if (example !== undefined && (example === null || typeof example !== 'object')) out[p.name] = example;
    else if (p.required && p.name in generated) out[p.name] = filler(p.schema, generated[p.name]);
  }
  return out;
}

/** `generated` reduced to what the schema documents (see exampleRequest). */
function documentedValue(schema: JsonSchema, generated: unknown): unknown {
  if (!isSchemaObject(schema)) return generated;
  const example = exampleOf(schema);
  if (example !== undefined) return structuredClone(example);
  if (Array.isArray(generated) && schema.items !== undefined) {
    return generated.map((item) => documentedValue(schema.items as JsonSchema, item));
  }
  const shape = objectShape(schema);
  if (!shape || generated === null || typeof generated !== 'object' || Array.isArray(generated)) return filler(schema, generated);
  const source = generated as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(shape.properties)) {
    if (shape.required.has(key) || hasExample(sub)) {
      const value = documentedValue(sub, source[key]);
      if (value !== undefined) out[key] = value;
    }
  }
  // Required names no `properties` entry describes keep their generated values.
  for (const key of shape.required) if (!(key in out) && key in source) out[key] = source[key];
  return out;
}

/**
 * A generated value standing in for an undocumented required part, its strings printable ASCII where the
 * schema allows: the example request is sent as it is (never shrunk), so its filler is what a finding
 * quotes, and random astral or invisible characters there only obscure it.
 */
function filler(schema: JsonSchema, generated: unknown): unknown {
  return readableValue(generated, (candidate) => matchesSchema(candidate, schema, { root: schema, unsupported: false }));
}

/** The properties and required names of an object schema, its `allOf` branches merged in. */
function objectShape(schema: SchemaObject): { properties: Record<string, JsonSchema>; required: Set<string> } | undefined {
  const branches = [schema, ...((schema.allOf as JsonSchema[] | undefined) ?? []).filter(isSchemaObject)];
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  for (const branch of branches) {
    Object.assign(properties, (branch.properties as Record<string, JsonSchema> | undefined) ?? {});
    for (const name of (branch.required as string[] | undefined) ?? []) required.add(name);
  }
  return Object.keys(properties).length || required.size ? { properties, required } : undefined;
}

function exampleOf(schema: SchemaObject): unknown {
  if (schema.example !== undefined) return schema.example;
  return Array.isArray(schema.examples) && schema.examples.length ? schema.examples[0] : undefined;
}

function isSchemaObject(schema: JsonSchema | undefined): schema is SchemaObject {
  return schema !== null && typeof schema === 'object' && !Array.isArray(schema);
}
