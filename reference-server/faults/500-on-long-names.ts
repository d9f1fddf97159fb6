import { UNEXPECTED_ERROR } from '../errors.ts';
import type { Fault } from './types.ts';

const LIMIT = 100;
const operations = new Set(['createAgent', 'renameAgent']);

/**
 * createAgent and renameAgent answer the 500 envelope for a name longer than
 * 100 characters (the docs allow 255). Like a server failing after its write,
 * the request is processed first; only its success response is replaced.
 */
export const fiveHundredOnLongNames = {
  id: '500-on-long-names',
  description: 'createAgent and renameAgent answer 500 when the name is longer than 100 characters.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    const name = (req.body as { name?: unknown } | null)?.name;
    const long = typeof name === 'string' && [...name].length > LIMIT;
    if (!operations.has(req.match?.route.operationId ?? '') || !long || res.status >= 300) return res;
    return { status: UNEXPECTED_ERROR.status, body: UNEXPECTED_ERROR.body() };
  },
} as const satisfies Fault;
