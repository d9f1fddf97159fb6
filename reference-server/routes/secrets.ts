/**
 * Secrets tag: the 4 documented operations, as documented. Route-level
 * validation (the body breaks the documented schema) → 400 flat; a body the
 * schema accepts but the service refuses (no value, no 1Password field, a
 * generic secret with no injection) → 400 envelope; unknown secret → 404 envelope.
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { FullSecret, InjectionConfig, SecretDetails, SecretRecord, SecretType } from '../store/index.ts';
import { deleteSecret, findSecret, fullSecret, inheritedSecrets, insertSecret, projectSecrets } from '../store/index.ts';
import { enumOf, nullable, object, optional, parseBody, string, type Validator } from '../validation.ts';
import { secretView as organizationSecretView } from './inline-secret-fields.ts';
import type { Context, RouteDef } from './types.ts';

function fail(message: string): never {
  throw HttpError.validation(message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One `InjectionConfig` variant: its properties and which of them are required (additionalProperties: false). */
interface Variant {
  required: readonly string[];
  optional: readonly string[];
  minLength: Readonly<Record<string, number>>;
}

const INJECTION_VARIANTS: readonly Variant[] = [
  { required: ['headerName'], optional: ['valueFormat'], minLength: { headerName: 1 } },
  { required: ['paramName'], optional: ['paramFormat'], minLength: { paramName: 1 } },
  { required: ['pathTemplate'], optional: [], minLength: {} },
  { required: ['pathRegex', 'pathReplacement'], optional: [], minLength: {} },
];

const VARIANTS_TEXT = '{headerName, valueFormat?}, {paramName, paramFormat?}, {pathTemplate}, {pathRegex, pathReplacement} or null';

/**
 * The documented `InjectionConfig`: exactly one of four closed objects, or null.
 * The variant is picked by its keys; an object fitting none (unknown, mixed or
 * missing keys) fails with the list of variants.
 */
export function injectionConfig(): Validator<InjectionConfig | null> {
  return (value, field) => {
    if (value === null) return null;
    if (!isPlainObject(value)) fail(`${field} must be an object or null (received ${Array.isArray(value) ? 'array' : typeof value})`);
    const keys = Object.keys(value).filter((k) => value[k] !== undefined);
    const variant = INJECTION_VARIANTS.find(
      (v) => v.required.every((k) => keys.includes(k)) && keys.every((k) => v.required.includes(k) || v.optional.includes(k)),
    );
    if (!variant) fail(`${field} must be exactly one of ${VARIANTS_TEXT} (received keys: ${keys.join(', ') || 'none'})`);
    for (const key of keys) string({ minLength: variant.minLength[key] })(value[key], `${field}.${key}`);
    return value as InjectionConfig;
  };
}

const secretName = () => string({ minLength: 1, maxLength: 255 });
const secretValue = () => string({ minLength: 1, maxLength: 10000 });
const opDisplay = () => object({ vault: optional(string()), item: optional(string()), field: optional(string()) });

const createSecretBody = object({
  name: secretName(),
  type: enumOf(['anthropic', 'openai', 'generic']),
  valueSource: optional(enumOf(['inline', 'onepassword'])),
  value: optional(secretValue()),
  opRef: optional(string()),
  opDisplay: optional(opDisplay()),
  hostPattern: string(),
  pathPattern: optional(string({ maxLength: 1000 })),
  injectionConfig: optional(injectionConfig()),
});

const updateSecretBody = object({
  name: optional(secretName()),
  valueSource: optional(enumOf(['inline', 'onepassword'])),
  value: optional(secretValue()),
  opRef: optional(string()),
  opDisplay: optional(opDisplay()),
  hostPattern: optional(string()),
  pathPattern: optional(nullable(string())),
  injectionConfig: optional(injectionConfig()),
});

const invalidRequest = (message: string) => HttpError.envelope(400, 'invalid_request_error', message);
const SECRET_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Secret not found');
const NO_FIELDS = invalidRequest('No fields to update');
const VALUE_REQUIRED = invalidRequest('Secret value is required');
const OP_REF_REQUIRED = invalidRequest('Select a 1Password field');
const INJECTION_REQUIRED = invalidRequest('Header name, parameter name, or URL path template is required for generic secrets');
const UNSAFE_PATH_VALUE = invalidRequest(
  "Secret value can't contain / ? # % whitespace or control characters when injected into the URL path",
);

const TYPE_LABELS: Record<SecretType, string> = {
  anthropic: 'Anthropic API Key',
  openai: 'OpenAI',
  generic: 'Generic Secret',
};

const BULLETS = '\u2022'.repeat(8);

/** A masked preview of a value: first 4 + 8 bullets + last 4 (only bullets for short or no values). */
function preview(value: string | null): string {
  const points = [...(value ?? '')];
  if (points.length <= 8) return BULLETS;
  return points.slice(0, 4).join('') + BULLETS + points.slice(-4).join('');
}

/** The service-level rules a schema-valid secret must still satisfy; throws the 400 envelope. */
function assertUsable(secret: SecretDetails): void {
  if (secret.valueSource === 'inline' && secret.value === null) throw VALUE_REQUIRED;
  if (secret.valueSource === 'onepassword' && secret.opRef === null) throw OP_REF_REQUIRED;
  const injection = secret.injectionConfig;
  if (secret.type === 'generic' && injection === null) throw INJECTION_REQUIRED;
  const inPath = injection !== null && ('pathTemplate' in injection || 'pathRegex' in injection);
  if (inPath && secret.value !== null && /[/?#%\s\p{Cc}]/u.test(secret.value)) throw UNSAFE_PATH_VALUE;
}

/** The documented `Secret` schema, every property filled. */
function secretView(secret: FullSecret) {
  return {
    id: secret.id,
    name: secret.name,
    type: secret.type,
    valueSource: secret.valueSource,
    opRef: secret.opRef,
    hostPattern: secret.hostPattern,
    pathPattern: secret.pathPattern,
    injectionConfig: secret.injectionConfig,
    metadata: secret.opDisplay ? { opDisplay: secret.opDisplay } : null,
    scope: 'project' as const,
    typeLabel: TYPE_LABELS[secret.type],
    createdAt: secret.createdAt,
  };
}

/** The secret named by the `secretId` path parameter in the caller's project, or the 404 envelope. */
function secretOf(ctx: Context): SecretRecord {
  const secret = findSecret(ctx.store, ctx.projectId(), ctx.params['secretId']!);
  if (!secret) throw SECRET_NOT_FOUND;
  return secret;
}

export const secretsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/secrets',
    operationId: 'listSecrets',
    auth: 'project',
    handler: (ctx) => {
      const projectId = ctx.projectId();
      // The project's own secrets and the inherited ones (organization, partner), newest first.
      const listed = [
        ...projectSecrets(ctx.store, projectId).map(secretView),
        ...inheritedSecrets(ctx.store, projectId).map(organizationSecretView),
      ];
      return json(200, listed.sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
    },
  },
  {
    method: 'POST',
    path: '/secrets',
    operationId: 'createSecret',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createSecretBody);
      const projectId = ctx.projectId();
      const valueSource = body.valueSource ?? 'inline';
      const details: SecretDetails = {
        type: body.type,
        valueSource,
        value: valueSource === 'inline' ? (body.value ?? null) : null,
        opRef: valueSource === 'onepassword' ? (body.opRef ?? null) : null,
        opDisplay: valueSource === 'onepassword' ? (body.opDisplay ?? null) : null,
        hostPattern: body.hostPattern,
        pathPattern: body.pathPattern ?? null,
        injectionConfig: body.injectionConfig ?? null,
      };
      assertUsable(details);
      const secret = insertSecret(ctx.store, { projectId, name: body.name, ...details });
      return json(201, {
        id: secret.id,
        name: secret.name,
        type: secret.type,
        valueSource: secret.valueSource,
        // SecretCreated types opRef as a string (not nullable): an inline secret has none, so "".
        opRef: secret.opRef ?? '',
        hostPattern: secret.hostPattern,
        pathPattern: secret.pathPattern,
        createdAt: secret.createdAt,
        preview: preview(secret.value),
      });
    },
  },
  {
    method: 'PATCH',
    path: '/secrets/{secretId}',
    operationId: 'updateSecret',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, updateSecretBody);
      const record = secretOf(ctx);
      if (Object.values(body).every((v) => v === undefined)) throw NO_FIELDS;
      const current = fullSecret(record);
      const valueSource = body.valueSource ?? current.valueSource;
      const inline = valueSource === 'inline';
      const next: SecretDetails = {
        type: current.type,
        valueSource,
        value: inline ? (body.value ?? current.value) : null,
        opRef: inline ? null : (body.opRef ?? current.opRef),
        opDisplay: inline ? null : (body.opDisplay ?? current.opDisplay),
        hostPattern: body.hostPattern ?? current.hostPattern,
        pathPattern: body.pathPattern === undefined ? current.pathPattern : body.pathPattern,
        injectionConfig: body.injectionConfig === undefined ? current.injectionConfig : body.injectionConfig,
      };
      assertUsable(next);
      Object.assign(record, next, { name: body.name ?? record.name });
      return json(200, { success: true });
    },
  },
  {
    method: 'DELETE',
    path: '/secrets/{secretId}',
    operationId: 'deleteSecret',
    auth: 'project',
    handler: (ctx) => {
      deleteSecret(ctx.store, secretOf(ctx).id);
      return noContent();
    },
  },
];
