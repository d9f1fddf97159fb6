import type { JsonSchema, Operation } from '../contract/types';
import type { RunConfig } from './types';

/** Where a fixture's value goes in a request. */
export type FixtureLocation = 'path' | 'query' | 'header' | 'body';

const LOCATIONS: readonly FixtureLocation[] = ['path', 'query', 'header', 'body'];

/**
 * The fixture value for one parameter or body field of an operation, as text, or undefined when the config
 * gives none. Looked up in the operation's own fixtures, then the global ones; in each, the JSON pointer
 * (`/path/agentId`, `/body/connectionId`) before the plain name (`agentId`). A plain name in the body matches
 * a field of that name at any depth. The resource a DELETE removes (its last path parameter) never takes a
 * fixture: a path fixture names the user's own resource, which the run must not delete.
 */
export function fixtureFor(
  config: RunConfig | undefined,
  operation: Operation,
  name: string,
  location: FixtureLocation = 'path',
): string | undefined {
  if (location === 'path' && consumed(operation, name)) return undefined;
  const value = fixtureValue(config, operation, name, location);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/**
 * The fixture value for a path parameter as the binder takes it: fixtureFor, and on a target the run does not
 * own (`guarded`: external, the operation not named by --allow-destructive) only where the operation reads
 * the resource or names it as a parent (a GET, or a parameter before the last): the user's resource is used,
 * never changed there; a change goes to a resource the run made, as without fixtures.
 */
export function pathFixture(config: RunConfig | undefined, operation: Operation, param: string, guarded: boolean): string | undefined {
  if (guarded && operation.method !== 'GET' && lastPathParam(operation) === param) return undefined;
  return fixtureFor(config, operation, param, 'path');
}

/**
 * The fixture value (any JSON) for a parameter or body field, in fixtureFor's order, without turning it into
 * text: for body fields that take numbers, booleans, objects or arrays.
 */
export function fixtureValue(config: RunConfig | undefined, operation: Operation, name: string, location: FixtureLocation): unknown {
  if (!config) return undefined;
  const pointer = `/${location}/${escapeToken(name)}`;
  for (const values of [config.operations?.[operation.operationId]?.fixtures, config.fixtures]) {
    if (!values) continue;
    if (pointer in values) return values[pointer];
    if (name in values && takes(operation, name, location)) return values[name];
  }
  return undefined;
}

/**
 * The body fixtures of an operation as [path, value] pairs: pointers `/body/a/b` (operation's first, then
 * global) and plain names of top-level body fields. For setting them on a generated body (withBodyFixtures).
 */
export function bodyFixtures(config: RunConfig | undefined, operation: Operation): Array<[string[], unknown]> {
  if (!config || !operation.requestBody) return [];
  const top = topLevelFields(operation.requestBody.schema);
  const out = new Map<string, [string[], unknown]>();
  // Global first, so that the operation's own replace them.
  for (const values of [config.fixtures, config.operations?.[operation.operationId]?.fixtures]) {
    for (const [key, value] of Object.entries(values ?? {})) {
      const parsed = parsePointer(key);
      if (parsed?.location === 'body' && parsed.path.length) out.set(parsed.path.join('/'), [parsed.path, value]);
      else if (!parsed && top.has(key)) out.set(key, [[key], value]);
    }
  }
  return [...out.values()];
}

/** A JSON body with the operation's body fixtures set (a copy; anything but an object body is returned as is). */
export function withBodyFixtures(config: RunConfig | undefined, operation: Operation, body: unknown): unknown {
  const fixtures = bodyFixtures(config, operation);
  if (!fixtures.length || body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy = structuredClone(body) as Record<string, unknown>;
  for (const [path, value] of fixtures) {
    let node: Record<string, unknown> = copy;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1)!] = structuredClone(value);
  }
  return copy;
}

/**
 * The values of path fixtures: resources the user named as theirs to use. The run never deletes them (the
 * ledger records only what the run created; a DELETE is never bound to one).
 */
export function userResources(config: RunConfig | undefined): Set<string> {
  const out = new Set<string>();
  for (const values of [config?.fixtures, ...Object.values(config?.operations ?? {}).map((o) => o.fixtures)]) {
    for (const [key, value] of Object.entries(values ?? {})) {
      const parsed = parsePointer(key);
      if ((parsed?.location === 'path' || !parsed) && (typeof value === 'string' || typeof value === 'number')) out.add(String(value));
    }
  }
  return out;
}

/** Whether a fixture key names a parameter or body field of the operation. */
export function namesPartOf(operation: Operation, key: string): boolean {
  const parsed = parsePointer(key);
  if (!parsed) return LOCATIONS.some((location) => takes(operation, key, location));
  if (!parsed.location || !parsed.path.length) return false;
  if (parsed.location !== 'body') return parsed.path.length === 1 && takes(operation, parsed.path[0]!, parsed.location);
  return !!operation.requestBody && topLevelFields(operation.requestBody.schema).has(parsed.path[0]!);
}

/**
 * `/body/a/b` as its location and path (an empty path when the location is none of path, query, header,
 * body); undefined for a plain name (no leading slash).
 */
export function parsePointer(key: string): { location?: FixtureLocation; path: string[] } | undefined {
  if (!key.startsWith('/')) return undefined;
  const [location, ...path] = key.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (!LOCATIONS.includes(location as FixtureLocation)) return { path: [] };
  return { location: location as FixtureLocation, path };
}

function takes(operation: Operation, name: string, location: FixtureLocation): boolean {
  if (location === 'body') return !!operation.requestBody && bodyFieldNames(operation.requestBody.schema).has(name);
  return operation.parameters.some((p) => p.in === location && (location === 'header' ? p.name.toLowerCase() === name.toLowerCase() : p.name === name));
}

/**
 * The resource the user hands over to an operation in the config file: its last path parameter, given in that
 * operation's own fixtures (`operations.<id>.fixtures`), never a DELETE's. An operation the safety rule keeps
 * from a target the run does not own then runs there, on that resource only (a decision on the approval the
 * user named, which no API call could make): naming it for the operation is the user's leave to act on it.
 * Global fixtures never hand anything over; they serve reads and parents.
 */
export function handedOver(config: RunConfig | undefined, operation: Operation): string | undefined {
  const last = lastPathParam(operation);
  if (!config || !last || operation.method === 'DELETE' || operation.method === 'GET') return undefined;
  const own = config.operations?.[operation.operationId]?.fixtures;
  if (!own) return undefined;
  const value = `/path/${escapeToken(last)}` in own ? own[`/path/${escapeToken(last)}`] : own[last];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** What a kept-back operation's reason says when a fixture of the user's could let it run (scorecard: no fixture). */
export const NO_FIXTURE = 'no fixture';

/** The last path parameter of a DELETE: the resource it removes. */
function consumed(operation: Operation, name: string): boolean {
  return operation.method === 'DELETE' && lastPathParam(operation) === name;
}

function lastPathParam(operation: Operation): string | undefined {
  return [...operation.path.matchAll(/\{([^}]+)\}/g)].at(-1)?.[1];
}

function escapeToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Property names of a body schema at its top level (through allOf/oneOf/anyOf). */
function topLevelFields(schema: JsonSchema): Set<string> {
  const out = new Set<string>();
  const visit = (s: unknown) => {
    if (!s || typeof s !== 'object') return;
    const o = s as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) out.add(k);
    for (const key of ['allOf', 'oneOf', 'anyOf'] as const) if (Array.isArray(o[key])) for (const sub of o[key] as unknown[]) visit(sub);
  };
  visit(schema);
  return out;
}

/** Property names of a body schema at any depth. */
function bodyFieldNames(schema: JsonSchema, seen = new Set<object>(), out = new Set<string>()): Set<string> {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return out;
  seen.add(schema);
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, sub] of Object.entries(v)) {
        out.add(name);
        bodyFieldNames(sub as JsonSchema, seen, out);
      }
    } else if (v && typeof v === 'object') bodyFieldNames(v as JsonSchema, seen, out);
  }
  return out;
}
