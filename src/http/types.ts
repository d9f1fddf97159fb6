/** A request exactly as it goes on the wire (after serialization). */
export interface WireRequest {
  method: string;
  /** Path and query relative to the target's base URL, starting with `/` (e.g. `/agents/x?limit=1`). */
  path: string;
  headers: Record<string, string>;
  /** Raw body bytes as text; absent for no body. */
  body?: string;
}

export interface WireResponse {
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  bodyText: string;
  /** The parsed body when it is JSON (by content type or by parse), else undefined. */
  json: unknown;
  /** Whether `bodyText` parsed as JSON (never for a truncated body). */
  isJson: boolean;
  /** The body was longer than the client reads; `bodyText` holds its start. */
  truncated?: boolean;
  durationMs: number;
}

/** One request and what came back. */
export interface Exchange {
  request: WireRequest;
  response: WireResponse;
}
