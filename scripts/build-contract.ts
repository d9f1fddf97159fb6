/**
 * Builds `openapi.yaml` (OpenAPI 3.1.0) from the research facts in `../shared/onecli-api/`.
 *
 * The contract states what the OneCLI reference documents. Source-observed behaviour that departs from
 * the docs is NOT written into the contract (the suite reports it instead). On top of each operation's
 * documented responses the contract adds the general errors the reference's errors page states for
 * every call (401 envelope on authenticated operations, 403 envelope on role-gated ones, 400 where a
 * request can break route-level validation or lacks its project context, 404 envelope where the path names
 * a resource, 500 envelope).
 *
 * Usage: node --import tsx scripts/build-contract.ts [factsDir] [out]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';

type Json = any;

const factsDir = resolve(process.argv[2] ?? '../shared/onecli-api');
const outFile = resolve(process.argv[3] ?? 'openapi.yaml');
const operations: Json[] = JSON.parse(readFileSync(`${factsDir}/operations.json`, 'utf8'));
const components: Json = JSON.parse(readFileSync(`${factsDir}/components.json`, 'utf8'));

/** Keys of the facts files that are research notes, not schema. */
const NOTE_KEYS = new Set(['x-facts', 'x-contentType', 'enum-observed', 'x-type-by-status (source)', 'x-source', 'title']);

/**
 * The docs' `nullable: true` (converted to a type union by the facts) means "null is allowed": where the
 * schema also has an enum, null joins the enum too, or a 3.1 validator would still refuse it.
 */
function cleanSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(cleanSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  if (schema['x-docs-nullable'] && Array.isArray(schema.enum) && !schema.enum.includes(null)) {
    schema = { ...schema, enum: [...schema.enum, null] };
  }
  const out: Json = {};
  for (const [k, v] of Object.entries(schema)) {
    if (NOTE_KEYS.has(k)) continue;
    if (k === 'properties' || k === 'patternProperties' || k === '$defs') {
      out[k] = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, cleanSchema(s)]));
    } else {
      out[k] = cleanSchema(v);
    }
  }
  return out;
}

// ---- components -------------------------------------------------------------------------------

const schemas: Json = {};
for (const [name, schema] of Object.entries<Json>(components.schemas)) {
  if (name === 'PlainText' || name === 'ErrorFlatWithCode') continue; // source-observed only
  schemas[name] = cleanSchema(schema);
}
// The docs' envelope requires only `error`; `message` and `type` are documented but not required.
schemas.ErrorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      properties: { message: { type: 'string' }, type: { type: 'string' }, code: { type: 'string' } },
    },
  },
};
schemas.ErrorFlat = { type: 'object', required: ['error'], properties: { error: { type: 'string' } } };
schemas.Error = { oneOf: [{ $ref: '#/components/schemas/ErrorFlat' }, { $ref: '#/components/schemas/ErrorEnvelope' }] };

const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });

/** Error responses shared by many operations (the errors page's general table). */
const responses: Json = {
  BadRequest: {
    description:
      'Validation failed. Route-level validation (the request breaks the documented contract) answers the flat shape; ' +
      'service-level validation (a request the contract accepts, refused by a business rule) answers the envelope.',
    'x-onecli-error-shape': 'by-request',
    content: {
      'application/json': {
        schema: { oneOf: [{ $ref: '#/components/schemas/ErrorFlat' }, { $ref: '#/components/schemas/ErrorEnvelope' }] },
      },
    },
  },
  Unauthorized: {
    description: 'Missing, malformed or unknown API key (envelope).',
    'x-onecli-error-shape': 'envelope',
    content: json('ErrorEnvelope'),
  },
  Forbidden: {
    description: 'The key is valid but its role does not allow this operation (envelope).',
    'x-onecli-error-shape': 'envelope',
    content: json('ErrorEnvelope'),
  },
  NotFound: {
    description: 'The resource named by the path does not exist, or is not visible to the caller (envelope).',
    'x-onecli-error-shape': 'envelope',
    content: json('ErrorEnvelope'),
  },
  InternalError: {
    description: 'Unexpected server error (envelope).',
    'x-onecli-error-shape': 'envelope',
    content: json('ErrorEnvelope'),
  },
};

// ---- operations -------------------------------------------------------------------------------

const ROLE: Record<string, string> = {
  'any project member': 'project-member',
  'admin or owner': 'org-admin',
  'any partner member unless noted': 'partner-member',
  'partner owner or admin': 'partner-admin',
  'any authenticated user': 'authenticated',
  'any organization member (docs: readable by all members)': 'org-member',
  'none (public)': 'public',
};

function projectContext(text: string): 'required' | 'optional' | 'none' {
  if (text === 'required') return 'required';
  if (text.startsWith('optional')) return 'optional';
  return 'none';
}

function keyKinds(keys: string[]): string[] {
  const kinds = new Set<string>();
  for (const k of keys) {
    if (k.startsWith('oc_org_')) kinds.add('org');
    else if (k.startsWith('oc_partner_')) kinds.add('partner');
    else if (k.startsWith('oc_')) kinds.add('project');
  }
  return [...kinds];
}

/** The shape the docs' rule gives an error status. */
function errorShape(status: number): 'by-request' | 'envelope' | 'any' {
  if (status === 400) return 'by-request';
  if ([401, 403, 404, 409, 410, 500].includes(status)) return 'envelope';
  return 'any';
}

function errorResponse(status: number, fact: Json): Json {
  const shape = errorShape(status);
  if (shape === 'by-request') return { $ref: '#/components/responses/BadRequest' };
  const description = describeError(status, fact);
  if (shape === 'envelope') return { description, 'x-onecli-error-shape': 'envelope', content: json('ErrorEnvelope') };
  return { description, 'x-onecli-error-shape': 'any', content: json('Error') };
}

function describeError(status: number, fact: Json): string {
  const messages = (fact.observed_in_source ?? [])
    .map((o: Json) => o.message)
    .filter((m: unknown) => typeof m === 'string' && !m.startsWith('first zod') && !m.startsWith('('));
  const base = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 409: 'Conflict', 410: 'Gone', 503: 'Unavailable' }[
    status
  ];
  return messages.length ? `${base ?? 'Error'}: ${messages.join(' | ')}` : (base ?? 'Error');
}

function successResponse(status: number, fact: Json): Json {
  if (fact.shape === 'none') return { description: 'No content' };
  if (fact.shape === 'redirect') {
    return {
      description: 'Redirect to the provider authorization page',
      headers: { Location: { required: true, schema: { type: 'string' } } },
    };
  }
  const contentType = fact.contentType ?? 'application/json';
  return { description: status === 201 ? 'Created' : 'OK', content: { [contentType]: { schema: cleanSchema(fact.schema) } } };
}

/**
 * Body properties the docs name as a OneCLI API key, which the docs give no example for. The contract gives
 * each a placeholder in the docs' own style (`sk-...` elsewhere): the key's documented prefix and an
 * ellipsis, never something that looks like a real key; no `pattern` is added, since the docs state none.
 */
const KEY_FIELDS: Record<string, Record<string, { example: string; description: string }>> = {
  migrateExport: {
    cloudApiKey: { example: 'oc_...', description: 'An API key of the OneCLI Cloud project to copy into (a project key, oc_…).' },
  },
};

function withKeyExamples(operationId: string, schema: Json): Json {
  const fields = KEY_FIELDS[operationId];
  if (!fields) return schema;
  const properties = { ...schema.properties };
  for (const [name, { example, description }] of Object.entries(fields)) {
    if (!properties[name]) throw new Error(`${operationId} has no body property ${name}`);
    properties[name] = { ...properties[name], description, example };
  }
  return { ...schema, properties };
}

/**
 * Which process serves an operation. OneCLI's approval routes are not on the API server (packages/api, Hono)
 * but on its gateway (apps/gateway, Rust/axum), a separate process: Cloud serves them at the API base URL,
 * a self-hosted server at the gateway's own. The rule: an operation is gateway-served when the source files
 * its facts name (`sources`) lie under apps/gateway/ and none under packages/. The facts naming both would
 * need a decision, so the build stops there.
 */
function servedBy(op: Json): 'api' | 'gateway' {
  const sources: string[] = op.sources ?? [];
  const gateway = sources.some((s) => s.startsWith('apps/gateway/'));
  const api = sources.some((s) => s.startsWith('packages/'));
  if (gateway && api) throw new Error(`${op.operationId}: the facts name sources of both the gateway and the API server`);
  return gateway ? 'gateway' : 'api';
}

function hasRouteValidation(op: Json): boolean {
  if (op.requestBody) return true;
  const params = [...op.pathParams, ...op.queryParams];
  return params.some((p: Json) => Object.keys(p.schema ?? {}).some((k) => k !== 'type') || p.required);
}

const paths: Json = {};
const tags: string[] = [];
for (const op of operations) {
  if (!tags.includes(op.tag)) tags.push(op.tag);
  const authenticated = op.auth.schemes.length > 0;
  const role = ROLE[op.auth.roles];
  if (!role) throw new Error(`unknown role text for ${op.operationId}: ${op.auth.roles}`);
  const ctx = projectContext(op.auth.projectContext);
  const roleGated = role === 'org-admin' || role === 'partner-admin' || /only/.test(op.auth.keys.join(' '));

  const parameters: Json[] = [];
  for (const p of [...op.pathParams, ...op.queryParams]) {
    parameters.push({ name: p.name, in: p.in, required: p.in === 'path' ? true : !!p.required, schema: cleanSchema(p.schema) });
  }
  if (ctx !== 'none') {
    parameters.push({
      name: 'X-Project-Id',
      in: 'header',
      required: false,
      description: 'Project to act on; required when authenticating with an organization key (oc_org_).',
      schema: { type: 'string' },
    });
  }

  const out: Json = {};
  for (const [code, fact] of Object.entries<Json>(op.responses)) {
    if (!fact.documented) continue;
    const status = Number(code);
    out[code] = status < 400 ? successResponse(status, fact) : errorResponse(status, fact);
  }
  if (authenticated) {
    if ((hasRouteValidation(op) || ctx === 'required') && !out['400']) {
      out['400'] = { $ref: '#/components/responses/BadRequest' };
    }
    out['401'] ??= { $ref: '#/components/responses/Unauthorized' };
    if (roleGated) out['403'] ??= { $ref: '#/components/responses/Forbidden' };
    // The errors page's rule: a service that cannot find the resource a path names answers 404 envelope.
    if (op.pathParams.length) out['404'] ??= { $ref: '#/components/responses/NotFound' };
  }
  out['500'] ??= { $ref: '#/components/responses/InternalError' };

  const operation: Json = {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    'x-onecli-roles': role,
    'x-onecli-project-context': ctx,
    'x-onecli-key-kinds': keyKinds(op.auth.keys),
    'x-onecli-availability': {
      cloud: op.availability.cloud,
      selfHostedEnterprise: op.availability.selfHostedEnterprise,
      selfHostedCommunity: op.availability.selfHostedCommunity,
    },
  };
  if (servedBy(op) === 'gateway') operation['x-onecli-served-by'] = 'gateway';
  if (!authenticated) operation.security = [];
  if (parameters.length) operation.parameters = parameters;
  if (op.requestBody) {
    operation.requestBody = {
      required: !!op.requestBody.required,
      content: { [op.requestBody.contentType]: { schema: withKeyExamples(op.operationId, cleanSchema(op.requestBody.schema)) } },
    };
  }
  operation.responses = Object.fromEntries(Object.entries(out).sort(([a], [b]) => Number(a) - Number(b)));
  (paths[op.path] ??= {})[op.method.toLowerCase()] = operation;
}

const document = {
  openapi: '3.1.0',
  info: {
    title: 'OneCLI API',
    version: '1.0.0',
    summary: 'The OneCLI REST API as its public reference documents it (v1).',
    description:
      'Contract used by onecli-conformance. Built by scripts/build-contract.ts from the facts in shared/onecli-api ' +
      '(documented operations, parameters, bodies, constraints and responses). Extensions: x-onecli-roles (who may call), ' +
      'x-onecli-project-context (whether X-Project-Id is needed with an organization key), x-onecli-key-kinds, ' +
      'x-onecli-availability (Cloud / self-hosted Enterprise / community), x-onecli-served-by: gateway on the operations ' +
      'OneCLI serves from its gateway rather than its API server (self-hosted: at the gateway URL, not the API base URL; ' +
      'absent means the API server), x-onecli-error-shape on error responses ' +
      '(envelope, or by-request for 400: flat for route-level validation, envelope for service-level validation).',
  },
  servers: [
    { url: 'https://api.onecli.sh/v1', description: 'OneCLI Cloud' },
    { url: 'http://localhost:10254/v1', description: 'Self-hosted' },
  ],
  security: [{ bearerAuth: [] }],
  tags: tags.map((name) => ({ name })),
  paths,
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        description: 'Project key oc_…, organization key oc_org_… (with X-Project-Id on project endpoints), or partner key oc_partner_….',
      },
    },
    schemas,
    responses,
  },
};

writeFileSync(outFile, `# Generated by scripts/build-contract.ts — edit the script, not this file.\n${stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })}`);
console.log(`wrote ${outFile}: ${operations.length} operations, ${tags.length} tags`);
