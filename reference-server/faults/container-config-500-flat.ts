import { json } from '../http.ts';
import type { Fault } from './types.ts';

/**
 * `GET /container-config` wraps its handler in a catch-all that answers every error it catches as 500 flat
 * `{"error": "Internal server error"}`, the missing-project error included: an organization key without
 * X-Project-Id gets that 500 instead of the 400 envelope "X-Project-Id header is required" (shared/onecli-api:
 * NOTES.md §4.1 and §4.2, operations.json `getContainerConfig` 500 `observed_in_source`, source
 * packages/api/src/routes/container-config.ts). The 401/403 of the auth middleware come before the handler
 * and are unchanged (so is the strict editions' 401 for a missing X-Project-Id); the 404s are returned by
 * the handler, not thrown, and are unchanged too.
 */
export const containerConfig500Flat = {
  id: 'container-config-500-flat',
  description:
    'GET /v1/container-config answers the errors its handler raises (the missing-project 400 included) ' +
    'as 500 flat {"error":"Internal server error"}.',
  wrap: (next) => async (req) => {
    const res = await next(req);
    if (req.match?.route.operationId !== 'getContainerConfig' || (res.status !== 400 && res.status < 500)) return res;
    return json(500, { error: 'Internal server error' });
  },
} as const satisfies Fault;
