import { errorShape } from './error-shape';
import { ignoredAuth } from './ignored-auth';
import { negativeDataRejection } from './negative-data-rejection';
import { notAServerError } from './not-a-server-error';
import { responseSchemaConformance } from './response-schema-conformance';
import { statusCodeConformance } from './status-code-conformance';
import type { Check } from './types';

/** Every check, in the order reports list them. A new check is one file plus one line here. */
export const checks: Check[] = [
  // the server stays up
  notAServerError,
  // the answer is documented
  statusCodeConformance,
  responseSchemaConformance,
  errorShape,
  // invalid input is refused
  negativeDataRejection,
  // authentication
  ignoredAuth,
];
