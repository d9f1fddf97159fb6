/** The fault registry: a plain list. A new fault is one file plus one line here. */
import { fiveHundredOnLongNames } from './500-on-long-names.ts';
import { acceptsInvalidBody } from './accepts-invalid-body.ts';
import { approvalsOnGateway } from './approvals-on-gateway.ts';
import { assignmentNotPersisted } from './assignment-not-persisted.ts';
import { auth401Flat } from './auth-401-flat.ts';
import { budgetClearKept } from './budget-clear-kept.ts';
import { containerConfig500Flat } from './container-config-500-flat.ts';
import { createdNotReadable } from './created-not-readable.ts';
import { deleteKeepsResource } from './delete-keeps-resource.ts';
import { dropsAgentListOnceInThree } from './drops-agent-list-once-in-three.ts';
import { extraMethodAccepted } from './extra-method-accepted.ts';
import { gateway401Text } from './gateway-401-text.ts';
import { ignoresMissingProjectId } from './ignores-missing-project-id.ts';
import { listOmitsCreated } from './list-omits-created.ts';
import { memberCanDeleteOrgSecrets } from './member-can-delete-org-secrets.ts';
import { missingLocationHeader } from './missing-location-header.ts';
import { noAuth } from './no-auth.ts';
import { omitsDocumentedProperty } from './omits-documented-property.ts';
import { realFlat404 } from './real-flat-404.ts';
import { refusesEveryCreate } from './refuses-every-create.ts';
import { rejectsValidNames } from './rejects-valid-names.ts';
import { slowResponses } from './slow-responses.ts';
import { strictAtLeastOneField } from './strict-at-least-one-field.ts';
import { strictEmptyAsMissing } from './strict-empty-as-missing.ts';
import { strictHostPattern } from './strict-host-pattern.ts';
import { strictProviderNotAvailable } from './strict-provider-not-available.ts';
import { strictRateLimitPair } from './strict-rate-limit-pair.ts';
import { strictTrim } from './strict-trim.ts';
import { strictUtf16Length } from './strict-utf16-length.ts';
import { validation400Envelope } from './validation-400-envelope.ts';
import { wrongContentType } from './wrong-content-type.ts';
import { undocumentedStatus } from './undocumented-status.ts';
import { updateNotPersisted } from './update-not-persisted.ts';
import { v2Retired410 } from './v2-retired-410.ts';
import { wrongPropertyType } from './wrong-property-type.ts';

export const faults = [
  // error shapes
  auth401Flat,
  validation400Envelope,
  // negative data
  acceptsInvalidBody,
  // valid data
  rejectsValidNames,
  refusesEveryCreate,
  // statuses and response schemas
  undocumentedStatus,
  wrongPropertyType,
  omitsDocumentedProperty,
  // media types and headers
  wrongContentType,
  missingLocationHeader,
  // server errors
  fiveHundredOnLongNames,
  // performance
  slowResponses,
  // authentication and authorization
  noAuth,
  ignoresMissingProjectId,
  memberCanDeleteOrgSecrets,
  // methods
  extraMethodAccepted,
  // resource lifecycles
  deleteKeepsResource,
  createdNotReadable,
  updateNotPersisted,
  listOmitsCreated,
  budgetClearKept,
  assignmentNotPersisted,
  // departures of the real OneCLI servers from the docs (shared/onecli-api NOTES.md §4, §5)
  realFlat404,
  v2Retired410,
  gateway401Text,
  containerConfig500Flat,
  // deployment shapes
  approvalsOnGateway,
  // stricter than the contract, as real servers are (together: the set strict-but-correct, sets.ts)
  strictTrim,
  strictUtf16Length,
  strictEmptyAsMissing,
  strictAtLeastOneField,
  strictRateLimitPair,
  strictHostPattern,
  strictProviderNotAvailable,
  // transport: the connection breaks off mid-answer
  dropsAgentListOnceInThree,
] as const;

export type FaultId = (typeof faults)[number]['id'];

export const faultIds: readonly FaultId[] = faults.map((fault) => fault.id);
