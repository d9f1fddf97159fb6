import { extractOperations } from './operations';
import type { JsonSchema, Operation, Parameter, ResponseSpec } from './types';

/**
 * What changed between two versions of the contract, operation by operation, and which changes break
 * clients written against the old one. Operations are matched by method + path. Only what a client can
 * observe is compared (parameters, request body, responses, and in schemas the validation keywords):
 * descriptions, summaries, examples and extensions are ignored.
 *
 * Direction decides what breaks. A request schema is what the client sends: narrowing it (a type, enum
 * value or bound taken away, a property made required) breaks clients. A response schema is what the client
 * reads: taking away what it reads (a property removed or made optional, a value of a type it did not
 * expect) breaks clients, but only in a documented 2xx response.
 */

export type ChangeKind =
  | 'operation-added'
  | 'operation-removed'
  | 'operation-id-changed'
  | 'parameter-added'
  | 'parameter-removed'
  | 'parameter-required'
  | 'parameter-schema'
  | 'request-body-added'
  | 'request-body-removed'
  | 'request-body-required'
  | 'request-body-media-type'
  | 'request-schema'
  | 'response-added'
  | 'response-removed'
  | 'response-media-type'
  | 'response-schema';

/** Where in the operation a change is. */
export type ChangeWhere =
  | { in: 'operation' }
  | { in: 'parameter'; parameter: { name: string; in: Parameter['in'] }; pointer: string }
  | { in: 'request-body'; pointer: string }
  | { in: 'response'; status: string; pointer: string };

export interface Change {
  kind: ChangeKind;
  /** `POST /agents`. */
  operation: string;
  where: ChangeWhere;
  /** What changed, e.g. `maxLength 255 → 100`. */
  detail: string;
  breaking: boolean;
}

export interface OperationDiff {
  method: string;
  path: string;
  /** The new operationId (the old one for a removed operation). */
  operationId: string;
  status: 'added' | 'removed' | 'changed';
  changes: Change[];
}

export interface ContractDiff {
  /** Removed, then changed, then added operations, each in document order. */
  operations: OperationDiff[];
  summary: { added: number; removed: number; changed: number; changes: number; breaking: number };
}

/** Compares two dereferenced OpenAPI documents. */
export function diffDocuments(before: Record<string, any>, after: Record<string, any>): ContractDiff {
  return diffOperations(extractOperations(before), extractOperations(after));
}

/** Compares the operations of two contracts (as `extractOperations` gives them). */
export function diffOperations(before: Operation[], after: Operation[]): ContractDiff {
  const key = (op: Operation) => `${op.method} ${op.path}`;
  const oldByKey = new Map(before.map((op) => [key(op), op]));
  const newByKey = new Map(after.map((op) => [key(op), op]));
  const removed: OperationDiff[] = [];
  const changed: OperationDiff[] = [];
  const added: OperationDiff[] = [];
  for (const op of before) {
    if (newByKey.has(key(op))) continue;
    const change: Change = { kind: 'operation-removed', operation: key(op), where: { in: 'operation' }, detail: 'operation removed', breaking: true };
    removed.push({ method: op.method, path: op.path, operationId: op.operationId, status: 'removed', changes: [change] });
  }
  for (const op of after) {
    const old = oldByKey.get(key(op));
    if (!old) {
      const change: Change = { kind: 'operation-added', operation: key(op), where: { in: 'operation' }, detail: 'operation added', breaking: false };
      added.push({ method: op.method, path: op.path, operationId: op.operationId, status: 'added', changes: [change] });
      continue;
    }
    const changes = operationChanges(old, op);
    if (changes.length) changed.push({ method: op.method, path: op.path, operationId: op.operationId, status: 'changed', changes });
  }
  const operations = [...removed, ...changed, ...added];
  const all = operations.flatMap((o) => o.changes);
  return {
    operations,
    summary: {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      changes: all.length,
      breaking: all.filter((c) => c.breaking).length,
    },
  };
}

/** The readable location of a change: `request body /name`, `query parameter limit`, `200 /[]/createdAt`. */
export function changeLocation(change: Change): string {
  const w = change.where;
  const at = (pointer: string) => (pointer ? ` ${pointer}` : '');
  switch (w.in) {
    case 'operation':
      return '';
    case 'parameter':
      return `${w.parameter.in} parameter ${w.parameter.name}${at(w.pointer)}`;
    case 'request-body':
      return `request body${at(w.pointer)}`;
    case 'response':
      return `${w.status}${at(w.pointer)}`;
  }
}

/** One line: `POST /agents request body /name: maxLength 255 → 100 (breaking)`. */
export function changeLine(change: Change): string {
  const location = changeLocation(change);
  return `${change.operation}${location ? ` ${location}` : ''}: ${change.detail}${change.breaking ? ' (breaking)' : ''}`;
}

export function summaryLine(diff: ContractDiff): string {
  const s = diff.summary;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return `${plural(s.added, 'operation', 'operations')} added, ${s.removed} removed, ${s.changed} changed; ${plural(s.breaking, 'breaking change', 'breaking changes')}`;
}

// ---------------------------------------------------------------------------------------------------------

function operationChanges(old: Operation, now: Operation): Change[] {
  const operation = `${now.method} ${now.path}`;
  const changes: Change[] = [];
  const push = (kind: ChangeKind, where: ChangeWhere, detail: string, breaking: boolean) =>
    changes.push({ kind, operation, where, detail, breaking });

  if (old.operationId !== now.operationId) {
    push('operation-id-changed', { in: 'operation' }, `operationId ${old.operationId} → ${now.operationId}`, false);
  }

  // Parameters, matched by location and name (header names without regard to case).
  const paramKey = (p: Parameter) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  const oldParams = new Map(old.parameters.map((p) => [paramKey(p), p]));
  const newParams = new Map(now.parameters.map((p) => [paramKey(p), p]));
  for (const [k, p] of oldParams) {
    if (!newParams.has(k)) push('parameter-removed', paramWhere(p, ''), 'parameter removed', false);
  }
  for (const [k, p] of newParams) {
    const before = oldParams.get(k);
    if (!before) {
      push('parameter-added', paramWhere(p, ''), p.required ? 'required parameter added' : 'optional parameter added', p.required);
      continue;
    }
    if (before.required !== p.required) {
      push('parameter-required', paramWhere(p, ''), p.required ? 'became required' : 'became optional', p.required);
    }
    for (const c of schemaChanges(before.schema, p.schema, 'request')) push('parameter-schema', paramWhere(p, c.pointer), c.detail, c.breaking);
  }

  // Request body.
  const ob = old.requestBody;
  const nb = now.requestBody;
  if (!ob && nb) {
    push('request-body-added', { in: 'request-body', pointer: '' }, nb.required ? 'required request body added' : 'optional request body added', nb.required);
  } else if (ob && !nb) {
    push('request-body-removed', { in: 'request-body', pointer: '' }, 'request body removed', false);
  } else if (ob && nb) {
    if (ob.required !== nb.required) {
      push('request-body-required', { in: 'request-body', pointer: '' }, nb.required ? 'became required' : 'became optional', nb.required);
    }
    if (ob.contentType !== nb.contentType) {
      push('request-body-media-type', { in: 'request-body', pointer: '' }, `media type ${ob.contentType} → ${nb.contentType}`, true);
    }
    for (const c of schemaChanges(ob.schema, nb.schema, 'request')) {
      push('request-schema', { in: 'request-body', pointer: c.pointer }, c.detail, c.breaking);
    }
  }

  // Responses, by status.
  for (const [status, before] of Object.entries(old.responses)) {
    if (!now.responses[status]) push('response-removed', { in: 'response', status, pointer: '' }, 'response removed', isSuccess(status));
  }
  for (const [status, response] of Object.entries(now.responses)) {
    const before = old.responses[status];
    if (!before) {
      push('response-added', { in: 'response', status, pointer: '' }, 'response added', false);
      continue;
    }
    for (const c of responseChanges(before, response)) push(c.kind, { in: 'response', status, pointer: c.pointer }, c.detail, c.breaking);
  }
  return changes;
}

function paramWhere(p: Parameter, pointer: string): ChangeWhere {
  return { in: 'parameter', parameter: { name: p.name, in: p.in }, pointer };
}

/** A 2xx status (or the `2XX` range): what clients are written against. */
function isSuccess(status: string): boolean {
  return status.startsWith('2');
}

function responseChanges(before: ResponseSpec, after: ResponseSpec): Array<SchemaChange & { kind: ChangeKind }> {
  const success = isSuccess(after.status);
  if (before.contentType !== after.contentType) {
    const detail = `media type ${before.contentType ?? 'none'} → ${after.contentType ?? 'none'}`;
    return [{ kind: 'response-media-type', pointer: '', detail, breaking: success && before.contentType !== undefined }];
  }
  if (before.schema === undefined && after.schema === undefined) return [];
  return schemaChanges(before.schema ?? {}, after.schema ?? {}, 'response').map((c) => ({
    kind: 'response-schema' as const,
    ...c,
    breaking: c.breaking && success,
  }));
}

// --- Schemas ---------------------------------------------------------------------------------------------

type Direction = 'request' | 'response';

export interface SchemaChange {
  /** Property path: `/name`, `/[]/createdAt` (array items `[]`, additional properties `*`, union branches `oneOf[1]`). */
  pointer: string;
  detail: string;
  breaking: boolean;
}

/** Upper bounds: lowering or adding one narrows what is valid. Lower bounds: raising or adding one does. */
const UPPER_BOUNDS = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties'] as const;
const LOWER_BOUNDS = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties'] as const;
/** Keywords whose any change (or addition) narrows what is valid, and whose removal widens it. */
const EXACT = ['pattern', 'format', 'multipleOf'] as const;

/**
 * The changes between two schemas of one direction, by property path. A request schema that accepts less
 * than before breaks; a response schema breaks when it may leave out or retype what it gave before.
 */
export function schemaChanges(before: JsonSchema, after: JsonSchema, direction: Direction): SchemaChange[] {
  const out: SchemaChange[] = [];
  walk(before, after, [], direction, out, new Map());
  return out;
}

function walk(
  beforeRaw: JsonSchema,
  afterRaw: JsonSchema,
  path: string[],
  direction: Direction,
  out: SchemaChange[],
  seen: Map<object, Set<object>>,
): void {
  const pointer = path.length ? `/${path.join('/')}` : '';
  const add = (detail: string, breaking: boolean) => out.push({ pointer, detail, breaking });
  const request = direction === 'request';

  // `false` allows nothing; `true` compares as `{}`.
  if (beforeRaw === false || afterRaw === false) {
    const text = (x: JsonSchema) => (x === false ? 'nothing allowed' : 'values allowed');
    if (beforeRaw !== afterRaw) add(`schema ${text(beforeRaw)} → ${text(afterRaw)}`, request ? afterRaw === false : beforeRaw === false);
    return;
  }
  // A dereferenced document may be circular: a pair of schemas already being compared further up is not
  // compared again below itself.
  const beforeObj = flatten(typeof beforeRaw === 'object' ? beforeRaw : {});
  const afterObj = flatten(typeof afterRaw === 'object' ? afterRaw : {});
  const pairs = seen.get(beforeObj.source) ?? new Set<object>();
  if (pairs.has(afterObj.source)) return;
  pairs.add(afterObj.source);
  seen.set(beforeObj.source, pairs);
  try {
    compareObjects(beforeObj.schema, afterObj.schema, path, direction, out, seen);
  } finally {
    pairs.delete(afterObj.source);
  }
}

function compareObjects(
  b: { [k: string]: unknown },
  a: { [k: string]: unknown },
  path: string[],
  direction: Direction,
  out: SchemaChange[],
  seen: Map<object, Set<object>>,
): void {
  const pointer = path.length ? `/${path.join('/')}` : '';
  const add = (detail: string, breaking: boolean) => out.push({ pointer, detail, breaking });
  const request = direction === 'request';

  // type
  const bt = types(b);
  const at = types(a);
  if (!sameSet(bt, at)) {
    const detail = `type ${typeText(bt)} → ${typeText(at)}`;
    // A request breaks when a type it could send is gone; a response when it may send a type it did not.
    add(detail, request ? !covers(at, bt) : !covers(bt, at));
    // A value of a wholly different type: its other keywords and nested properties say nothing more.
    if (!bt.some((t) => covers(at, [t])) && !at.some((t) => covers(bt, [t]))) return;
  }

  // enum and const
  const be = allowedValues(b);
  const ae = allowedValues(a);
  if (be && ae) {
    const removed = be.filter((v) => !ae.some((w) => same(v, w)));
    const addedValues = ae.filter((v) => !be.some((w) => same(v, w)));
    for (const v of removed) add(`enum value ${JSON.stringify(v)} removed`, request);
    for (const v of addedValues) add(`enum value ${JSON.stringify(v)} added`, false);
  } else if (!be && ae) {
    add(`enum ${JSON.stringify(ae)} added`, request);
  } else if (be && !ae) {
    add(`enum ${JSON.stringify(be)} removed`, false);
  }

  // bounds and exact keywords
  for (const k of UPPER_BOUNDS) bound(k, b[k], a[k], (x, y) => y < x);
  for (const k of LOWER_BOUNDS) bound(k, b[k], a[k], (x, y) => y > x);
  function bound(keyword: string, x: unknown, y: unknown, narrows: (x: number, y: number) => boolean): void {
    if (x === y) return;
    if (typeof x === 'number' && typeof y === 'number') add(`${keyword} ${x} → ${y}`, request && narrows(x, y));
    else if (typeof y === 'number') add(`${keyword} ${y} added`, request);
    else if (typeof x === 'number') add(`${keyword} ${x} removed`, false);
  }
  for (const k of EXACT) {
    const x = b[k];
    const y = a[k];
    if (same(x, y)) continue;
    if (x !== undefined && y !== undefined) add(`${k} ${String(x)} → ${String(y)}`, request);
    else if (y !== undefined) add(`${k} ${String(y)} added`, request);
    else add(`${k} ${String(x)} removed`, false);
  }
  if (!!b.uniqueItems !== !!a.uniqueItems) add(a.uniqueItems ? 'uniqueItems added' : 'uniqueItems removed', request && !!a.uniqueItems);

  // additional properties
  const bAdd = b.additionalProperties as JsonSchema | undefined;
  const aAdd = a.additionalProperties as JsonSchema | undefined;
  if (typeof bAdd === 'object' && typeof aAdd === 'object') {
    walk(bAdd, aAdd, [...path, '*'], direction, out, seen);
  } else if (!same(bAdd, aAdd)) {
    const text = (x: JsonSchema | undefined) => (x === undefined ? 'allowed' : typeof x === 'boolean' ? (x ? 'allowed' : 'refused') : 'constrained');
    if (text(bAdd) !== text(aAdd)) add(`additional properties ${text(bAdd)} → ${text(aAdd)}`, request ? aAdd === false || typeof aAdd === 'object' : false);
    else if (typeof bAdd === 'object' || typeof aAdd === 'object') walk(bAdd ?? {}, aAdd ?? {}, [...path, '*'], direction, out, seen);
  }

  // object properties
  const bp: Record<string, JsonSchema> = (b.properties as any) ?? {};
  const ap: Record<string, JsonSchema> = (a.properties as any) ?? {};
  const br = new Set<string>((b.required as string[]) ?? []);
  const ar = new Set<string>((a.required as string[]) ?? []);
  const closed = a.additionalProperties === false || (a.unevaluatedProperties as unknown) === false;
  for (const name of Object.keys(bp)) {
    if (name in ap) continue;
    const at = `${pointer}/${escape(name)}`;
    // A request property the schema no longer knows breaks only when unknown properties are refused.
    out.push({ pointer: at, detail: 'property removed', breaking: request ? closed : true });
  }
  for (const name of Object.keys(ap)) {
    const at = `${pointer}/${escape(name)}`;
    if (!(name in bp)) {
      const required = ar.has(name);
      out.push({ pointer: at, detail: `${required ? 'required' : 'optional'} property added`, breaking: request && required && !br.has(name) });
      continue;
    }
    if (br.has(name) !== ar.has(name)) {
      const nowRequired = ar.has(name);
      // Required in a request: clients that leave it out break. Optional in a response: clients that read it may not get it.
      out.push({ pointer: at, detail: nowRequired ? 'became required' : 'became optional', breaking: request ? nowRequired : !nowRequired });
    }
    walk(bp[name]!, ap[name]!, [...path, escape(name)], direction, out, seen);
  }
  // Required names without a property schema (e.g. required of an allOf member naming a parent's property).
  for (const name of ar) {
    if (!br.has(name) && !(name in ap)) add(`property ${name} became required`, request);
  }
  for (const name of br) {
    if (!ar.has(name) && !(name in bp)) add(`property ${name} became optional`, !request);
  }

  // arrays
  if (b.items !== undefined || a.items !== undefined) {
    walk((b.items as JsonSchema) ?? {}, (a.items as JsonSchema) ?? {}, [...path, '[]'], direction, out, seen);
  }
  const bPrefix = (b.prefixItems as JsonSchema[]) ?? [];
  const aPrefix = (a.prefixItems as JsonSchema[]) ?? [];
  for (let i = 0; i < Math.max(bPrefix.length, aPrefix.length); i++) {
    walk(bPrefix[i] ?? {}, aPrefix[i] ?? {}, [...path, `[${i}]`], direction, out, seen);
  }

  // unions
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const bb = (b[keyword] as JsonSchema[]) ?? [];
    const ab = (a[keyword] as JsonSchema[]) ?? [];
    if (!bb.length && !ab.length) continue;
    for (const [i, j] of matchBranches(bb, ab, direction)) {
      const segment = `${keyword}[${j ?? i}]`;
      if (i === undefined) out.push({ pointer: `${pointer}/${segment}`, detail: `${keyword} branch added`, breaking: false });
      else if (j === undefined) out.push({ pointer: `${pointer}/${segment}`, detail: `${keyword} branch removed`, breaking: request });
      else walk(bb[i]!, ab[j]!, [...path, segment], direction, out, seen);
    }
  }
}

/**
 * Pairs the branches of a union: equal counts pair by position; otherwise each old branch goes to the new
 * branch it differs least from. Unpaired old branches were removed (index, undefined), new ones added.
 */
function matchBranches(before: JsonSchema[], after: JsonSchema[], direction: Direction): Array<[number | undefined, number | undefined]> {
  if (before.length === after.length) return before.map((_, i) => [i, i]);
  const costs: Array<[number, number, number]> = [];
  for (let i = 0; i < before.length; i++) {
    for (let j = 0; j < after.length; j++) costs.push([schemaChanges(before[i]!, after[j]!, direction).length, i, j]);
  }
  costs.sort((x, y) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2]);
  const pairedOld = new Map<number, number>();
  const pairedNew = new Set<number>();
  for (const [, i, j] of costs) {
    if (pairedOld.has(i) || pairedNew.has(j)) continue;
    pairedOld.set(i, j);
    pairedNew.add(j);
  }
  const pairs: Array<[number | undefined, number | undefined]> = before.map((_, i) => [i, pairedOld.get(i)]);
  after.forEach((_, j) => {
    if (!pairedNew.has(j)) pairs.push([undefined, j]);
  });
  return pairs;
}

/**
 * `allOf` members merged into the schema (properties and required united, other keywords the first one
 * given wins), so that moving a property into or out of an `allOf` is no change. `source` is the object
 * the schema came from, for cycle detection.
 */
function flatten(schema: { [k: string]: unknown }): { schema: { [k: string]: unknown }; source: object } {
  const members = schema.allOf as JsonSchema[] | undefined;
  if (!Array.isArray(members) || !members.length) return { schema, source: schema };
  const merged: { [k: string]: unknown } = { ...schema };
  delete merged.allOf;
  const properties: Record<string, JsonSchema> = { ...((schema.properties as any) ?? {}) };
  const required = new Set<string>((schema.required as string[]) ?? []);
  for (const member of members) {
    if (typeof member !== 'object') continue;
    const flat = flatten(member).schema;
    for (const [k, v] of Object.entries(flat)) {
      if (k === 'properties') Object.assign(properties, Object.fromEntries(Object.entries(v as object).filter(([name]) => !(name in properties))));
      else if (k === 'required') for (const name of v as string[]) required.add(name);
      else if (!(k in merged)) merged[k] = v;
    }
  }
  if (Object.keys(properties).length) merged.properties = properties;
  if (required.size) merged.required = [...required];
  return { schema: merged, source: schema };
}

const ALL_TYPES = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];

/** The types a schema allows; every type when it names none. */
function types(schema: { [k: string]: unknown }): string[] {
  const t = schema.type;
  if (typeof t === 'string') return [t];
  if (Array.isArray(t) && t.length) return [...t].map(String).sort();
  return ALL_TYPES;
}

function typeText(t: string[]): string {
  return t === ALL_TYPES || t.length === ALL_TYPES.length ? 'any' : t.join(' | ');
}

/** Whether every type in `inner` is allowed by `outer` (`number` allows `integer`). */
function covers(outer: string[], inner: string[]): boolean {
  return inner.every((t) => outer.includes(t) || (t === 'integer' && outer.includes('number')));
}

function sameSet(x: string[], y: string[]): boolean {
  return x.length === y.length && x.every((v) => y.includes(v));
}

function allowedValues(schema: { [k: string]: unknown }): unknown[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum;
  if ('const' in schema) return [schema.const];
  return undefined;
}

function same(x: unknown, y: unknown): boolean {
  return x === y || JSON.stringify(x) === JSON.stringify(y);
}

/** JSON pointer escaping of one property name. */
function escape(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
