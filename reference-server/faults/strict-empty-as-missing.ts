import { forOperations, isObject, refuseBeforeHandler, type Refusal } from './refuse-before-handler.ts';
import type { Fault } from './types.ts';

/**
 * An empty string is read as a missing value (a form-style `z.preprocess(v => v === '' ? undefined : v)`),
 * so a field the server needs, sent as `""` where the docs allow it (a string with no minLength), is missing:
 * 400 flat `<field>: Required`.
 *
 * The cases, each a string the contract lets be empty but without which the server has nothing to work with:
 * - `hostPattern` of the creates that document it without a minLength: createSecret, createOrgSecret,
 *   createPartnerSecret, createOrgRule (a secret or rule must say which host it applies to; createRule's
 *   hostPattern has minLength 1 already). Updates are untouched: there a missing hostPattern means "keep".
 * - `opRef` of createSecret when `valueSource` is `onepassword` (the body documents opRef as an optional
 *   string; a 1Password secret needs the reference it reads its value from).
 * - `cloudApiKey` of migrateExport (required, no minLength; the export authenticates with it).
 *
 * Any other `""` (a label, a pathPattern, a format string) is left alone.
 */
const empty = (body: unknown, field: string) => isObject(body) && body[field] === '';
const required = (field: string) => `${field}: Required`;

const hostPattern: Refusal = (body) => (empty(body, 'hostPattern') ? required('hostPattern') : undefined);

const EMPTY_AS_MISSING: Readonly<Record<string, Refusal>> = {
  ...forOperations(['createSecret', 'createOrgSecret', 'createPartnerSecret', 'createOrgRule'], hostPattern),
  createSecret: (body, req) => {
    if (isObject(body) && body['valueSource'] === 'onepassword' && empty(body, 'opRef')) return required('opRef');
    return hostPattern(body, req);
  },
  migrateExport: (body) => (empty(body, 'cloudApiKey') ? required('cloudApiKey') : undefined),
};

/** The operations the fault checks, for tests. */
export const EMPTY_AS_MISSING_OPERATIONS: readonly string[] = Object.keys(EMPTY_AS_MISSING);

export const strictEmptyAsMissing = {
  id: 'strict-empty-as-missing',
  description:
    'An empty string counts as missing where the server needs the value: hostPattern "" on the secret creates and ' +
    'createOrgRule, opRef "" on a 1Password createSecret, cloudApiKey "" on migrateExport answer 400 flat "<field>: Required".',
  wrap: refuseBeforeHandler(EMPTY_AS_MISSING),
} as const satisfies Fault;
