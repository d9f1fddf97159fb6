import { forOperations, isObject, refuseBeforeHandler } from './refuse-before-handler.ts';
import type { Fault } from './types.ts';

/**
 * A `hostPattern` must look like a host name: labels of ASCII letters, digits and hyphens separated by dots,
 * optionally behind a leading `*.` (`api.github.com`, `*.example.com`, `localhost`). Anything else — a scheme,
 * a port, a path, spaces, an empty string, a bare `*`, non-ASCII — answers 400 flat
 * `hostPattern: Invalid hostname pattern`, where the docs type the field as a plain string.
 *
 * The operations: the secret creates and updates (project, organization, partner), the rule creates and
 * updates (project, organization), and the blocklist entry adds (project, organization; only the custom
 * `{name, hostPattern}` variant has one). A hostPattern that is not a string is left to the route.
 */
export const HOSTNAME_PATTERN = /^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;

export const HOST_PATTERN_MESSAGE = 'hostPattern: Invalid hostname pattern';

const HOST_PATTERN_OPERATIONS = [
  'createSecret',
  'updateSecret',
  'createOrgSecret',
  'updateOrgSecret',
  'createPartnerSecret',
  'updatePartnerSecret',
  'createRule',
  'updateRule',
  'createOrgRule',
  'updateOrgRule',
  'addBlocklistEntry',
  'addOrgBlocklistEntry',
];

/** The operations the fault checks, for tests. */
export const STRICT_HOST_PATTERN_OPERATIONS: readonly string[] = HOST_PATTERN_OPERATIONS;

export const strictHostPattern = {
  id: 'strict-host-pattern',
  description:
    'hostPattern (secrets, rules and blocklist entries, project and organization) must be a host name with an optional ' +
    'leading "*.": anything else answers 400 flat "hostPattern: Invalid hostname pattern".',
  wrap: refuseBeforeHandler(
    forOperations(HOST_PATTERN_OPERATIONS, (body) => {
      const value = isObject(body) ? body['hostPattern'] : undefined;
      return typeof value === 'string' && !HOSTNAME_PATTERN.test(value) ? HOST_PATTERN_MESSAGE : undefined;
    }),
  ),
} as const satisfies Fault;
