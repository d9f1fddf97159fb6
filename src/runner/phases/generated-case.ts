import type { RequestCase } from '../../../generators/requests/types';
import type { CaseInfo } from '../../checks/types';
import type { AuthVariant } from './auth-variant';

/** A case of a generated phase (coverage, positive, negative, auth): the request fast-check made, and how it was made. */
export interface GeneratedCase {
  request: RequestCase;
  info: CaseInfo;
  /** Authorization variant for the auth phase. */
  auth?: AuthVariant;
}

/** What a generated request is, for the checks: valid, or invalid by its mutation (proven once the bytes are known). */
export function infoOf(request: RequestCase): CaseInfo {
  if (request.kind === 'valid' || !request.mutation) return { kind: 'valid' };
  const m = request.mutation;
  // The proof is filled in once the bytes are known.
  return { kind: 'invalid', mutation: m.mutation, pointer: m.pointer, location: m.location, name: m.name, proof: { verdict: 'inconclusive', reason: 'not yet proven' } };
}
