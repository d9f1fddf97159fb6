/**
 * Strips the suite's contract (`openapi.yaml`) down to what OneCLI itself publishes: the document users
 * point the suite at with `--contract`, in the form OneCLI's own reference has (OpenAPI 3.1, `bearerAuth`,
 * no extensions, only the errors the docs list per operation).
 *
 * Removed:
 * - every key starting with `x-`, at any depth (`x-onecli-roles`, `x-onecli-project-context`,
 *   `x-onecli-key-kinds`, `x-onecli-availability`, `x-onecli-served-by`, `x-onecli-error-shape`,
 *   `x-docs-nullable`, and whatever extension the build adds next). Names inside a name map (`properties`,
 *   `patternProperties`, `$defs`, `headers`…) and example or default values are data, not extensions: kept;
 * - the info description, which explains the extensions: replaced by a plain one;
 * - every error response (status 4xx/5xx) that the facts (`operations.json`, `responses.<status>.documented`)
 *   do not mark documented for that operation: the general errors scripts/build-contract.ts adds from the
 *   errors page (401 on authenticated operations, 403 on role-gated ones, 400 by request, 404 where the path
 *   names a resource, 500 on all);
 * - components that were referenced before and no longer are (the shared error responses only the general
 *   errors used). A component nothing referenced in the input is kept, as it is.
 *
 * Kept as they are: paths, operations, parameters, request bodies, success responses and the documented error
 * responses, summaries, descriptions, examples, schemas, servers, tags (in order). Security is set to what
 * OneCLI publishes: `components.securitySchemes.bearerAuth` (http bearer), top-level
 * `security: [{bearerAuth: []}]`, and `security: []` only on the operations the facts give no auth scheme
 * (`auth.schemes` empty: getHealth).
 *
 * Texts carried from the facts (only these; nothing is composed from the facts' role categories such as
 * `auth.roles: "admin or owner"`, which are research labels, not OneCLI's words):
 * - edition: `availability.notes` values of the form `docs: <text>` (the facts quoting the reference):
 *   "Cloud only" (Projects, Team) and "OneCLI Cloud and self-hosted Enterprise only" (the six Organization
 *   tags other than Organization Partner). The reference states edition on the tag, so when every operation
 *   of a tag carries the same text it becomes the tag's `description` ("Cloud only."); otherwise it is
 *   appended to each such operation's `description`. Notes without the `docs:` prefix (Partner API, Migration,
 *   partner-managed organizations) are the researchers' own and are not carried;
 * - role: the `(docs: <text>)` part of `auth.roles`: "readable by all members" (getAppPermissions,
 *   listInheritedPartnerSecrets), appended to the operation's `description` ("Readable by all members.").
 *
 * Usage: node --import tsx scripts/strip-contract.ts [IN] [OUT] [--facts DIR]
 *   IN defaults to openapi.yaml, OUT to stdout; DIR to ../shared/onecli-api beside this repository.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, stringify } from 'yaml';

type Json = any;

/** What the stripper reads of one operation of `operations.json`. */
export interface OperationFact {
  operationId: string;
  tag: string;
  auth: { schemes: string[]; roles: string };
  availability: { notes?: string };
  responses: Record<string, { documented?: boolean }>;
}

/** What one strip did, for the command's summary line and the tests. */
export interface StripSummary {
  operations: number;
  /** Error responses removed, per status. */
  removedErrors: Record<string, number>;
  /** Components removed, as `section/name`. */
  removedComponents: string[];
  /** Texts carried from the facts: where they went and what they say. */
  carried: { target: string; text: string }[];
}

export const DEFAULT_FACTS_DIR = fileURLToPath(new URL('../../shared/onecli-api/', import.meta.url));

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Keys whose value is a map from names (not OpenAPI fields) to objects: the names are data. */
const NAME_MAPS = new Set([
  'paths',
  'properties',
  'patternProperties',
  '$defs',
  'dependentSchemas',
  'headers',
  'responses',
  'content',
  'callbacks',
  'links',
  'encoding',
  'variables',
  'schemas',
  'parameters',
  'requestBodies',
  'securitySchemes',
  'pathItems',
]);
/** Keys whose value is user data (examples, defaults, enum members), never OpenAPI: left untouched. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum', 'value']);

const PLAIN_DESCRIPTION =
  'The OneCLI REST API (v1): agents, secrets, policy rules, approvals, user, projects, team, apps, connections, ' +
  'agent setup, migration, organization and partner resources. Authenticate with `Authorization: Bearer <key>`: ' +
  'a project key (oc_…), an organization key (oc_org_…, with the X-Project-Id header on project endpoints) or a ' +
  'partner key (oc_partner_…).';

export function readFacts(factsDir: string = DEFAULT_FACTS_DIR): OperationFact[] {
  return JSON.parse(readFileSync(resolve(factsDir, 'operations.json'), 'utf8'));
}

/** Returns a stripped copy of `input` (a parsed, not dereferenced, OpenAPI 3.1 document); `input` is not changed. */
export function stripContract(input: Json, facts: OperationFact[]): { document: Json; summary: StripSummary } {
  const factById = new Map(facts.map((f) => [f.operationId, f]));
  const document = withoutExtensions(structuredClone(input));
  const summary: StripSummary = { operations: 0, removedErrors: {}, removedComponents: [], carried: [] };

  document.info = { ...document.info, description: PLAIN_DESCRIPTION };

  for (const item of Object.values<Json>(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      summary.operations++;
      const fact = factById.get(operation.operationId);
      if (!fact) throw new Error(`${method.toUpperCase()} ${operation.operationId}: no such operation in the facts`);

      for (const status of Object.keys(operation.responses ?? {})) {
        if (!isErrorStatus(status) || fact.responses[status]?.documented === true) continue;
        delete operation.responses[status];
        summary.removedErrors[status] = (summary.removedErrors[status] ?? 0) + 1;
      }

      delete operation.security;
      if (fact.auth.schemes.length === 0) operation.security = [];

      const role = docsRoleText(fact);
      if (role) {
        appendDescription(operation, role);
        summary.carried.push({ target: `operation ${fact.operationId}`, text: role });
      }
    }
  }

  carryEditionTexts(document, facts, summary);

  document.security = [{ bearerAuth: [] }];
  document.components ??= {};
  document.components.securitySchemes ??= {};
  document.components.securitySchemes.bearerAuth = {
    ...document.components.securitySchemes.bearerAuth,
    type: 'http',
    scheme: 'bearer',
  };

  summary.removedComponents = dropUnreferencedComponents(input, document);
  return { document, summary };
}

function isErrorStatus(status: string): boolean {
  return /^[45]/.test(status);
}

/** A copy without `x-` keys; names in name maps and data values are kept as they are. */
function withoutExtensions(node: Json, parentKey?: string): Json {
  if (Array.isArray(node)) return node.map((v) => withoutExtensions(v));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries<Json>(node)) {
    if (parentKey !== undefined && NAME_MAPS.has(parentKey)) {
      if (key.startsWith('x-') && isOpenApiMap(parentKey)) continue; // e.g. `paths` and `responses` allow extensions
      out[key] = withoutExtensions(value);
      continue;
    }
    if (key.startsWith('x-')) continue;
    out[key] = DATA_KEYS.has(key) ? value : withoutExtensions(value, key);
  }
  return out;
}

/** Maps that OpenAPI itself defines with extensions allowed beside the names (not schema keyword maps). */
function isOpenApiMap(key: string): boolean {
  return key === 'paths' || key === 'responses' || key === 'callbacks';
}

/** The facts' quotation of the reference on who may call, e.g. "(docs: readable by all members)". */
function docsRoleText(fact: OperationFact): string | undefined {
  const match = /\(docs: ([^)]+)\)/.exec(fact.auth.roles);
  return match ? sentence(match[1]!) : undefined;
}

/** The facts' quotation of the reference on editions, e.g. "docs: Cloud only". */
function docsEditionText(fact: OperationFact): string | undefined {
  const match = /^docs: (.+)$/.exec(fact.availability.notes ?? '');
  return match ? sentence(match[1]!) : undefined;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return `${trimmed[0]!.toUpperCase()}${trimmed.slice(1)}${/[.!?]$/.test(trimmed) ? '' : '.'}`;
}

function appendDescription(holder: Json, text: string): void {
  holder.description = holder.description ? `${holder.description} ${text}` : text;
}

/** Edition texts go on the tag when all its operations share one, else on each operation. */
function carryEditionTexts(document: Json, facts: OperationFact[], summary: StripSummary): void {
  const byTag = new Map<string, OperationFact[]>();
  for (const fact of facts) byTag.set(fact.tag, [...(byTag.get(fact.tag) ?? []), fact]);
  const operations = new Map<string, Json>();
  for (const item of Object.values<Json>(document.paths ?? {})) {
    for (const method of METHODS) if (item[method]) operations.set(item[method].operationId, item[method]);
  }
  document.tags ??= [];
  for (const [tag, members] of byTag) {
    const texts = new Set(members.map(docsEditionText));
    const [only] = [...texts];
    if (texts.size === 1 && only) {
      let entry = document.tags.find((t: Json) => t.name === tag);
      if (!entry) document.tags.push((entry = { name: tag }));
      appendDescription(entry, only);
      summary.carried.push({ target: `tag ${tag}`, text: only });
      continue;
    }
    for (const fact of members) {
      const text = docsEditionText(fact);
      const operation = operations.get(fact.operationId);
      if (!text || !operation) continue;
      appendDescription(operation, text);
      summary.carried.push({ target: `operation ${fact.operationId}`, text });
    }
  }
}

/** `#/components/<section>/<name>` targets reachable from outside `components`, through components too. */
function reachableComponents(document: Json): Set<string> {
  const reached = new Set<string>();
  const pending: Json[] = [];
  const visit = (node: Json): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries<Json>(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')) {
        const [section, name] = value.slice('#/components/'.length).split('/').map(unescapePointer);
        const id = `${section}/${name}`;
        if (!reached.has(id)) {
          reached.add(id);
          pending.push(document.components?.[section!]?.[name!]);
        }
      } else {
        visit(value);
      }
    }
  };
  for (const [key, value] of Object.entries<Json>(document)) if (key !== 'components') visit(value);
  while (pending.length) visit(pending.pop());
  // Security schemes are named by `security` requirements, not by $ref.
  const requirements = [document.security ?? [], ...operationsOf(document).map((op) => op.security ?? [])].flat();
  for (const requirement of requirements) for (const name of Object.keys(requirement)) reached.add(`securitySchemes/${name}`);
  return reached;
}

function operationsOf(document: Json): Json[] {
  return Object.values<Json>(document.paths ?? {}).flatMap((item) => METHODS.map((m) => item[m]).filter(Boolean));
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Removes components the input referenced and `document` no longer does; empty sections go too. */
function dropUnreferencedComponents(input: Json, document: Json): string[] {
  const before = reachableComponents(input);
  const removed: string[] = [];
  for (;;) {
    const now = reachableComponents(document);
    const drop = [...before].filter((id) => !now.has(id) && hasComponent(document, id));
    if (!drop.length) break;
    for (const id of drop) {
      const [section, name] = splitId(id);
      delete document.components[section][name];
      if (!Object.keys(document.components[section]).length) delete document.components[section];
      removed.push(id);
    }
  }
  return removed.sort();
}

function splitId(id: string): [string, string] {
  const at = id.indexOf('/');
  return [id.slice(0, at), id.slice(at + 1)];
}

function hasComponent(document: Json, id: string): boolean {
  const [section, name] = splitId(id);
  return document.components?.[section]?.[name] !== undefined;
}

export function renderYaml(document: Json, source: string): string {
  return `# Generated by scripts/strip-contract.ts from ${source}: what OneCLI publishes, without the suite's extensions.\n${stringify(
    document,
    { lineWidth: 0, aliasDuplicateObjects: false },
  )}`;
}

function main(argv: string[]): void {
  const positional: string[] = [];
  let factsDir = DEFAULT_FACTS_DIR;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--facts') factsDir = resolve(argv[++i] ?? '');
    else positional.push(argv[i]!);
  }
  const [inFile = 'openapi.yaml', outFile] = positional;
  const input = parse(readFileSync(inFile, 'utf8'));
  const { document, summary } = stripContract(input, readFacts(factsDir));
  const text = renderYaml(document, inFile);
  const removed = Object.entries(summary.removedErrors)
    .map(([status, n]) => `${n}×${status}`)
    .join(', ');
  const line =
    `${summary.operations} operations; removed error responses: ${removed || 'none'}; ` +
    `removed components: ${summary.removedComponents.join(', ') || 'none'}; carried texts: ${summary.carried.length}`;
  if (outFile) {
    writeFileSync(outFile, text);
    console.error(`wrote ${outFile}: ${line}`);
  } else {
    process.stdout.write(text);
    console.error(line);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
