import { describe, expect, it } from 'vitest';
import { json, noContent, normalizeHeaders, parseJsonBody, toWire } from './http.ts';

describe('http', () => {
  it.each([
    ['', null],
    ['   ', null],
    ['{bad', null],
    ['{"a":1}', { a: 1 }],
    ['[1]', [1]],
    ['"s"', 's'],
    ['null', null],
  ])('parses body %j as %j', (text, expected) => {
    expect(parseJsonBody(text)).toEqual(expected);
  });

  it('lower-cases header names and joins repeated values', () => {
    expect(normalizeHeaders({ 'X-Project-Id': 'p', Accept: ['a', 'b'], skipped: undefined })).toEqual({
      'x-project-id': 'p',
      accept: 'a, b',
    });
  });

  it('serializes JSON with a UTF-8 JSON content type and byte length', () => {
    const wire = toWire(json(200, { name: 'é' }));
    expect(wire).toEqual({
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '13' },
      text: '{"name":"é"}',
    });
  });

  it('serializes 204 with no body and no content type', () => {
    expect(toWire(noContent())).toEqual({ status: 204, headers: {}, text: '' });
  });
});
