import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertValidValues, compile } from '../__test-helpers__/ajv-assertions';
import { SchemaGenerationError, validValue, type JsonSchema } from '../index';

const slug = '^[a-z0-9][a-z0-9-]{0,49}$';

/** One schema per supported keyword (or keyword combination); each gets the shared property, 1000 runs. */
const KEYWORDS: Array<[string, JsonSchema]> = [
  // any type
  ['type string', { type: 'string' }],
  ['type integer', { type: 'integer' }],
  ['type number', { type: 'number' }],
  ['type boolean', { type: 'boolean' }],
  ['type null', { type: 'null' }],
  ['type array', { type: 'array' }],
  ['type object', { type: 'object' }],
  ['type list with null', { type: ['string', 'null'] }],
  ['type list of many', { type: ['integer', 'boolean', 'array'] }],
  ['nullable (OpenAPI 3.0)', { type: 'string', nullable: true, maxLength: 4 }],
  ['enum', { enum: ['active', 'disabled', 3, null, { a: [1] }] }],
  ['enum with type', { type: 'string', enum: ['a', 'b', 7] }],
  ['const', { const: { kind: 'agent', tags: ['x'] } }],
  ['{} (any value)', {}],
  ['true (any value)', true],
  ['unknown keywords ignored', { type: 'string', 'x-internal': true, example: 'e', description: 'd', title: 't', default: 'x', deprecated: true }],
  // string
  ['minLength', { type: 'string', minLength: 5 }],
  ['maxLength', { type: 'string', maxLength: 3 }],
  ['minLength = maxLength', { type: 'string', minLength: 7, maxLength: 7 }],
  ['minLength above the cap', { type: 'string', minLength: 40 }],
  ['pattern', { type: 'string', pattern: slug }],
  ['pattern unanchored', { type: 'string', pattern: '[0-9]{3}' }],
  ['pattern with lengths', { type: 'string', pattern: '^[a-z]+$', minLength: 30, maxLength: 40 }],
  ['pattern with \\d and alternation', { type: 'string', pattern: '^(sk|pk)_\\d{4,8}$' }],
  ['pattern with lookahead (fallback)', { type: 'string', pattern: '^(?=.*[0-9]).{6,12}$' }],
  ['format date-time', { type: 'string', format: 'date-time' }],
  ['format date', { type: 'string', format: 'date' }],
  ['format time', { type: 'string', format: 'time' }],
  ['format email', { type: 'string', format: 'email' }],
  ['format uri', { type: 'string', format: 'uri' }],
  ['format uuid', { type: 'string', format: 'uuid' }],
  ['format hostname', { type: 'string', format: 'hostname' }],
  ['format ipv4', { type: 'string', format: 'ipv4' }],
  ['format ipv6', { type: 'string', format: 'ipv6' }],
  ['format uri-reference, duration, json-pointer, byte', { anyOf: ['uri-reference', 'duration', 'json-pointer', 'byte', 'iso-time', 'regex'].map((format) => ({ type: 'string', format })) }],
  ['format with maxLength', { type: 'string', format: 'email', maxLength: 20 }],
  ['format unknown (ignored)', { type: 'string', format: 'x-custom' }],
  // number
  ['minimum/maximum', { type: 'integer', minimum: -3, maximum: 5 }],
  ['exclusiveMinimum/exclusiveMaximum', { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }],
  ['exclusive integer bounds', { type: 'integer', exclusiveMinimum: 1, exclusiveMaximum: 4 }],
  ['minimum only (number)', { type: 'number', minimum: 1e6 }],
  ['maximum only (integer)', { type: 'integer', maximum: -1e12 }],
  ['multipleOf integer', { type: 'integer', multipleOf: 7, minimum: 10, maximum: 100 }],
  ['multipleOf decimal', { type: 'number', multipleOf: 0.01, minimum: 0, maximum: 1000 }],
  ['multipleOf 0.1 (float noise)', { type: 'number', multipleOf: 0.1 }],
  ['format int32', { type: 'integer', format: 'int32' }],
  // array
  ['items', { type: 'array', items: { type: 'integer', minimum: 0 } }],
  ['prefixItems', { type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }], items: { type: 'null' } }],
  ['prefixItems with items false', { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false, minItems: 1 }],
  ['minItems/maxItems', { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4 }],
  ['minItems above the cap', { type: 'array', minItems: 6 }],
  ['uniqueItems', { type: 'array', items: { type: 'integer', minimum: 0, maximum: 20 }, uniqueItems: true, minItems: 3 }],
  ['uniqueItems small domain', { type: 'array', items: { enum: ['r', 'w', 'x'] }, uniqueItems: true, minItems: 3 }],
  ['uniqueItems objects', { type: 'array', items: { type: 'object', properties: { a: { type: 'boolean' } } }, uniqueItems: true }],
  ['contains', { type: 'array', items: { type: 'integer' }, contains: { minimum: 100 } }],
  ['minContains/maxContains', { type: 'array', items: { type: 'integer', minimum: 0, maximum: 9 }, contains: { const: 5 }, minContains: 2, maxContains: 3 }],
  // object
  ['properties/required', { type: 'object', required: ['id'], properties: { id: { type: 'string' }, n: { type: 'integer' } } }],
  ['additionalProperties false', { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }],
  ['additionalProperties schema', { type: 'object', additionalProperties: { type: 'integer' } }],
  ['patternProperties', { type: 'object', patternProperties: { '^x-': { type: 'string' }, '^n_': { type: 'number' } }, additionalProperties: false }],
  ['minProperties/maxProperties', { type: 'object', properties: { a: {}, b: {}, c: {}, d: {} }, minProperties: 2, maxProperties: 3 }],
  ['minProperties needing extra keys', { type: 'object', properties: { a: { type: 'string' } }, minProperties: 3 }],
  ['dependentRequired', { type: 'object', properties: { card: { type: 'string' }, cvc: { type: 'string' }, zip: { type: 'string' } }, dependentRequired: { card: ['cvc', 'zip'] } }],
  ['propertyNames', { type: 'object', propertyNames: { pattern: '^[a-z]{2,5}$' }, minProperties: 1 }],
  ['unevaluatedProperties false', { type: 'object', allOf: [{ properties: { a: { type: 'string' } } }], properties: { b: { type: 'integer' } }, unevaluatedProperties: false, minProperties: 1 }],
  ['dependentSchemas', { type: 'object', properties: { a: { type: 'integer' }, b: { type: 'integer' } }, dependentSchemas: { a: { required: ['b'] } } }],
  // composition
  ['allOf merge', { allOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string', minLength: 2 } } }, { properties: { a: { maxLength: 3 }, b: { type: 'integer' } }, required: ['b'] }] }],
  ['allOf bounds and types', { allOf: [{ type: ['number', 'string'] }, { type: 'integer', minimum: 5 }, { maximum: 9, multipleOf: 2 }] }],
  ['allOf with additionalProperties false', { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }, { properties: { b: { type: 'string' } } }] }],
  ['allOf two patterns', { type: 'string', allOf: [{ pattern: '^[a-z]+$' }, { pattern: 'a' }] }],
  ['anyOf', { anyOf: [{ type: 'string', maxLength: 2 }, { type: 'integer', minimum: 10 }] }],
  ['anyOf with base', { type: 'object', properties: { kind: { type: 'string' } }, anyOf: [{ required: ['kind'] }, { required: ['id'], properties: { id: { type: 'integer' } } }] }],
  ['oneOf', { oneOf: [{ type: 'number' }, { type: 'integer' }, { type: 'string' }] }],
  ['oneOf discriminated', { oneOf: [{ type: 'object', required: ['type', 'url'], properties: { type: { const: 'http' }, url: { type: 'string', format: 'uri' } } }, { type: 'object', required: ['type', 'cmd'], properties: { type: { const: 'stdio' }, cmd: { type: 'string' } } }] }],
  ['not type', { not: { type: ['string', 'object', 'array'] } }],
  ['not enum', { type: 'string', enum: ['a', 'b', 'c'], not: { const: 'b' } }],
  ['not required', { type: 'object', properties: { a: { type: 'integer' } }, not: { required: ['a'] } }],
  ['if/then/else', { type: 'object', properties: { kind: { enum: ['a', 'b'] }, n: { type: 'integer' } }, required: ['kind'], if: { properties: { kind: { const: 'a' } } }, then: { required: ['n'] }, else: { not: { required: ['n'] } } }],
  ['$ref local', { $defs: { id: { type: 'string', format: 'uuid' } }, type: 'object', required: ['id'], properties: { id: { $ref: '#/$defs/id' } } }],
];

describe('validValue › keywords', () => {
  it.each(KEYWORDS)('%s: every value and shrink passes Ajv (1000 runs)', (_, schema) => {
    assertValidValues(schema);
  });
});

describe('validValue › behaviour', () => {
  it('counts string length in code points and sometimes produces non-ASCII and astral characters', () => {
    const values = fc.sample(validValue({ type: 'string', minLength: 3, maxLength: 3 }), { numRuns: 500, seed: 7 }) as string[];
    expect(values.every((v) => [...v].length === 3)).toBe(true);
    expect(values.some((v) => /[^\x20-\x7e]/.test(v))).toBe(true);
    expect(values.some((v) => v.length > 3)).toBe(true); // a surrogate pair
    expect(values.filter((v) => /^[\x20-\x7e]*$/.test(v)).length).toBeGreaterThan(values.length / 3);
  });

  it('makes optional properties sometimes present and sometimes absent', () => {
    const schema = { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } } };
    const values = fc.sample(validValue(schema), { numRuns: 300, seed: 3 }) as Array<Record<string, unknown>>;
    const withB = values.filter((v) => 'b' in v).length;
    expect(withB).toBeGreaterThan(30);
    expect(withB).toBeLessThan(270);
  });

  it('shrinks objects to their required properties', () => {
    const schema = { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' }, c: { type: 'array', items: { type: 'string' } } } };
    const out = fc.check(
      fc.property(validValue(schema), () => false),
      { seed: 11, numRuns: 1 },
    );
    expect(out.failed).toBe(true);
    expect(out.counterexample).toEqual([{ a: '' }]);
  });

  it('shrinks strings to letters, never to other characters or lengths than the schema allows', () => {
    const printable = /^[\x20-\x7e]*$/;
    const schema = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2, maxLength: 8 }, note: { type: 'string' } } };
    let nonAscii = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const [start] = fc.sample(validValue(schema), { seed, numRuns: 1 });
      if (!printable.test(JSON.stringify(start))) nonAscii++;
      const out = fc.check(fc.property(validValue(schema), () => false), { seed, numRuns: 1 });
      expect(out.counterexample, JSON.stringify(start)).toEqual([{ name: 'aa' }]);
    }
    expect(nonAscii).toBeGreaterThan(3);
    // Every shrink on the way (a non-ASCII character becoming an ASCII one, then `a`) still validates,
    // also where letters can collide or break a filter.
    const schemas: JsonSchema[] = [
      { type: 'string', minLength: 3, maxLength: 6 },
      { type: 'array', items: { type: 'string', minLength: 1, maxLength: 1 }, uniqueItems: true, minItems: 3, maxItems: 5 },
      { type: 'string', pattern: '^(?!a)[^\\s]{2,6}$' },
      { type: 'object', propertyNames: { maxLength: 3 }, additionalProperties: { type: 'string', maxLength: 2 }, minProperties: 1 },
    ];
    for (const s of schemas) assertValidValues(s, {}, { numRuns: 200, shrink: { trees: 40, nodesPerTree: 60 } });
  });

  it('never generates readOnly properties in requests, nor writeOnly ones in responses', () => {
    const schema = {
      type: 'object',
      properties: { id: { type: 'string', readOnly: true }, secret: { type: 'string', writeOnly: true }, name: { type: 'string' } },
      minProperties: 1,
    };
    const requests = fc.sample(validValue(schema), { numRuns: 300, seed: 1 }) as Array<Record<string, unknown>>;
    const responses = fc.sample(validValue(schema, { context: 'response' }), { numRuns: 300, seed: 1 }) as Array<Record<string, unknown>>;
    expect(requests.some((v) => 'id' in v)).toBe(false);
    expect(requests.some((v) => 'secret' in v)).toBe(true);
    expect(responses.some((v) => 'secret' in v)).toBe(false);
    expect(responses.some((v) => 'id' in v)).toBe(true);
    assertValidValues(schema, { context: 'response' }, { numRuns: 200 });
  });

  it('honours maxItems and maxLength caps for unbounded arrays and strings', () => {
    const values = fc.sample(validValue({ type: 'array', items: { type: 'string' } }, { maxItems: 2, maxLength: 5 }), { numRuns: 300, seed: 5 }) as string[][];
    expect(values.every((a) => a.length <= 2 && a.every((s) => [...s].length <= 5))).toBe(true);
  });

  it('stops cyclic (dereferenced) schemas at maxDepth', () => {
    const node: Record<string, unknown> = { type: 'object', required: ['name'], properties: { name: { type: 'string' } } };
    (node.properties as Record<string, unknown>).children = { type: 'array', items: node };
    const depth = (v: unknown): number => (Array.isArray(v) ? 1 + Math.max(0, ...v.map(depth)) : v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
    const values = fc.sample(validValue(node, { maxDepth: 3 }), { numRuns: 200, seed: 2 });
    expect(Math.max(...values.map(depth))).toBeLessThanOrEqual(4);
    assertValidValues({ $defs: { node: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, next: { $ref: '#/$defs/node' } } } }, $ref: '#/$defs/node' }, {}, { numRuns: 300 });
  });

  it('produces the same values for the same seed (determinism)', () => {
    const schema = { type: 'object', required: ['id', 'tags'], properties: { id: { type: 'string', format: 'uuid' }, tags: { type: 'array', items: { type: 'string', pattern: slug }, uniqueItems: true }, n: { type: 'number' } } };
    const a = fc.sample(validValue(schema), { numRuns: 50, seed: 1234 });
    const b = fc.sample(validValue(structuredClone(schema)), { numRuns: 50, seed: 1234 });
    expect(b).toEqual(a);
    expect(fc.sample(validValue(schema), { numRuns: 50, seed: 99 })).not.toEqual(a);
  });

  it('never produces -0, NaN or Infinity', () => {
    const values = fc.sample(validValue({ type: 'array', items: { type: 'number', minimum: -1, maximum: 1 } }), { numRuns: 1000, seed: 4 }) as number[][];
    expect(values.flat().every((v) => Number.isFinite(v) && !Object.is(v, -0))).toBe(true);
  });
});

describe('validValue › unsatisfiable schemas throw at build time, naming the pointer', () => {
  const cases: Array<[string, JsonSchema, string]> = [
    ['minLength above maxLength', { type: 'object', properties: { name: { type: 'string', minLength: 5, maxLength: 3 } }, required: ['name'] }, '#/properties/name'],
    ['minimum above maximum', { type: 'array', items: { type: 'integer', minimum: 10, maximum: 1 }, minItems: 1 }, '#/items'],
    ['exclusive bounds meeting', { type: 'number', exclusiveMinimum: 1, exclusiveMaximum: 1 }, '#'],
    ['no multiple in range', { type: 'integer', minimum: 1, maximum: 4, multipleOf: 5 }, '#'],
    ['minItems above maxItems', { type: 'object', required: ['list'], properties: { list: { type: 'array', minItems: 3, maxItems: 2 } } }, '#/properties/list'],
    ['minProperties above maxProperties', { type: 'object', minProperties: 3, maxProperties: 1 }, '#'],
    ['required property with the false schema', { type: 'object', required: ['a'], properties: { a: false } }, '#/required'],
    ['required property forbidden by additionalProperties', { type: 'object', required: ['b'], properties: { a: {} }, additionalProperties: false }, '#/required'],
    ['allOf with disjoint types', { allOf: [{ type: 'string' }, { type: 'integer' }] }, '#/allOf/1'],
    ['enum member matching nothing', { type: 'integer', enum: ['a', 'b'] }, '#/enum'],
    ['uniqueItems beyond the domain', { type: 'array', items: { type: 'boolean' }, uniqueItems: true, minItems: 3 }, '#'],
    ['the false schema', false, '#'],
    ['a required cycle', { $defs: { n: { type: 'object', required: ['next'], properties: { next: { $ref: '#/$defs/n' } } } }, $ref: '#/$defs/n' }, '#/properties/next'],
  ];
  it.each(cases)('%s', (_, schema, pointer) => {
    let error: unknown;
    try {
      validValue(schema);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaGenerationError);
    expect((error as SchemaGenerationError).code).toBe('SCHEMA_UNSATISFIABLE');
    expect((error as Error).message).toContain(pointer);
    if (typeof schema === 'object') expect(() => compile(schema)).not.toThrow();
  });

  it('reports an unresolvable $ref as unsupported', () => {
    expect(() => validValue({ $ref: '#/$defs/missing' })).toThrow(/#: cannot resolve \$ref/);
  });
});
