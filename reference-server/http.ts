/**
 * Transport-neutral request and response types, shared by the in-process
 * dispatcher and the node:http server.
 */
import type { RouteMatch } from './router.ts';

/** A request as it arrives, before parsing (the socket server and `app.request` both build one). */
export interface RawRequest {
  method: string;
  /** Path and query, e.g. `/v1/agents?x=1`. */
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The body text; empty when there is none. */
  body: string;
}

/** A parsed request, routed but not yet authenticated. */
export interface AppRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path without the query, e.g. `/v1/agents/123`. */
  path: string;
  query: URLSearchParams;
  /** Header names lower-cased; repeated headers joined with `, `. */
  headers: Readonly<Record<string, string>>;
  /** The body text as received ('' when none); lets an optional body tell "absent" from "malformed". */
  rawBody?: string;
  /** The JSON body, or `null` when the body is missing or not valid JSON. */
  body: unknown;
  /** The matched route and its path parameters; undefined for an unknown route. */
  match: RouteMatch | undefined;
}

/** A response before serialization; `body` undefined means no body (204). */
export interface AppResponse {
  status: number;
  body?: unknown;
  /** A non-JSON body (e.g. Markdown), sent as is with its content type; `body` is then ignored. */
  text?: { contentType: string; value: string };
  /** Extra response headers, lower-case names (e.g. `location` on a 302). */
  headers?: Readonly<Record<string, string>>;
}

/** Anything that answers a request: the core app, or the core wrapped by faults. */
export type Handler = (req: AppRequest) => Promise<AppResponse>;

/** A response as sent on the wire. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text; empty for no body. */
  text: string;
}

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** A JSON response. */
export function json(status: number, body: unknown): AppResponse {
  return { status, body };
}

/** A 204 No Content response. */
export function noContent(): AppResponse {
  return { status: 204 };
}

/** A `text/markdown` response. */
export function markdown(status: number, value: string): AppResponse {
  return { status, text: { contentType: 'text/markdown; charset=utf-8', value } };
}

/** A 302 Found response to `location`, with no body. */
export function redirect(location: string): AppResponse {
  return { status: 302, headers: { location } };
}

/** Parses a body text as JSON; a missing or malformed body gives `null` (the route's validation then rejects it). */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Lower-cases header names and joins repeated values. */
export function normalizeHeaders(headers: RawRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

/** Serializes a response: JSON with its content type, or an empty 204. */
export function toWire(res: AppResponse): WireResponse {
  if (res.text) {
    const { contentType, value } = res.text;
    return { status: res.status, headers: { 'content-type': contentType, 'content-length': String(Buffer.byteLength(value)) }, text: value };
  }
  if (res.body === undefined) return { status: res.status, headers: { ...res.headers }, text: '' };
  const text = JSON.stringify(res.body);
  return {
    status: res.status,
    headers: { ...res.headers, 'content-type': JSON_CONTENT_TYPE, 'content-length': String(Buffer.byteLength(text)) },
    text,
  };
}
