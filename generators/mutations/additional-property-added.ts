import fc from 'fast-check';
import { freeKey } from '../_internals/builders/any-json-value';
import { appliesTo, firstValid, shortString, smallInteger, withKey } from '../_internals/mutation-support';
import { matchesPattern } from '../_internals/schema-match';
import { schemaMap, stringList, type SchemaObject } from '../_internals/schema-types';
import type { Mutation } from './types';

const TYPICAL_KEYS = ['unexpected', 'extra', 'unknownField', 'isAdmin', 'id_'];

function keyFilter(s: SchemaObject): (k: string) => boolean {
  const declared = new Set([...Object.keys(schemaMap(s.properties)), ...stringList(s.required)]);
  const patterns = Object.keys(schemaMap(s.patternProperties));
  return (k) => k !== '__proto__' && !declared.has(k) && !patterns.some((p) => matchesPattern(p, k));
}

/** Which keyword rejects unknown keys: `additionalProperties: false`, else `unevaluatedProperties: false`. */
function closingKeyword(s: SchemaObject): string | undefined {
  if (s.additionalProperties === false) return 'additionalProperties';
  if (s.unevaluatedProperties === false) return 'unevaluatedProperties';
  return undefined;
}

/** A valid object plus one undeclared key, where the schema closes the object. */
export const additionalPropertyAdded: Mutation = {
  id: 'additional-property-added',
  keywords: ['additionalProperties', 'unevaluatedProperties'],
  candidates(s, ctx) {
    const keyword = closingKeyword(s);
    if (!keyword || !appliesTo(s, 'object')) return [];
    const valid = ctx.valid({ ...s, type: 'object' });
    const key = ctx.filter(fc.oneof(fc.constantFrom(...TYPICAL_KEYS), freeKey), keyFilter(s));
    if (!valid || !key) return [];
    return [{ keyword, value: fc.tuple(valid, key, fc.oneof(smallInteger, shortString, fc.boolean())).map(([o, k, v]) => withKey(o, k, v)) }];
  },
  boundary(s, ctx) {
    const keyword = closingKeyword(s);
    if (!keyword || !appliesTo(s, 'object')) return [];
    const obj = firstValid(ctx, { ...s, type: 'object' });
    const key = TYPICAL_KEYS.find(keyFilter(s));
    return obj === undefined || key === undefined ? [] : [{ keyword, value: withKey(obj, key, 'x'), label: `undeclared property ${JSON.stringify(key)}` }];
  },
};
