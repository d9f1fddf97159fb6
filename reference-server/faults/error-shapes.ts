/** Recognizers for the two error bodies, for faults that rewrite them. */

/** `{"error": "..."}` */
export function isFlatError(body: unknown): body is { error: string } {
  return typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string';
}

/** `{"error": {"message": "...", "type": "..."}}` */
export function isEnvelopeError(body: unknown): body is { error: { message: string; type: string } } {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}
