import { describe, expect, it } from 'vitest';
import { assertJsonCompatible, compile, reportsKeywordAt } from '../__test-helpers__/ajv-assertions';
import { boundaryValues, type JsonSchema } from '../index';

function boundaries(schema: JsonSchema) {
  const validate = compile(schema);
  const result = boundaryValues(schema, (v) => validate(v) as boolean);
  for (const v of result.valid) {
    expect(validate(v.value), `${v.label}: ${JSON.stringify(v.value)}`).toBe(true);
    assertJsonCompatible(v.value);
  }
  for (const iv of result.invalid) {
    expect(validate(iv.value), JSON.stringify(iv)).toBe(false);
    expect(reportsKeywordAt(validate.errors, iv.keyword, iv.pointer), JSON.stringify(iv)).toBe(true);
    assertJsonCompatible(iv.value);
  }
  return result;
}

describe('boundaryValues', () => {
  it('covers string lengths at, inside and outside their bounds (code points)', () => {
    const { valid, invalid } = boundaries({ type: 'string', minLength: 2, maxLength: 5 });
    const lengths = valid.map((v) => [...(v.value as string)].length);
    expect(lengths).toEqual(expect.arrayContaining([2, 3, 5, 4]));
    expect(valid.some((v) => v.value === '\u{1F600}'.repeat(5))).toBe(true);
    const outside = invalid.filter((iv) => iv.keyword === 'minLength' || iv.keyword === 'maxLength').map((iv) => [...(iv.value as string)].length);
    expect(outside).toEqual(expect.arrayContaining([1, 6]));
  });

  it('gives strings in printable ASCII where the schema allows, so that what coverage finds reads plainly', () => {
    const printable = /^[\x20-\x7e]*$/;
    const schema = {
      type: 'object',
      required: ['name', 'slug'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        slug: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,30}$' },
        tags: { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 4 },
        free: { type: 'string', pattern: '^[^/]+$', maxLength: 64 },
      },
    };
    const { valid, invalid } = boundaries(schema);
    const astral = (label: string) => label.includes('astral');
    for (const v of valid) if (!astral(v.label)) expect(JSON.stringify(v.value), v.label).toMatch(printable);
    for (const iv of invalid) if (!(iv.keyword === 'maxLength' && /\u{1F600}/u.test(JSON.stringify(iv.value)))) expect(JSON.stringify(iv.value), iv.mutation).toMatch(printable);
    const atMax = valid.find((v) => v.label.includes('/name: length 255, at maxLength'))!;
    expect([...(atMax.value as { name: string }).name]).toHaveLength(255);
    expect(valid.some((v) => astral(v.label))).toBe(true); // the astral boundary is kept on purpose
  });

  it('covers number bounds, exclusive bounds and multipleOf', () => {
    const { valid, invalid } = boundaries({ type: 'integer', minimum: 1, maximum: 100 });
    expect(valid.map((v) => v.value)).toEqual(expect.arrayContaining([1, 2, 100, 99]));
    expect(invalid.map((iv) => iv.value)).toEqual(expect.arrayContaining([0, 101, null, '1', 1.5]));
    const ex = boundaries({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.25 });
    expect(ex.valid.map((v) => v.value)).toEqual(expect.arrayContaining([0.25, 0.75]));
    expect(ex.invalid.filter((iv) => iv.mutation !== 'multiple-of-broken').map((iv) => iv.value)).toEqual(expect.arrayContaining([0, 1]));
  });

  it('lists each enum member as valid, and a near miss as invalid', () => {
    const { valid, invalid } = boundaries({ type: ['string', 'null'], enum: ['active', 'disabled', null] });
    expect(valid.map((v) => v.value)).toEqual(['active', 'disabled', null]);
    expect(valid[2].label).toBe('enum member null; type null');
    expect(invalid.find((iv) => iv.mutation === 'enum-miss')?.value).toBe('ACTIVE');
  });

  it('misses each required field once, and covers nested fields inside a valid parent', () => {
    const schema = {
      type: 'object',
      required: ['name', 'identifier'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255 },
        identifier: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,49}$' },
        tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, maxItems: 2, uniqueItems: true },
      },
      additionalProperties: false,
    };
    const { valid, invalid } = boundaries(schema);
    const missing = invalid.filter((iv) => iv.mutation === 'required-missing').map((iv) => Object.keys(iv.value as object).sort());
    expect(missing).toEqual([['identifier'], ['name']].map((k) => expect.arrayContaining(k)));
    expect(invalid.filter((iv) => iv.mutation === 'required-missing')).toHaveLength(2);
    expect(invalid.map((iv) => `${iv.mutation}@${iv.pointer}`)).toEqual(
      expect.arrayContaining(['max-length-exceeded@/name', 'min-length-violated@/name', 'pattern-broken@/identifier', 'enum-miss@/tags/0', 'max-items-exceeded@/tags', 'unique-items-broken@/tags', 'additional-property-added@', 'type-changed@']),
    );
    // One entry per distinct value; a value covering several edges lists every label.
    const labels = valid.flatMap((v) => v.label.split('; '));
    expect(labels).toEqual(
      expect.arrayContaining(['every property present', 'required properties only', '/name: length 255, at maxLength', '/tags: 2 items, at maxItems', '/tags/0: enum member "a"', '/tags/0: enum member "b"']),
    );
  });

  it('is deterministic', () => {
    const schema = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' }, n: { type: 'number', maximum: 5 } } };
    expect(boundaryValues(schema, compile(schema) as (v: unknown) => boolean)).toEqual(boundaryValues(structuredClone(schema), compile(schema) as (v: unknown) => boolean));
  });

  it('returns nothing invalid for the schema admitting everything', () => {
    expect(boundaries({}).invalid).toEqual([]);
  });
});
