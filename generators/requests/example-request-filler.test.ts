import { describe, expect, test } from 'vitest';
import type { Operation } from '../../src/contract/types';
import { exampleRequest } from './example-request';
import type { RequestCase } from './types';

// Only what exampleRequest reads; the rest of an Operation does not matter here.
const createSecret = {
  operationId: 'createSecret',
  method: 'POST',
  path: '/projects/{projectId}/secrets',
  parameters: [
    { name: 'projectId', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'scope', in: 'query', required: true, schema: { type: 'string', pattern: '^[^/]+$' } },
  ],
  requestBody: {
    required: true,
    contentType: 'application/json',
    schema: {
      type: 'object',
      required: ['name', 'value', 'hostPattern'],
      properties: {
        name: { type: 'string', example: 'Anthropic key' },
        value: { type: 'string', minLength: 1, maxLength: 10 },
        hostPattern: { type: 'string', pattern: '^[^\\s]+$' },
        emoji: { type: 'string', pattern: '^\\p{Extended_Pictographic}$' },
      },
    },
  },
} as unknown as Operation;

const sample: RequestCase = {
  operationId: 'createSecret',
  kind: 'valid',
  pathParams: { projectId: 'p\u{10FFFD}1' },
  query: { scope: '\u00ad\u{1F600}x' },
  headers: {},
  body: { kind: 'json', value: { name: 'n', value: 'O=tz9b\u3516!', hostPattern: 'h\u200b\ufff2', emoji: '\u{1F600}' } },
};

describe('exampleRequest › filler', () => {
  test('generated values standing in for undocumented required parts are printable ASCII, same lengths', () => {
    const request = exampleRequest(createSecret, sample);
    expect(request.body).toEqual({ kind: 'json', value: { name: 'Anthropic key', value: 'O=tz9bg!', hostPattern: 'hbc' } });
    expect(request.query).toEqual({ scope: 'abx' });
    expect(request.pathParams).toEqual({ projectId: 'pb1' });
  });

  test('a character the schema needs stays as generated', () => {
    const op = {
      ...createSecret,
      requestBody: { ...createSecret.requestBody!, schema: { type: 'object', required: ['emoji'], properties: { emoji: { type: 'string', pattern: '^\\p{Extended_Pictographic}$' } } } },
    } as Operation;
    expect(exampleRequest(op, sample).body).toEqual({ kind: 'json', value: { emoji: '\u{1F600}' } });
  });
});
