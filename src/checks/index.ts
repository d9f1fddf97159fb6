import { contentTypeConformance } from './content-type-conformance';
import { documentedPropertiesPresent } from './documented-properties-present';
import { ensureResourceAvailability } from './ensure-resource-availability';
import { errorShape } from './error-shape';
import { ignoredAuth } from './ignored-auth';
import { listConsistency } from './list-consistency';
import { maxResponseTime } from './max-response-time';
import { missingRequiredHeader } from './missing-required-header';
import { negativeDataRejection } from './negative-data-rejection';
import { notAServerError } from './not-a-server-error';
import { operationServed } from './operation-served';
import { positiveDataAcceptance } from './positive-data-acceptance';
import { responseHeadersConformance } from './response-headers-conformance';
import { responseSchemaConformance } from './response-schema-conformance';
import { roleEnforcement } from './role-enforcement';
import { statusCodeConformance } from './status-code-conformance';
import { transportError } from './transport-error';
import type { Check } from './types';
import { unsupportedMethod } from './unsupported-method';
import { updatePersisted } from './update-persisted';
import { useAfterFree } from './use-after-free';

/** Every check, in the order reports list them. A new check is one file plus one line here. */
export const checks: Check[] = [
  // the operation is there, and the server stays up
  operationServed,
  notAServerError,
  transportError,
  // the answer is documented
  statusCodeConformance,
  responseSchemaConformance,
  errorShape,
  contentTypeConformance,
  responseHeadersConformance,
  documentedPropertiesPresent,
  // invalid input is refused
  negativeDataRejection,
  // valid input is accepted
  positiveDataAcceptance,
  // authentication and authorization
  ignoredAuth,
  missingRequiredHeader,
  roleEnforcement,
  // only the documented methods are served
  unsupportedMethod,
  // resource lifecycles (stateful sequences)
  useAfterFree,
  ensureResourceAvailability,
  updatePersisted,
  listConsistency,
  // performance (opt-in)
  maxResponseTime,
];
