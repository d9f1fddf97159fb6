/**
 * Request bodies and views shared by the Organization Secrets and Partner
 * Secrets tags (both documented with the same create/update bodies, `Secret`
 * list items and the `SecretCreated` creation response).
 */
import { HttpError } from '../errors.ts';
import type { InlineInjectionConfig, InlineSecretFields, NewInlineSecret } from '../store/index.ts';
import { SECRET_TYPE_LABELS, secretPreview } from '../store/index.ts';
import type { Validator } from '../validation.ts';
import { enumOf, nullable, object, optional, string } from '../validation.ts';

interface Variant {
  required: readonly string[];
  optional: readonly string[];
  /** minLength per key (only `headerName` and `paramName` have one). */
  minLength: Readonly<Record<string, number>>;
}

const VARIANTS: readonly Variant[] = [
  { required: ['headerName'], optional: ['valueFormat'], minLength: { headerName: 1 } },
  { required: ['paramName'], optional: ['paramFormat'], minLength: { paramName: 1 } },
  { required: ['pathTemplate'], optional: [], minLength: {} },
  { required: ['pathRegex', 'pathReplacement'], optional: [], minLength: {} },
];

const VARIANT_LIST = '{headerName, valueFormat?}, {paramName, paramFormat?}, {pathTemplate}, {pathRegex, pathReplacement}';

/**
 * The documented `InjectionConfig`: exactly one of four closed object variants
 * (additionalProperties: false), or null.
 */
export function injectionConfig(): Validator<InlineInjectionConfig | null> {
  return (value, field) => {
    if (value === null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw HttpError.validation(`${field} must be an object or null (received ${Array.isArray(value) ? 'array' : typeof value})`);
    }
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const variant = VARIANTS.find(
      (v) => v.required.every((k) => keys.includes(k)) && keys.every((k) => v.required.includes(k) || v.optional.includes(k)),
    );
    if (!variant) throw HttpError.validation(`${field} must have exactly the properties of one of: ${VARIANT_LIST}`);
    for (const key of keys) {
      string({ minLength: variant.minLength[key] })(record[key], `${field}.${key}`);
    }
    return record as InlineInjectionConfig;
  };
}

const secretName = () => string({ minLength: 1, maxLength: 255 });
const secretValue = () => string({ minLength: 1, maxLength: 10000 });

/** Body of createOrgSecret / createPartnerSecret. */
export const createInlineSecretBody = object({
  name: secretName(),
  type: enumOf(['anthropic', 'openai', 'generic']),
  value: secretValue(),
  hostPattern: string(),
  pathPattern: optional(string({ maxLength: 1000 })),
  injectionConfig: optional(injectionConfig()),
});

/** Body of updateOrgSecret / updatePartnerSecret: every field optional (an empty object changes nothing). */
export const updateInlineSecretBody = object({
  name: optional(secretName()),
  value: optional(secretValue()),
  hostPattern: optional(string()),
  pathPattern: optional(nullable(string())),
  injectionConfig: optional(injectionConfig()),
});

const GENERIC_NEEDS_INJECTION = HttpError.envelope(
  400,
  'invalid_request_error',
  'Header name, parameter name, or URL path template is required for generic secrets',
);

/** The creation fields, after the service rule that a generic secret says how it is injected. */
export function newInlineSecret(body: ReturnType<typeof createInlineSecretBody>): NewInlineSecret {
  if (body.type === 'generic' && !body.injectionConfig) throw GENERIC_NEEDS_INJECTION;
  return body;
}

/** Applies an update body to a stored secret. */
export function applyInlineSecretUpdate(
  secret: InlineSecretFields,
  body: ReturnType<typeof updateInlineSecretBody>,
): void {
  if (body.name !== undefined) secret.name = body.name;
  if (body.value !== undefined) secret.value = body.value;
  if (body.hostPattern !== undefined) secret.hostPattern = body.hostPattern;
  if (body.pathPattern !== undefined) secret.pathPattern = body.pathPattern;
  if (body.injectionConfig !== undefined) secret.injectionConfig = body.injectionConfig;
}

/**
 * The documented `Secret` list item. `scope` is `organization` for partner
 * secrets too: the docs' enum has no `partner` value.
 */
export function secretView(secret: InlineSecretFields) {
  return {
    id: secret.id,
    name: secret.name,
    type: secret.type,
    valueSource: 'inline' as const,
    opRef: null,
    hostPattern: secret.hostPattern,
    pathPattern: secret.pathPattern,
    injectionConfig: secret.injectionConfig,
    metadata: null,
    scope: 'organization' as const,
    typeLabel: SECRET_TYPE_LABELS[secret.type],
    createdAt: secret.createdAt,
  };
}

/**
 * The documented `SecretCreated`, every property present. These secrets are inline only, so `opRef`
 * (typed a non-null string) is the empty string, as the project Secrets tag answers it.
 */
export function secretCreatedView(secret: InlineSecretFields) {
  return {
    id: secret.id,
    name: secret.name,
    type: secret.type,
    valueSource: 'inline' as const,
    opRef: '',
    hostPattern: secret.hostPattern,
    pathPattern: secret.pathPattern,
    createdAt: secret.createdAt,
    preview: secretPreview(secret.value),
  };
}
