import type { Operation } from '../../src/contract/types';
import type { WireRequest } from '../../src/http/types';
import type { RequestCase } from './types';

/**
 * Mapper/unmapper pair between a generated `RequestCase` and the bytes on the wire.
 * Parameters use OpenAPI's defaults: path `simple`, query `form` + explode, header `simple`.
 * Primitive values are written as their JSON text without quotes for strings; arrays joined by commas
 * (path, header) or repeated (query); objects are written as JSON (the contract has none).
 */
export function caseToWire(operation: Operation, c: RequestCase, auth: Record<string, string>): WireRequest {
  let path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(paramText(c.pathParams[name])));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(c.query)) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, paramText(item));
  }
  const qs = query.toString();
  if (qs) path += `?${qs}`;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(c.headers)) headers[name.toLowerCase()] = paramText(value);
  Object.assign(headers, lowerKeys(auth));
  let body: string | undefined;
  if (c.body?.kind === 'json') body = JSON.stringify(c.body.value);
  else if (c.body?.kind === 'raw') body = c.body.text;
  if (operation.requestBody && c.body?.kind !== 'absent') headers['content-type'] = operation.requestBody.contentType;
  return { method: operation.method, path, headers, body };
}

/** The request as a server reads it back from the wire: decoded parameters and the parsed body. */
export interface ParsedRequest {
  /** Undefined when the path does not match the operation's template at all. */
  pathParams?: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body: { present: false } | { present: true; json: true; value: unknown } | { present: true; json: false; text: string };
}

export function wireToRequest(operation: Operation, wire: WireRequest): ParsedRequest {
  const q = wire.path.indexOf('?');
  const rawPath = q < 0 ? wire.path : wire.path.slice(0, q);
  const query: Record<string, string | string[]> = {};
  if (q >= 0) {
    for (const [k, v] of new URLSearchParams(wire.path.slice(q + 1))) {
      const prev = query[k];
      query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  const headers: Record<string, string> = {};
  // HTTP strips leading/trailing whitespace from header values.
  for (const [k, v] of Object.entries(wire.headers)) headers[k.toLowerCase()] = v.trim();
  let body: ParsedRequest['body'] = { present: false };
  if (wire.body !== undefined && wire.body.length > 0) {
    try {
      body = { present: true, json: true, value: JSON.parse(wire.body) };
    } catch {
      body = { present: true, json: false, text: wire.body };
    }
  }
  return { pathParams: matchTemplate(operation.path, rawPath), query, headers, body };
}

/** Decoded path parameters if `rawPath` matches `template` segment by segment, else undefined. */
export function matchTemplate(template: string, rawPath: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = normalizeDotSegments(rawPath).split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const m = /^\{(.+)\}$/.exec(t[i]!);
    if (m) {
      if (p[i] === '') return undefined;
      try {
        params[m[1]!] = decodeURIComponent(p[i]!);
      } catch {
        return undefined;
      }
    } else if (t[i] !== p[i]) return undefined;
  }
  return params;
}

/** What a URL parser does to `.` and `..` segments before the server sees the path. */
function normalizeDotSegments(path: string): string {
  return new URL(path, 'http://x').pathname;
}

/** A parameter value as the wire writes it: strings as they are, arrays comma-joined, objects as JSON. */
export function paramText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(paramText).join(',');
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}
