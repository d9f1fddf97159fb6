import { describe, expect, it } from 'vitest';
import { HttpError, renderError } from './errors.ts';

describe('errors', () => {
  it('renders a validation error as 400 flat', () => {
    expect(renderError(HttpError.validation('name is required'))).toEqual({
      status: 400,
      body: { error: 'name is required' },
    });
  });

  it('renders an envelope error with its status, message and type', () => {
    expect(renderError(HttpError.envelope(404, 'not_found_error', 'Agent not found'))).toEqual({
      status: 404,
      body: { error: { message: 'Agent not found', type: 'not_found_error' } },
    });
  });

  it.each([new Error('boom'), new TypeError('x.trim is not a function'), 'a string', undefined])(
    'renders any other throw (%s) as the 500 envelope',
    (thrown) => {
      expect(renderError(thrown)).toEqual({
        status: 500,
        body: { error: { message: 'An unexpected error occurred.', type: 'api_error' } },
      });
    },
  );
});
