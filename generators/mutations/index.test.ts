import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertInvalidValues, compile, reportsKeywordAt } from '../__test-helpers__/ajv-assertions';
import { boundaryValues, type JsonSchema, type MutationId } from '../index';
import { mutations } from './index';

/** For each mutation, a schema it applies to; the property runs 1000 times and the mutation must show up. */
const CASES: Array<[MutationId, JsonSchema]> = [
  ['type-changed', { type: 'integer' }],
  ['null-given', { type: ['string', 'boolean'] }],
  ['enum-miss', { type: 'string', enum: ['active', 'disabled'] }],
  ['const-miss', { const: 42 }],
  ['not-matched', { type: 'string', not: { pattern: '^admin' } }],
  ['any-of-unmatched', { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0 }] }],
  ['one-of-unmatched', { oneOf: [{ type: 'object', required: ['a'] }, { type: 'array' }] }],
  ['min-length-violated', { type: 'string', minLength: 3, pattern: '^[a-z]*$' }],
  ['max-length-exceeded', { type: 'string', maxLength: 5 }],
  ['pattern-broken', { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,49}$' }],
  ['format-broken', { type: 'string', format: 'date-time' }],
  ['minimum-violated', { type: 'number', minimum: 1.5, exclusiveMinimum: 1 }],
  ['maximum-violated', { type: 'integer', maximum: 10, exclusiveMaximum: 12 }],
  ['multiple-of-broken', { type: 'number', multipleOf: 0.25 }],
  ['min-items-violated', { type: 'array', items: { type: 'string' }, minItems: 2 }],
  ['max-items-exceeded', { type: 'array', items: { type: 'integer' }, maxItems: 2 }],
  ['unique-items-broken', { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 3 }],
  ['contains-missing', { type: 'array', items: { type: 'integer' }, contains: { minimum: 10 }, minContains: 2 }],
  ['additional-item-added', { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false }],
  ['required-missing', { type: 'object', required: ['a', 'b'], properties: { a: { type: 'string' }, b: { type: 'integer' } } }],
  ['additional-property-added', { type: 'object', properties: { a: { type: 'string' } }, patternProperties: { '^x-': {} }, additionalProperties: false }],
  ['min-properties-violated', { type: 'object', minProperties: 2 }],
  ['max-properties-exceeded', { type: 'object', properties: { a: {}, b: {}, c: {} }, maxProperties: 1 }],
  ['dependent-required-missing', { type: 'object', properties: { card: { type: 'string' }, cvc: { type: 'string' } }, dependentRequired: { card: ['cvc'] } }],
  ['property-name-broken', { type: 'object', propertyNames: { pattern: '^[a-z]+$' } }],
];

describe('mutations › registry', () => {
  it('lists every mutation file once, under the id the file is named after', () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts' && f !== 'types.ts')
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const ids = mutations.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(files);
  });

  it('has a test case for every mutation', () => {
    expect(CASES.map(([id]) => id).sort()).toEqual(mutations.map((m) => m.id).sort());
  });
});

describe('mutations › each breaks its keyword', () => {
  it.each(CASES)('%s: every value and shrink fails Ajv on the claimed keyword (1000 runs)', (id, schema) => {
    const seen = assertInvalidValues(schema).mutations;
    expect(seen.get(id) ?? 0, `${id} never produced; got ${[...seen.keys()].join(', ')}`).toBeGreaterThan(0);
  });

  it.each(CASES)('%s: its boundary values fail Ajv on the claimed keyword', (id, schema) => {
    const validate = compile(schema);
    const { invalid } = boundaryValues(schema, (v) => validate(v) as boolean);
    const mine = invalid.filter((iv) => iv.mutation === id);
    expect(mine.length, `no boundary value for ${id}`).toBeGreaterThan(0);
    for (const iv of mine) {
      expect(validate(iv.value)).toBe(false);
      expect(reportsKeywordAt(validate.errors, iv.keyword, iv.pointer), `${id}: ${JSON.stringify(iv)}`).toBe(true);
    }
  });
});
