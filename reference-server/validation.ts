/**
 * Hand-written request validation. Each documented constraint (type, required,
 * minLength/maxLength, pattern, enum, minimum/maximum, minItems/maxItems) fails
 * with a route-level 400 flat error whose message names the field, e.g.
 * `name must be at most 255 characters (received 256)`.
 *
 * Lengths count Unicode code points and patterns use the `u` flag, as JSON
 * Schema does. Unknown object keys are accepted and dropped.
 *
 * @example
 * const body = parseBody(ctx.req.body, object({ name: string({ minLength: 1, maxLength: 255 }) }));
 */
import { HttpError } from './errors.ts';

/** Checks a value at a field path; returns it typed, or throws the 400 flat error. */
export type Validator<T> = ((value: unknown, field: string) => T) & { readonly optional?: boolean };

/** Options of {@link string}. */
export interface StringConstraints {
  /** Minimum length in code points; default none. */
  minLength?: number;
  /** Maximum length in code points; default none. */
  maxLength?: number;
  /** ECMAScript pattern (JSON Schema `pattern`, unanchored); default none. */
  pattern?: string;
}

/** Options of {@link integer}. */
export interface IntegerConstraints {
  minimum?: number;
  maximum?: number;
}

/** Options of {@link array}. */
export interface ArrayConstraints {
  minItems?: number;
  maxItems?: number;
}

function fail(message: string): never {
  throw HttpError.validation(message);
}

/** A short description of what was received, for messages. */
function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string, with optional length and pattern constraints. */
export function string(constraints: StringConstraints = {}): Validator<string> {
  const { minLength, maxLength, pattern } = constraints;
  const regex = pattern === undefined ? undefined : new RegExp(pattern, 'u');
  return (value, field) => {
    if (typeof value !== 'string') fail(`${field} must be a string (received ${received(value)})`);
    const length = [...value].length;
    if (minLength !== undefined && length < minLength) {
      fail(`${field} must be at least ${minLength} character(s) long (received ${length})`);
    }
    if (maxLength !== undefined && length > maxLength) {
      fail(`${field} must be at most ${maxLength} characters (received ${length})`);
    }
    if (regex && !regex.test(value)) fail(`${field} must match the pattern ${pattern}`);
    return value;
  };
}

/** One of the given strings. */
export function enumOf<const T extends readonly string[]>(values: T): Validator<T[number]> {
  return (value, field) => {
    if (typeof value !== 'string' || !values.includes(value)) {
      const shown = typeof value === 'string' && value.length <= 50 ? JSON.stringify(value) : received(value);
      fail(`${field} must be one of: ${values.join(', ')} (received ${shown})`);
    }
    return value;
  };
}

/** A boolean. */
export function boolean(): Validator<boolean> {
  return (value, field) => {
    if (typeof value !== 'boolean') fail(`${field} must be a boolean (received ${received(value)})`);
    return value;
  };
}

/** An integer, with optional bounds. */
export function integer(constraints: IntegerConstraints = {}): Validator<number> {
  const { minimum, maximum } = constraints;
  return (value, field) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      fail(`${field} must be an integer (received ${received(value)})`);
    }
    if (minimum !== undefined && value < minimum) fail(`${field} must be at least ${minimum} (received ${value})`);
    if (maximum !== undefined && value > maximum) fail(`${field} must be at most ${maximum} (received ${value})`);
    return value;
  };
}

/** Any JSON object (not an array, not null), kept as is. */
export function anyObject(): Validator<Record<string, unknown>> {
  return (value, field) => {
    if (!isPlainObject(value)) fail(`${field} must be an object (received ${received(value)})`);
    return value;
  };
}

/** An array whose items all pass `items`, with optional size bounds. */
export function array<T>(items: Validator<T>, constraints: ArrayConstraints = {}): Validator<T[]> {
  const { minItems, maxItems } = constraints;
  return (value, field) => {
    if (!Array.isArray(value)) fail(`${field} must be an array (received ${received(value)})`);
    if (minItems !== undefined && value.length < minItems) {
      fail(`${field} must contain at least ${minItems} item(s) (received ${value.length})`);
    }
    if (maxItems !== undefined && value.length > maxItems) {
      fail(`${field} must contain at most ${maxItems} items (received ${value.length})`);
    }
    return value.map((item, i) => items(item, `${field}[${i}]`));
  };
}

/** Marks a property of {@link object} as not required; an absent property stays undefined. */
export function optional<T>(validator: Validator<T>): Validator<T | undefined> {
  const wrapped = (value: unknown, field: string) => (value === undefined ? undefined : validator(value, field));
  return Object.assign(wrapped, { optional: true });
}

/** Also accepts `null`. */
export function nullable<T>(validator: Validator<T>): Validator<T | null> {
  return (value, field) => (value === null ? null : validator(value, field));
}

type Shape = Record<string, Validator<unknown>>;
type Infer<S extends Shape> = { [K in keyof S]: S[K] extends Validator<infer T> ? T : never };

/** The name of a property for messages: bare at the top level (`body`), dotted below. */
function childField(parent: string, key: string): string {
  return parent === 'body' ? key : `${parent}.${key}`;
}

/** An object with the given properties; every property is required unless wrapped in {@link optional}. */
export function object<S extends Shape>(shape: S): Validator<Infer<S>> {
  return (value, field) => {
    if (!isPlainObject(value)) fail(`${field} must be a JSON object (received ${received(value)})`);
    const out: Record<string, unknown> = {};
    for (const [key, validator] of Object.entries(shape)) {
      const child = childField(field, key);
      const present = Object.hasOwn(value, key) && value[key] !== undefined;
      if (!present && !validator.optional) fail(`${child} is required`);
      out[key] = validator(value[key], child);
    }
    return out as Infer<S>;
  };
}

/** Validates a request body (the parsed JSON, `null` when missing or malformed). */
export function parseBody<T>(body: unknown, validator: Validator<T>): T {
  return validator(body, 'body');
}
