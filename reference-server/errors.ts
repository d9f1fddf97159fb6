/**
 * The two OneCLI error shapes, and the one place that renders them.
 *
 * - flat `{"error":"..."}`: route-level validation, always 400 (docs' error rule);
 * - envelope `{"error":{"message":"...","type":"..."}}`: auth (401/403), service
 *   errors (400/404/409), unknown route (404) and unexpected failures (500).
 *
 * Handlers throw an {@link HttpError}; {@link renderError} turns it (or any other
 * throw, as a 500 envelope) into a response.
 */
import type { AppResponse } from './http.ts';
import { json } from './http.ts';

/** `error.type` values the OneCLI v1 API server sends in envelopes. */
export type ErrorType = 'authentication_error' | 'invalid_request_error' | 'not_found_error' | 'api_error';

/** An error that knows its status and which of the two shapes it renders as. */
export class HttpError extends Error {
  private constructor(
    readonly status: number,
    readonly shape: 'flat' | 'envelope',
    message: string,
    readonly type?: ErrorType,
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** Route-level validation failure: 400 flat `{"error": message}`. */
  static validation(message: string): HttpError {
    return new HttpError(400, 'flat', message);
  }

  /** Any other error: `{"error": {"message", "type"}}` with the given status. */
  static envelope(status: number, type: ErrorType, message: string): HttpError {
    return new HttpError(status, 'envelope', message, type);
  }

  /** The JSON body of this error. */
  body(): unknown {
    return this.shape === 'flat' ? { error: this.message } : { error: { message: this.message, type: this.type } };
  }
}

/** Message and type of the catch-all 500. */
export const UNEXPECTED_ERROR = HttpError.envelope(500, 'api_error', 'An unexpected error occurred.');

/** Renders a thrown value: an HttpError as itself, anything else as the 500 envelope. */
export function renderError(error: unknown): AppResponse {
  const httpError = error instanceof HttpError ? error : UNEXPECTED_ERROR;
  return json(httpError.status, httpError.body());
}
