import { HttpError, renderError } from '../errors.ts';
import type { Fault } from './types.ts';

const NO_DIGITS = HttpError.validation('name must not contain digits');

/**
 * createAgent refuses, with route-level validation (400 flat), a name containing a digit, which the docs
 * allow. Only requests the correct server accepts are refused (auth and validation errors are unchanged);
 * like a check made after the write, the agent is stored first.
 */
export const rejectsValidNames = {
  id: 'rejects-valid-names',
  description: 'POST /v1/agents answers 400 flat to a valid body whose name contains a digit.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    const name = (req.body as { name?: unknown } | null)?.name;
    if (req.match?.route.operationId !== 'createAgent' || res.status >= 300 || typeof name !== 'string' || !/\d/.test(name)) return res;
    return renderError(NO_DIGITS);
  },
} as const satisfies Fault;
