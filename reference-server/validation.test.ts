import { describe, expect, it } from 'vitest';
import { HttpError } from './errors.ts';
import {
  anyObject,
  array,
  boolean,
  enumOf,
  integer,
  nullable,
  object,
  optional,
  parseBody,
  string,
  type Validator,
} from './validation.ts';

/** The 400 flat message a validator throws, or undefined when it passes. */
function failure(validator: Validator<unknown>, value: unknown): string | undefined {
  try {
    parseBody(value, validator);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).body()).toEqual({ error: expect.any(String) });
    expect((error as HttpError).status).toBe(400);
    return (error as HttpError).message;
  }
}

const body = object({
  name: string({ minLength: 1, maxLength: 5 }),
  identifier: optional(string({ pattern: '^[a-z]+$' })),
  mode: optional(enumOf(['all', 'selective'])),
  on: optional(boolean()),
  limit: optional(integer({ minimum: 1, maximum: 10 })),
  ids: optional(array(string(), { minItems: 1, maxItems: 2 })),
  items: optional(array(object({ id: string(), policy: optional(nullable(anyObject())) }))),
});

describe('validation', () => {
  it.each([
    [{ name: 'a' }],
    [{ name: '     ' }],
    [{ name: '😀😀😀😀😀' }],
    [{ name: 'a', extra: { anything: true } }],
    [{ name: 'a', identifier: 'abc', mode: 'all', on: false, limit: 10, ids: ['x'] }],
    [{ name: 'a', items: [{ id: 'c', policy: null }, { id: 'd', policy: { repos: [] } }, { id: 'e' }] }],
  ])('accepts %j', (value) => {
    expect(failure(body, value)).toBeUndefined();
  });

  it.each([
    [null, 'body must be a JSON object (received null)'],
    [[], 'body must be a JSON object (received array)'],
    ['text', 'body must be a JSON object (received string)'],
    [{}, 'name is required'],
    [{ name: 3 }, 'name must be a string (received number)'],
    [{ name: '' }, 'name must be at least 1 character(s) long (received 0)'],
    [{ name: '123456' }, 'name must be at most 5 characters (received 6)'],
    [{ name: 'a', identifier: 'A' }, 'identifier must match the pattern ^[a-z]+$'],
    [{ name: 'a', identifier: null }, 'identifier must be a string (received null)'],
    [{ name: 'a', mode: 'some' }, 'mode must be one of: all, selective (received "some")'],
    [{ name: 'a', mode: 'x'.repeat(51) }, 'mode must be one of: all, selective (received string)'],
    [{ name: 'a', mode: 1 }, 'mode must be one of: all, selective (received number)'],
    [{ name: 'a', on: 'true' }, 'on must be a boolean (received string)'],
    [{ name: 'a', limit: 1.5 }, 'limit must be an integer (received number)'],
    [{ name: 'a', limit: 0 }, 'limit must be at least 1 (received 0)'],
    [{ name: 'a', limit: 11 }, 'limit must be at most 10 (received 11)'],
    [{ name: 'a', ids: [] }, 'ids must contain at least 1 item(s) (received 0)'],
    [{ name: 'a', ids: ['a', 'b', 'c'] }, 'ids must contain at most 2 items (received 3)'],
    [{ name: 'a', ids: ['a', 2] }, 'ids[1] must be a string (received number)'],
    [{ name: 'a', items: [{}] }, 'items[0].id is required'],
    [{ name: 'a', items: [{ id: 'x', policy: [] }] }, 'items[0].policy must be an object (received array)'],
  ])('rejects %j with %j', (value, message) => {
    expect(failure(body, value)).toBe(message);
  });

  it('returns the declared properties only', () => {
    expect(parseBody({ name: 'a', extra: 1 }, body)).toEqual({ name: 'a' });
  });
});
