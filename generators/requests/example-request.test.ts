import { describe, expect, it, test } from 'vitest';
import type { Operation } from '../../src/contract/types';
import { documentsWholly, exampleRequest, hasExample } from './example-request';
import type { RequestCase } from './types';

const connect: Operation = {
  operationId: 'connectApp',
  method: 'POST',
  path: '/apps/{provider}/connect',
  tag: 'Apps',
  summary: '',
  parameters: [
    { name: 'provider', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', example: 20 } },
    { name: 'cursor', in: 'query', required: false, schema: { type: 'string' } },
    { name: 'mode', in: 'query', required: true, schema: { type: 'string' }, examples: ['fast'] },
  ],
  requestBody: {
    required: true,
    contentType: 'application/json',
    schema: {
      type: 'object',
      required: ['fields', 'name'],
      properties: {
        fields: { type: 'object', additionalProperties: { type: 'string' }, example: { apiKey: 'sk-...' } },
        name: { type: 'string' },
        method: { type: 'string' },
        nested: { type: 'object', properties: { host: { type: 'string', example: 'api.example.com' }, port: { type: 'integer' } } },
        labels: { type: 'array', items: { type: 'string' } },
      },
    },
  },
  responses: {},
  authenticated: true,
  role: 'project-member',
  projectContext: 'optional',
  keyKinds: ['project'],
  availability: { cloud: true, enterprise: true, community: true },
  servedBy: 'api',
};

const sample: RequestCase = {
  operationId: 'connectApp',
  kind: 'valid',
  pathParams: { provider: 'zz' },
  query: { limit: 3, cursor: 'abc', mode: 'slow' },
  headers: {},
  body: { kind: 'json', value: { fields: { x: 'y' }, name: 'n1', method: 'oauth', nested: { host: 'h', port: 1 }, labels: ['a'] } },
};

describe('exampleRequest', () => {
  test('takes documented examples, keeps required generated values, drops undocumented optional parts', () => {
    const request = exampleRequest(connect, sample);
    expect(request.body).toEqual({ kind: 'json', value: { fields: { apiKey: 'sk-...' }, name: 'n1', nested: { host: 'api.example.com' } } });
    expect(request.query).toEqual({ limit: 20, mode: 'fast' });
    expect(request.pathParams).toEqual({ provider: 'zz' });
    expect(request.kind).toBe('valid');
  });

  test('a media-type example is the body as a whole', () => {
    const op: Operation = { ...connect, requestBody: { ...connect.requestBody!, examples: [{ fields: { token: 't' }, name: 'doc' }] } };
    expect(exampleRequest(op, sample).body).toEqual({ kind: 'json', value: { fields: { token: 't' }, name: 'doc' } });
  });

  test('the example is copied, never shared with the contract', () => {
    const request = exampleRequest(connect, sample);
    (request.body as { value: { fields: Record<string, string> } }).value.fields.apiKey = 'changed';
    expect(exampleRequest(connect, sample).body).toMatchObject({ value: { fields: { apiKey: 'sk-...' } } });
  });

  test('hasExample looks through properties, allOf and items', () => {
    expect(hasExample({ type: 'string' })).toBe(false);
    expect(hasExample({ allOf: [{ properties: { a: { examples: ['x'] } } }] })).toBe(true);
    expect(hasExample({ type: 'array', items: { type: 'string', example: 'x' } })).toBe(true);
  });
});

describe('documentsWholly', () => {
  it('holds when the schema or every required part has an example, not when a required part has none', () => {
    expect(documentsWholly({ type: 'object', example: { a: 1 } })).toBe(true);
    expect(documentsWholly({ type: 'object', required: ['a'], properties: { a: { type: 'string', example: 'x' }, b: { type: 'string' } } })).toBe(true);
    expect(documentsWholly({ type: 'object', required: ['a', 'b'], properties: { a: { type: 'string', example: 'x' }, b: { type: 'string' } } })).toBe(false);
    expect(documentsWholly({ type: 'string' })).toBe(false);
  });
});
