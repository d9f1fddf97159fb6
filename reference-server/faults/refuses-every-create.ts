import { isObject, refuseBeforeHandler } from './refuse-before-handler.ts';
import type { Fault } from './types.ts';

/**
 * A broken operation: createSecret (`POST /secrets`) refuses every request whose body is a JSON object, valid
 * or not, with route-level validation: 400 flat `Secret type not supported`. It happens after authentication
 * and before the handler runs, so nothing is stored; a body that is not an object gets the correct server's
 * own 400 flat. Unlike the strict faults, this refuses what the docs say must be accepted.
 */
export const SECRET_TYPE_NOT_SUPPORTED = 'Secret type not supported';

export const refusesEveryCreate = {
  id: 'refuses-every-create',
  description: 'POST /v1/secrets answers 400 flat "Secret type not supported" to every JSON object body, before the handler runs.',
  wrap: refuseBeforeHandler({ createSecret: (body) => (isObject(body) ? SECRET_TYPE_NOT_SUPPORTED : undefined) }),
} as const satisfies Fault;
