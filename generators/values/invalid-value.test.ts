import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertInvalidValues, validator } from '../__test-helpers__/ajv-assertions';
import { invalidValue, type JsonSchema } from '../index';

describe('invalidValue', () => {
  it('returns null when the schema admits every value', () => {
    expect(invalidValue({}, { validate: validator({}) })).toBeNull();
    expect(invalidValue(true, { validate: validator(true) })).toBeNull();
    expect(invalidValue({ description: 'anything', 'x-tag': 1 }, { validate: () => true })).toBeNull();
  });

  it('keeps only values the validator rejects, dropping mutations that never produce one', () => {
    // A validator accepting everything: every mutation is dropped at build time, none loops.
    expect(invalidValue({ type: 'string', maxLength: 2 }, { validate: () => true })).toBeNull();
    // A validator that only rejects long strings: only max-length-exceeded survives.
    const arb = invalidValue({ type: 'string', maxLength: 2, pattern: '^a*$' }, { validate: (v) => !(typeof v === 'string' && [...v].length > 2) });
    const produced = new Set(fc.sample(arb!, { numRuns: 300, seed: 1 }).map((iv) => iv.mutation));
    expect([...produced]).toEqual(['max-length-exceeded']);
  });

  it('breaks nested fields and names where (JSON pointer into the value)', () => {
    const schema = {
      type: 'object',
      required: ['owner'],
      properties: {
        owner: {
          type: 'object',
          required: ['emails'],
          properties: { emails: { type: 'array', items: { type: 'string', format: 'email' }, minItems: 1 }, 'a/b~c': { type: 'integer', minimum: 0 } },
        },
      },
    };
    const { sites } = assertInvalidValues(schema);
    expect(sites).toContain('required-missing@');
    expect(sites).toContain('required-missing@/owner');
    expect(sites).toContain('min-items-violated@/owner/emails');
    expect(sites).toContain('format-broken@/owner/emails/0');
    expect(sites).toContain('minimum-violated@/owner/a~1b~0c');
  });

  it('breaks prefixItems and additionalProperties schemas', () => {
    const { sites } = assertInvalidValues({
      type: 'object',
      additionalProperties: { type: 'string', maxLength: 3 },
      properties: { pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] } },
    });
    expect(sites).toContain('max-length-exceeded@/extra');
    expect(sites).toContain('type-changed@/pair/1');
  });

  it('stops descending at maxDepth', () => {
    const schema = { type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'object', properties: { c: { type: 'string' } } } } } } };
    const { sites } = assertInvalidValues(schema, { maxDepth: 2 }, { numRuns: 300 });
    expect([...sites].some((s) => s.endsWith('@/a/b'))).toBe(true);
    expect([...sites].some((s) => s.includes('/a/b/c'))).toBe(false);
  });

  it('leaves readOnly properties alone in requests and writeOnly ones in responses', () => {
    const schema = { type: 'object', properties: { id: { type: 'string', readOnly: true }, password: { type: 'string', writeOnly: true } } };
    expect([...assertInvalidValues(schema, {}, { numRuns: 300 }).sites].some((s) => s.endsWith('/id'))).toBe(false);
    expect([...assertInvalidValues(schema, { context: 'response' }, { numRuns: 300 }).sites].some((s) => s.endsWith('/password'))).toBe(false);
  });

  it('shrinks a too-long string to letters just above maxLength, whatever it was generated with', () => {
    const schema = { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 5 } } };
    const validate = validator(schema);
    const arb = invalidValue(schema, { validate })!;
    const tooLong = (iv: { mutation: string }) => iv.mutation === 'max-length-exceeded';
    let nonAscii = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const out = fc.check(fc.property(arb, (iv) => !tooLong(iv)), { seed, numRuns: 200 });
      if (!out.failed) continue;
      const [start] = fc.sample(arb.filter(tooLong), { seed, numRuns: 1 });
      if (!/^[\x20-\x7e]*$/.test(JSON.stringify(start!.value))) nonAscii++;
      expect(out.counterexample![0].value).toEqual({ name: 'aaaaaa' });
    }
    expect(nonAscii).toBeGreaterThan(3);
  });

  it('produces the same values for the same seed (determinism)', () => {
    const schema: JsonSchema = { type: 'object', required: ['n'], properties: { n: { type: 'integer', maximum: 3 }, s: { type: 'string', pattern: '^[A-Z]{2}$' } } };
    const validate = validator(schema);
    const a = fc.sample(invalidValue(schema, { validate })!, { numRuns: 100, seed: 77 });
    const b = fc.sample(invalidValue(structuredClone(schema), { validate })!, { numRuns: 100, seed: 77 });
    expect(b).toEqual(a);
  });

  it.each(['date-time', 'date', 'time', 'email', 'uri', 'uuid', 'hostname', 'ipv4', 'ipv6', 'uri-reference', 'duration', 'json-pointer', 'byte', 'iso-time', 'regex'])(
    'breaks format %s (300 runs)',
    (format) => {
      const { mutations } = assertInvalidValues({ type: 'string', format }, {}, { numRuns: 300 });
      expect(mutations.get('format-broken') ?? 0).toBeGreaterThan(0);
    },
  );

  it('breaks format int32 with out-of-range integers', () => {
    const { mutations } = assertInvalidValues({ type: 'integer', format: 'int32' }, {}, { numRuns: 300 });
    expect(mutations.get('format-broken') ?? 0).toBeGreaterThan(0);
  });

  it('adds an undeclared key where unevaluatedProperties is false', () => {
    const { sites } = assertInvalidValues({ type: 'object', allOf: [{ properties: { a: { type: 'string' } } }], properties: { b: { type: 'integer' } }, unevaluatedProperties: false });
    expect(sites).toContain('additional-property-added@');
  });

  it('breaks types through allOf merges and anyOf/oneOf unions', () => {
    assertInvalidValues({ allOf: [{ type: 'object', required: ['a'], properties: { a: { type: 'string' } } }, { required: ['b'], properties: { b: { type: 'boolean' } } }] });
    const { mutations } = assertInvalidValues({ type: ['string', 'null'], anyOf: [{ type: 'null' }, { type: 'string', minLength: 2 }] });
    expect(mutations.has('any-of-unmatched') || mutations.has('type-changed')).toBe(true);
  });

  it('breaks fields inside oneOf branches (the blocklist entry: a hostId, or a name and host pattern)', () => {
    const schema = {
      oneOf: [
        { type: 'object', required: ['hostId'], properties: { hostId: { type: 'string' } } },
        { type: 'object', required: ['name', 'hostPattern'], properties: { name: { type: 'string' }, hostPattern: { type: 'string' } } },
      ],
    };
    const { sites } = assertInvalidValues(schema);
    expect(sites).toContain('one-of-unmatched@');
    // Inside a branch: a field of the wrong type, which then matches no branch.
    expect(sites).toContain('type-changed@/hostId');
    expect(sites).toContain('type-changed@/hostPattern');
  });
});
