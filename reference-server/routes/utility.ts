/** Utility tag: the public liveness check (getCounts and listVaults to come). */
import { json } from '../http.ts';
import type { RouteDef } from './types.ts';

/** Reported as `version` by GET /health. */
export const REFERENCE_SERVER_VERSION = '0.1.0-reference';

export const utilityRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/health',
    operationId: 'getHealth',
    auth: 'public',
    handler: () =>
      json(200, { status: 'ok', version: REFERENCE_SERVER_VERSION, timestamp: new Date().toISOString() }),
  },
];
