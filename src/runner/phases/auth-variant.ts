/** How the auth phase breaks a request's credentials: no Authorization header, or a key no server issued. */
export type AuthVariant = 'missing-key' | 'malformed-key';

/** `auth` as the variant sends it (unchanged without one). */
export function withVariant(auth: Record<string, string>, variant?: AuthVariant): Record<string, string> {
  const headers = { ...auth };
  if (variant === 'missing-key') delete headers.authorization;
  if (variant === 'malformed-key') headers.authorization = 'Bearer oc_not-a-valid-key';
  return headers;
}
