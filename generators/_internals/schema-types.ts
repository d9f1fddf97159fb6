/** A JSON Schema (draft 2020-12): a boolean schema or a schema object. */
export type JsonSchema = boolean | { [k: string]: unknown };
export type SchemaObject = { [k: string]: unknown };

/** The seven JSON types Ajv knows, `integer` included. */
export type JsonType = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';
export const JSON_TYPES: readonly JsonType[] = ['null', 'boolean', 'integer', 'number', 'string', 'array', 'object'];

/**
 * Internal keyword written by the schema merger: a list of schemas the value must also match and that
 * could not be folded into the flat schema (a second `pattern`, `contains`, `not`, `oneOf`…).
 * `x-` keywords are ignored by validators, and merged schemas never leave the generators.
 */
export const ALSO = 'x-gen-also';

export function isSchemaObject(schema: unknown): schema is SchemaObject {
  return typeof schema === 'object' && schema !== null && !Array.isArray(schema);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Sets an own enumerable property, even for `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function num(schema: SchemaObject, keyword: string): number | undefined {
  const v = schema[keyword];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function schemaList(value: unknown): JsonSchema[] | undefined {
  return Array.isArray(value) ? (value as JsonSchema[]) : undefined;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function schemaMap(value: unknown): Record<string, JsonSchema> {
  return isSchemaObject(value) ? (value as Record<string, JsonSchema>) : {};
}

/** The types a schema's `type` keyword allows (with OpenAPI's `nullable: true`), or undefined when unconstrained. */
export function declaredTypes(schema: SchemaObject): JsonType[] | undefined {
  const t = schema.type;
  if (t === undefined) return undefined;
  const list = (Array.isArray(t) ? t : [t]).filter((x): x is JsonType => JSON_TYPES.includes(x as JsonType));
  if (schema.nullable === true && !list.includes('null')) list.push('null');
  return list;
}

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value as JsonType;
}

/** Whether a value of `valueType` is accepted by the type list (an integer is a number). */
export function typeAllows(types: readonly JsonType[], value: unknown): boolean {
  const t = jsonTypeOf(value);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}
