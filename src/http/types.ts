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
  /**
   * Set only on the stand-in for an exchange that broke off after the connection was made (a reset, a close
   * mid-body, a short body, a timeout, an answer that was not HTTP), on its first attempt and on its retry
   * over a fresh connection (src/http/transport-fault.ts `faultResponse`). `status` is then 0, `headers`
   * and `bodyText` empty; only the transport-error check judges it. `kind`: a `TransportFaultKind`;
   * `detail`: what the socket reported.
   */
  transport?: { kind: string; detail: string };
}

/** One request and what came back. */
export interface Exchange {
  request: WireRequest;
  response: WireResponse;
}
