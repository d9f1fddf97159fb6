import type { RequestCase } from '../../../generators/requests/types';
import { caseToWire } from '../../../generators/requests/wire';
import type { Operation } from '../../contract/types';
import type { WireRequest } from '../../http/types';
import { proveInvalid } from '../../oracle/prove-invalid';
import { routeOperation } from '../../oracle/route';
import type { Binding } from '../../stateful/bindings';
import { pathParamsOf } from '../../stateful/resources';
import type { RunContext } from '../context';
import { send } from '../send';
import { withVariant } from './auth-variant';
import type { GeneratedCase } from './generated-case';
import type { SentCase } from './types';

/**
 * Serializes and sends one generated case. Valid cases that are not valid after all (a path a server routes
 * to another operation, a body that no longer validates) are dropped, unsent; invalid cases get their proof
 * from the bytes actually sent. A broken exchange is the case's answer (status 0). `bound`: the values the
 * binder found, so that a valid case whose path names none of them is marked `namesNothing`.
 */
export async function sendCase(
  ctx: RunContext,
  operation: Operation,
  planned: GeneratedCase,
  auth: Record<string, string>,
  bound: Binding = {},
  count?: { requests: number },
): Promise<SentCase | undefined> {
  const wire = caseToWire(operation, planned.request, withVariant(auth, planned.auth));
  let info = planned.info;
  if (info.kind === 'invalid') {
    info = { ...info, proof: proveInvalid(operation, ctx.contract.operations, wire, ctx.compiler) };
  } else if (!stillValid(ctx, operation, planned.request, wire)) {
    return undefined;
  } else if (info.kind === 'valid' && namesNothing(operation, planned.request, bound)) {
    info = { ...info, namesNothing: true };
  }
  const response = await send(ctx, operation, wire, count ? { count } : {});
  return { exchange: { request: wire, response }, info };
}

/** Whether a path value of the request is not one the binder found on the target (generated, or a probe). */
function namesNothing(operation: Operation, request: RequestCase, bound: Binding): boolean {
  return pathParamsOf(operation).some((name) => !bound[name]?.includes(String(request.pathParams[name])));
}

/** A case meant to be valid still is: it routes to its operation and its body satisfies the schema. */
export function stillValid(ctx: RunContext, operation: Operation, request: RequestCase, wire: WireRequest): boolean {
  if (routeOperation(ctx.contract.operations, wire.method, wire.path.split('?')[0]!) !== operation) return false;
  const body = operation.requestBody;
  if (body && request.body?.kind === 'json') return ctx.compiler.validate(body.schema, request.body.value).valid;
  return true;
}
