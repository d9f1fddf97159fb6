import type { HttpClient } from './client';
import type { WireRequest, WireResponse } from './types';

/**
 * How an exchange broke off after the connection was made:
 * - `reset`: the target reset the connection (TCP RST, ECONNRESET);
 * - `closed`: the target closed the connection before the answer was complete;
 * - `length-mismatch`: the answer declared a Content-Length longer than the body that came;
 * - `timeout`: no headers, or no next body chunk, within the client's timeout (or the whole exchange's);
 * - `protocol`: the bytes of this one answer were not valid HTTP;
 * - `other`: anything else the socket reported.
 */
export type TransportFaultKind = 'reset' | 'closed' | 'length-mismatch' | 'timeout' | 'protocol' | 'other';

/**
 * One exchange with a reachable target broke off, on the first attempt and on its one retry over a fresh
 * connection (src/http/client.ts states the rule). It ends this exchange, not the run: `sendOrFault` turns it
 * into an answer with status 0 that the transport-error check judges.
 */
export class TransportFault extends Error {
  readonly code = 'TRANSPORT_FAULT';
  readonly kind: TransportFaultKind;
  readonly request: WireRequest;
  /** What the socket reported, one line (e.g. `UND_ERR_SOCKET other side closed`). */
  readonly detail: string;
  /** Milliseconds from sending the first attempt to the end of the last. */
  readonly durationMs: number;

  constructor(fault: { kind: TransportFaultKind; request: WireRequest; detail: string; durationMs?: number }) {
    super(`${fault.request.method} ${fault.request.path}: the exchange broke off (${fault.kind}: ${fault.detail})`);
    this.name = 'TransportFault';
    this.kind = fault.kind;
    this.request = fault.request;
    this.detail = fault.detail;
    this.durationMs = fault.durationMs ?? 0;
  }
}

/** The answer standing for a broken exchange: status 0, no headers, no body, and what broke in `transport`. */
export function faultResponse(fault: TransportFault): WireResponse {
  return {
    status: 0,
    headers: {},
    bodyText: '',
    json: undefined,
    isJson: false,
    durationMs: fault.durationMs,
    transport: { kind: fault.kind, detail: fault.detail },
  };
}

/** Sends `request`; a TransportFault becomes its `faultResponse`, anything else (an EngineError) is thrown. */
export async function sendOrFault(client: HttpClient, request: WireRequest): Promise<WireResponse> {
  try {
    return await client.send(request);
  } catch (error) {
    if (error instanceof TransportFault) return faultResponse(error);
    throw error;
  }
}
