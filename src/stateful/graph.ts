import type { Operation } from '../contract/types';
import { idFieldsFor, pathParamsOf, sourceOf } from './resources';

/**
 * The producer → consumer graph of the contract: which operation makes the value each path parameter
 * names. Declared OpenAPI `links` (`$response.body#/id` fed to a parameter of another operation) and
 * edges inferred from the paths (resources.ts) share one representation, so the binder, the stateful
 * phase and `--plan` read one graph.
 */
export interface Edge {
  /** The operation whose 2xx answer (create) or list answer (catalogue) gives the value. */
  producer: Operation;
  consumer: Operation;
  /** The consumer's path parameter. */
  param: string;
  /** Fields of the producer's answer (or of its list items) that carry the value, in order of preference. */
  fields: string[];
  /** `link`: declared in the contract; `create`: inferred, a resource the run creates; `list`: read from a list. */
  via: 'link' | 'create' | 'list';
}

/**
 * A resource family: what one create operation makes, and the operations that act on it by id. The
 * stateful phase runs model-based sequences over each family (create, read, list, update, delete).
 */
export interface ResourceFamily {
  /** Readable singular name (`agent`, `org secret`, `partner project`), used in command names. */
  name: string;
  /** The plural, for `list <plural>`. */
  plural: string;
  create: Operation;
  /** The path parameter naming one resource (`agentId`). */
  param: string;
  /** Fields of the create answer (and of list items) that carry the id. */
  idFields: string[];
  /** The create operation's own path parameters (`provider`, `orgId`): the family lives under them. */
  parents: string[];
  list?: Operation;
  get?: Operation;
  /** PATCH/PUT on the resource (`/x/{id}`), or on one literal segment below it whose body the read shows (`/x/{id}/role`). */
  updates: Operation[];
  delete?: Operation;
  /**
   * What names one resource. Absent: the id its create answers. `parent`: a sub-resource set on an existing
   * resource by a POST/PUT on one literal segment below it (`POST /partner/orgs/{orgId}/secrets/{secretId}/budget`),
   * one per such resource and named by its id (`param`, the set's last path parameter); the set creates or
   * replaces it, a DELETE on the same path clears it, a list below the other parameters shows it (items
   * carrying `param`). `members`: ids of other resources held in a set on an existing resource
   * (`PUT /agents/{agentId}/secrets {secretIds}`), each one a resource of the model: assigning adds one to
   * the set it sends, unassigning leaves one out, the GET on the same path lists them.
   */
  identity?: 'parent' | 'members';
  /** For `members`: the body property holding the set (`secretIds`), and the family its ids name (made by the binder). */
  members?: { field: string; of: ResourceFamily };
}

export interface ResourceGraph {
  edges: Edge[];
  families: ResourceFamily[];
}

/** The graph of a contract. `document` (the dereferenced OpenAPI document) adds its declared links. */
export function resourceGraph(operations: Operation[], document?: Record<string, any>): ResourceGraph {
  const edges: Edge[] = [...declaredLinks(operations, document)];
  for (const consumer of operations) {
    for (const param of pathParamsOf(consumer)) {
      if (edges.some((e) => e.consumer === consumer && e.param === param)) continue; // a declared link wins
      const source = sourceOf(operations, consumer, param);
      if (!source) continue;
      edges.push(
        source.kind === 'create'
          ? { producer: source.operation, consumer, param, fields: source.idFields, via: 'create' }
          : { producer: source.operation, consumer, param, fields: [source.field], via: 'list' },
      );
    }
  }
  const families = buildFamilies(operations, edges);
  return { edges, families: [...families, ...attachedFamilies(operations, edges, families)] };
}

/** The family whose create operation is `operation`, if any. */
export function familyCreatedBy(graph: ResourceGraph, operation: Operation): ResourceFamily | undefined {
  return graph.families.find((f) => f.create === operation);
}

/** The families an operation belongs to (as create, list, get, update or delete). */
export function familiesOfOperation(graph: ResourceGraph, operation: Operation): ResourceFamily[] {
  return graph.families.filter(
    (f) => f.create === operation || f.list === operation || f.get === operation || f.delete === operation || f.updates.includes(operation),
  );
}

function buildFamilies(operations: Operation[], edges: Edge[]): ResourceFamily[] {
  const families: ResourceFamily[] = [];
  for (const create of operations.filter((o) => o.method === 'POST')) {
    // The item path `<create path>/{param}`, where param is fed by this create.
    const item = operations.find(
      (o) =>
        o.path.startsWith(`${create.path}/{`) &&
        /^\/\{[^}/]+\}$/.test(o.path.slice(create.path.length)) &&
        edges.some((e) => e.producer === create && e.consumer === o && e.via !== 'list' && o.path.endsWith(`{${e.param}}`)),
    );
    if (!item) continue;
    const param = pathParamsOf(item).at(-1)!;
    const edge = edges.find((e) => e.producer === create && e.consumer === item && e.param === param)!;
    const onItem = (method: string) => operations.find((o) => o.method === method && o.path === item.path);
    const list = operations.find((o) => o.method === 'GET' && o.path === create.path);
    const get = onItem('GET');
    const del = onItem('DELETE');
    if (!del && !get && !list) continue;
    const readSchema = itemSchemaOf(get, list);
    const updates = operations.filter(
      (o) =>
        (o.method === 'PATCH' || o.method === 'PUT') &&
        (o.path === item.path || (isLiteralChild(o.path, item.path) && bodyShownBy(o, readSchema))),
    );
    const { name, plural } = familyName(create.path);
    families.push({ name, plural, create, param, idFields: edge.fields.length ? edge.fields : idFieldsFor(param), parents: pathParamsOf(create), list, get, updates, delete: del });
  }
  return families;
}

/**
 * Sub-resources set on a resource the run creates (`identity` of ResourceFamily), on `<item>/<literal>`
 * where the item's last parameter is made by a create: a POST/PUT with a DELETE on the same path and a list
 * named after it whose items carry the parameter (`parent`), or a PUT of one `xIds` array of strings whose
 * GET on the same path answers an array of strings (`members`, the ids being those of another family).
 * Catalogue entries (`/apps/{provider}/config`) are not the run's, and stay out.
 */
function attachedFamilies(operations: Operation[], edges: Edge[], families: ResourceFamily[]): ResourceFamily[] {
  const attached: ResourceFamily[] = [];
  for (const set of operations.filter((o) => o.method === 'POST' || o.method === 'PUT')) {
    const m = /^(.*\/\{([^}/]+)\})\/([^/{}]+)$/.exec(set.path);
    if (!m || families.some((f) => f.create === set)) continue;
    const [, , param, literal] = m as unknown as [string, string, string, string];
    if (!edges.some((e) => e.consumer === set && e.param === param && e.via !== 'list')) continue;
    const params = pathParamsOf(set);
    const onPath = (method: string) => operations.find((o) => o.method === method && o.path === set.path);
    const del = onPath('DELETE');
    const get = onPath('GET');
    const scope = set.path.split('/')[1] === 'org' || set.path.split('/')[1] === 'partner' ? `${set.path.split('/')[1]} ` : '';
    if (set.method === 'PUT' && !del && get && isStringArray(get.responses['200']?.schema)) {
      const body: Record<string, any> | undefined = isObject(set.requestBody?.schema) ? set.requestBody.schema : undefined;
      const props = body?.properties;
      const required: string[] = Array.isArray(body?.required) ? body.required : [];
      const field = required.length === 1 ? required[0]! : undefined;
      if (!field || !/[a-z]Ids$/.test(field) || !isStringArray(props?.[field])) continue;
      const memberParam = field.replace(/Ids$/, 'Id');
      const of = families.find((f) => f.param === memberParam && f.create.path === `/${literal}` && f.parents.length === 0);
      const owner = families.find((f) => f.param === param && `${f.create.path}/{${param}}` === m[1]);
      if (!of || !owner) continue;
      const noun = singular(literal);
      attached.push({
        name: `${owner.name} ${noun}`, plural: `${owner.name} ${literal}`, create: set, param: memberParam, idFields: [],
        parents: params, list: get, updates: [], delete: set, identity: 'members', members: { field, of },
      });
      continue;
    }
    if (!del) continue;
    const others = params.filter((p) => p !== param);
    const list = operations.find(
      (o) =>
        o.method === 'GET' &&
        singular(o.path.split('/').at(-1)!) === literal &&
        o.path.split('/').at(-1) !== literal &&
        pathParamsOf(o).every((p) => others.includes(p)) &&
        isObject(itemSchemaOf(undefined, o)?.properties?.[param]),
    );
    const readable = get && isObject(get.responses['200']?.schema) ? get : undefined;
    if (!list && !readable) continue;
    attached.push({
      name: `${scope}${literal}`, plural: `${scope}${list ? list.path.split('/').at(-1) : `${literal}s`}`, create: set, param, idFields: [param],
      parents: others, list, get: readable, updates: [set], delete: del, identity: 'parent',
    });
  }
  return attached;
}

function isStringArray(schema: unknown): boolean {
  return isObject(schema) && schema.type === 'array' && isObject(schema.items) && schema.items.type === 'string';
}

/** The schema of one resource as reads show it: the get answer, or an item of the list answer. */
export function itemSchemaOf(get: Operation | undefined, list: Operation | undefined): Record<string, any> | undefined {
  const fromGet = get?.responses['200']?.schema;
  if (isObject(fromGet)) return fromGet;
  const fromList = list?.responses['200']?.schema;
  if (!isObject(fromList)) return undefined;
  if (isObject(fromList.items)) return fromList.items;
  // a wrapper object: its first array property
  for (const prop of Object.values<any>(fromList.properties ?? {})) if (isObject(prop) && prop.type === 'array' && isObject(prop.items)) return prop.items;
  return undefined;
}

function isLiteralChild(path: string, parent: string): boolean {
  return path.startsWith(`${parent}/`) && /^\/[^/{}]+$/.test(path.slice(parent.length));
}

/** Whether every property of the operation's body is a property reads of the resource show. */
function bodyShownBy(operation: Operation, readSchema: Record<string, any> | undefined): boolean {
  const props = operation.requestBody?.schema;
  if (!isObject(props) || !isObject(props.properties) || !isObject(readSchema?.properties)) return false;
  const names = Object.keys(props.properties);
  return names.length > 0 && names.every((n) => n in readSchema!.properties);
}

/** `agent`/`agents` from `/agents`; `org secret` from `/org/secrets`; `partner project` from `/partner/orgs/{orgId}/projects`. */
function familyName(createPath: string): { name: string; plural: string } {
  const literals = createPath.split('/').filter((s) => s && !s.startsWith('{'));
  const last = literals.at(-1)!;
  const scope = literals[0] === 'org' || literals[0] === 'partner' ? `${literals[0]} ` : '';
  const noun = singular(last);
  if (noun === last) return { name: `${scope}${noun} entry`, plural: `${scope}${noun} entries` };
  return { name: `${scope}${noun}`, plural: `${scope}${last}` };
}

function singular(word: string): string {
  return word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word;
}

/**
 * Links declared in the contract: a response's `links` naming an operationId and mapping a parameter to
 * `$response.body#/<field>`.
 */
function declaredLinks(operations: Operation[], document: Record<string, any> | undefined): Edge[] {
  const edges: Edge[] = [];
  if (!document?.paths) return edges;
  for (const producer of operations) {
    const spec = document.paths[producer.path]?.[producer.method.toLowerCase()];
    for (const response of Object.values<any>(spec?.responses ?? {})) {
      for (const link of Object.values<any>(response?.links ?? {})) {
        const consumer = operations.find((o) => o.operationId === link?.operationId);
        if (!consumer) continue;
        for (const [rawParam, expression] of Object.entries<any>(link.parameters ?? {})) {
          const param = rawParam.replace(/^path\./, '');
          const field = typeof expression === 'string' ? /^\$response\.body#\/([^/]+)$/.exec(expression)?.[1] : undefined;
          if (field && pathParamsOf(consumer).includes(param)) edges.push({ producer, consumer, param, fields: [field], via: 'link' });
        }
      }
    }
  }
  return edges;
}

function isObject(v: unknown): v is Record<string, any> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
