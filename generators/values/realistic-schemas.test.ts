import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertInvalidValues, assertValidValues, validator } from '../__test-helpers__/ajv-assertions';
import { boundaryValues, validValue, type JsonSchema } from '../index';

const slug = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,49}$' };

/** Shapes found in the OneCLI contract: create bodies, nullable fields, enums, nested arrays of objects. */
const SCHEMAS: Array<[string, JsonSchema]> = [
  [
    'create project body',
    { type: 'object', required: ['name', 'identifier'], properties: { name: { type: 'string', minLength: 1, maxLength: 255 }, identifier: slug, parentIdentifier: slug } },
  ],
  [
    'nullable fields and enums',
    {
      type: 'object',
      required: ['status'],
      properties: {
        status: { type: 'string', enum: ['active', 'disabled', 'pending'] },
        description: { type: ['string', 'null'], maxLength: 1000 },
        expiresAt: { type: 'string', format: 'date-time', nullable: true },
        mode: { enum: ['read', 'write', null] },
      },
      additionalProperties: false,
    },
  ],
  [
    'nested arrays of objects',
    {
      type: 'object',
      required: ['agents'],
      properties: {
        agents: {
          type: 'array',
          maxItems: 10,
          items: {
            type: 'object',
            required: ['secrets'],
            properties: {
              id: { type: 'string', format: 'uuid', readOnly: true },
              name: { type: 'string', minLength: 2, maxLength: 50 },
              secrets: { type: 'array', minItems: 1, items: { type: 'object', required: ['key'], properties: { key: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$' }, value: { type: 'string', writeOnly: true } } } },
              createdAt: { type: 'string', format: 'date-time' },
              email: { type: 'string', format: 'email' },
              limits: { type: 'object', properties: { rpm: { type: 'integer', minimum: 1, maximum: 1_000_000 } } },
            },
          },
        },
      },
    },
  ],
  [
    'rule with a discriminated union',
    {
      type: 'object',
      required: ['rule'],
      properties: {
        rule: {
          oneOf: [
            { type: 'object', required: ['kind', 'hosts'], properties: { kind: { const: 'allow' }, hosts: { type: 'array', items: { type: 'string', format: 'hostname' }, uniqueItems: true } }, additionalProperties: false },
            { type: 'object', required: ['kind', 'ip'], properties: { kind: { const: 'deny' }, ip: { anyOf: [{ type: 'string', format: 'ipv4' }, { type: 'string', format: 'ipv6' }] } }, additionalProperties: false },
          ],
        },
        url: { type: 'string', format: 'uri', maxLength: 2048 },
      },
    },
  ],
];

describe('realistic schemas', () => {
  it.each(SCHEMAS)('%s: valid values and shrinks pass Ajv (1000 runs)', (_, schema) => {
    assertValidValues(schema);
  });

  it.each(SCHEMAS)('%s: invalid values fail Ajv on the claimed keyword (1000 runs)', (_, schema) => {
    assertInvalidValues(schema);
  });

  it.each(SCHEMAS)('%s: boundary values are what they say', (_, schema) => {
    const validate = validator(schema);
    const { valid, invalid } = boundaryValues(schema, validate);
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
    expect(valid.every((v) => validate(v.value))).toBe(true);
    expect(invalid.every((iv) => !validate(iv.value))).toBe(true);
  });

  it('generates readable create bodies: identifiers match the slug, names are 1..255 code points', () => {
    const bodies = fc.sample(validValue(SCHEMAS[0][1]), { numRuns: 200, seed: 8 }) as Array<{ name: string; identifier: string; parentIdentifier?: string }>;
    expect(bodies.every((b) => /^[a-z0-9][a-z0-9-]{0,49}$/.test(b.identifier))).toBe(true);
    expect(bodies.some((b) => b.parentIdentifier === undefined)).toBe(true);
    expect(bodies.some((b) => b.parentIdentifier !== undefined)).toBe(true);
  });

  it('leaves out a required readOnly property in requests (OpenAPI: required applies to responses only)', () => {
    const schema = { type: 'object', required: ['id', 'name'], properties: { id: { type: 'string', readOnly: true }, name: { type: 'string' } } };
    const requests = fc.sample(validValue(schema), { numRuns: 50, seed: 1 }) as Array<Record<string, unknown>>;
    expect(requests.every((r) => !('id' in r) && 'name' in r)).toBe(true);
    assertValidValues(schema, { context: 'response' }, { numRuns: 200 });
  });

  it('generates null for nullable fields sometimes', () => {
    const values = fc.sample(validValue(SCHEMAS[1][1]), { numRuns: 300, seed: 9 }) as Array<Record<string, unknown>>;
    expect(values.some((v) => v.description === null)).toBe(true);
    expect(values.some((v) => v.expiresAt === null)).toBe(true);
    expect(values.some((v) => typeof v.expiresAt === 'string')).toBe(true);
  });
});
