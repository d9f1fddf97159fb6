import { codePointLength } from './code-points';
import { passesFormat } from './formats';
import { canonicalJson, jsonEqual } from './json-equality';
import { resolveLocalRef } from './json-pointer';
import { isMultipleOf } from './numbers';
import {
  declaredTypes,
  isPlainObject,
  isSchemaObject,
  num,
  schemaMap,
  stringList,
  typeAllows,
  type JsonSchema,
  type SchemaObject,
  ALSO,
} from './schema-types';

/** Keywords Ajv evaluates but this matcher does not; their verdict is `MatchOptions.unsupported`. */
const UNSUPPORTED = ['unevaluatedProperties', 'unevaluatedItems', '$dynamicRef', '$recursiveRef'];

export interface MatchOptions {
  /** The document local `$ref`s resolve against. */
  readonly root: JsonSchema;
  /**
   * The verdict for keywords this matcher does not implement: `true` to over-approximate
   * ("might match", safe when excluding values), `false` to under-approximate (safe when keeping them).
   */
  readonly unsupported: boolean;
}

const regexCache = new Map<string, RegExp | null>();

/** The pattern as Ajv compiles it (`u` flag); null when it does not compile. */
export function patternRegExp(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re;
}

export function matchesPattern(pattern: string, s: string): boolean {
  const re = patternRegExp(pattern);
  return re === null ? false : re.test(s);
}

/**
 * A small JSON Schema evaluator covering what the generators produce, used to check a generated value
 * against a branch (`oneOf` exclusivity, `not`, merged leftovers). Mirrors Ajv's semantics for the
 * keywords it knows; ignores unknown keywords as Ajv does with `strict: false`.
 */
export function matchesSchema(value: unknown, schema: JsonSchema, options: MatchOptions, depth = 0): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  if (!isSchemaObject(schema)) return true;
  if (depth > 64) return options.unsupported;
  const s = schema;
  const sub = (v: unknown, sch: unknown) => matchesSchema(v, sch as JsonSchema, options, depth + 1);

  for (const k of UNSUPPORTED) if (k in s && s[k] !== undefined) {
    if (!(k === 'unevaluatedProperties' && s[k] === true) && !(k === 'unevaluatedItems' && s[k] === true)) return options.unsupported;
  }
  if (typeof s.$ref === 'string') {
    const target = resolveLocalRef(options.root, s.$ref);
    if (target === undefined) return options.unsupported;
    if (!sub(value, target)) return false;
  }
  const types = declaredTypes(s);
  if (types && !typeAllows(types, value)) return false;
  if ('const' in s && !jsonEqual(value, s.const)) return false;
  if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(value, e))) return false;

  if (typeof value === 'string') {
    const len = codePointLength(value);
    const minL = num(s, 'minLength');
    const maxL = num(s, 'maxLength');
    if (minL !== undefined && len < minL) return false;
    if (maxL !== undefined && len > maxL) return false;
    if (typeof s.pattern === 'string' && !matchesPattern(s.pattern, value)) return false;
  }
  if (s.format !== undefined && !passesFormat(s.format, value)) return false;
  if (typeof value === 'number') {
    const min = num(s, 'minimum');
    const max = num(s, 'maximum');
    const xmin = num(s, 'exclusiveMinimum');
    const xmax = num(s, 'exclusiveMaximum');
    const mult = num(s, 'multipleOf');
    if (min !== undefined && value < min) return false;
    if (max !== undefined && value > max) return false;
    if (xmin !== undefined && value <= xmin) return false;
    if (xmax !== undefined && value >= xmax) return false;
    if (mult !== undefined && mult > 0 && !isMultipleOf(value, mult)) return false;
  }
  if (Array.isArray(value) && !matchesArray(value, s, sub)) return false;
  if (isPlainObject(value) && !matchesObject(value, s, sub)) return false;

  if (Array.isArray(s.allOf) && !s.allOf.every((b) => sub(value, b))) return false;
  if (Array.isArray(s[ALSO]) && !(s[ALSO] as unknown[]).every((b) => sub(value, b))) return false;
  if (Array.isArray(s.anyOf) && !s.anyOf.some((b) => sub(value, b))) return false;
  if (Array.isArray(s.oneOf) && s.oneOf.filter((b) => sub(value, b)).length !== 1) return false;
  if (s.not !== undefined && sub(value, s.not)) return false;
  if (s.if !== undefined) {
    const branch = sub(value, s.if) ? s.then : s.else;
    if (branch !== undefined && !sub(value, branch)) return false;
  }
  return true;
}

type Sub = (v: unknown, schema: unknown) => boolean;

function matchesArray(value: unknown[], s: SchemaObject, sub: Sub): boolean {
  const minI = num(s, 'minItems');
  const maxI = num(s, 'maxItems');
  if (minI !== undefined && value.length < minI) return false;
  if (maxI !== undefined && value.length > maxI) return false;
  const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : [];
  for (let i = 0; i < Math.min(prefix.length, value.length); i++) if (!sub(value[i], prefix[i])) return false;
  if (s.items !== undefined) {
    for (let i = prefix.length; i < value.length; i++) if (!sub(value[i], s.items)) return false;
  }
  if (s.uniqueItems === true && new Set(value.map(canonicalJson)).size !== value.length) return false;
  if (s.contains !== undefined) {
    const count = value.filter((v) => sub(v, s.contains)).length;
    const minC = num(s, 'minContains') ?? 1;
    const maxC = num(s, 'maxContains');
    if (count < minC) return false;
    if (maxC !== undefined && count > maxC) return false;
  }
  return true;
}

function matchesObject(value: Record<string, unknown>, s: SchemaObject, sub: Sub): boolean {
  const keys = Object.keys(value);
  const minP = num(s, 'minProperties');
  const maxP = num(s, 'maxProperties');
  if (minP !== undefined && keys.length < minP) return false;
  if (maxP !== undefined && keys.length > maxP) return false;
  for (const r of stringList(s.required)) if (!keys.includes(r)) return false;
  const props = schemaMap(s.properties);
  const patterns = Object.entries(schemaMap(s.patternProperties));
  for (const k of keys) {
    let evaluated = false;
    if (Object.prototype.hasOwnProperty.call(props, k)) {
      evaluated = true;
      if (!sub(value[k], props[k])) return false;
    }
    for (const [p, ps] of patterns) {
      if (matchesPatternSafe(p, k)) {
        evaluated = true;
        if (!sub(value[k], ps)) return false;
      }
    }
    if (!evaluated && s.additionalProperties !== undefined && !sub(value[k], s.additionalProperties)) return false;
    if (s.propertyNames !== undefined && !sub(k, s.propertyNames)) return false;
  }
  if (isSchemaObject(s.dependentRequired)) {
    for (const [k, deps] of Object.entries(s.dependentRequired)) {
      if (keys.includes(k) && !stringList(deps).every((d) => keys.includes(d))) return false;
    }
  }
  if (isSchemaObject(s.dependentSchemas)) {
    for (const [k, dep] of Object.entries(s.dependentSchemas)) {
      if (keys.includes(k) && !sub(value, dep)) return false;
    }
  }
  return true;
}

function matchesPatternSafe(pattern: string, s: string): boolean {
  return matchesPattern(pattern, s);
}
