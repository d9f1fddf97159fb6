import type { Operation } from '../contract/types';
import { sendOrFault } from '../http/transport-fault';
import type { WireRequest, WireResponse } from '../http/types';
import type { RunServices } from './context-parts';

/** How `send` treats one request beyond sending it. */
export interface SendOptions {
  /**
   * What the lane's ledger records when the answer is a 2xx create (Ledger.record keeps only those): the
   * request as sent by default; the same request with the credentials to delete with, for a request sent
   * with a key that may not delete (a member's, one without X-Project-Id); `false` for a request that is not
   * the operation's own (another method on its path, a read around a case, a keyless ask).
   */
  record?: WireRequest | false;
  /** Recorded with the create: why the run may not delete it (Ledger.record), for a resource it gives away as documented. */
  givenAway?: string;
  /**
   * `answer` (default): an exchange that broke off twice is answered with status 0 (faultResponse), which
   * the transport-error check judges as the case's answer. `throw`: the TransportFault goes up and ends the
   * case (runPhase judges the broken exchange in its place) or, from a setup call, the phase.
   */
  onFault?: 'answer' | 'throw';
  /** Incremented once for the request, so that whoever sends it adds it to its phase's request count. */
  count?: { requests: number };
}

/**
 * Sends one request of a phase, or of what a phase runs (its bindings, a sequence, a shrink): the one way a
 * phase reaches the target. It needs only the client and the ledger, so that the binder (stateful/) sends
 * through it without importing the runner's context.
 */
export async function send(
  ctx: Pick<RunServices, 'client' | 'ledger'>,
  operation: Operation,
  wire: WireRequest,
  options: SendOptions = {},
): Promise<WireResponse> {
  if (options.count) options.count.requests++;
  const response = options.onFault === 'throw' ? await ctx.client.send(wire) : await sendOrFault(ctx.client, wire);
  if (options.record !== false) ctx.ledger.record(operation, options.record ?? wire, response, options.givenAway);
  return response;
}
