import fc from 'fast-check';
import { validRequest } from '../../../generators/requests/operation-request';
import type { RequestCase } from '../../../generators/requests/types';
import { caseToWire } from '../../../generators/requests/wire';
import type { Operation } from '../../contract/types';
import { routeOperation } from '../../oracle/route';
import type { RunContext } from '../context';

const ATTEMPTS = 5;

/**
 * One valid request of `operation` whose path parameters name real resources where the binder can make or
 * find them (the first bound value of each), or undefined when no sample routes to the operation. With
 * `prepare`, the thing the operation acts on is made to exist first (see Binder.prepare).
 */
export async function boundRequest(
  ctx: RunContext,
  operation: Operation,
  seed: number,
  options: { prepare: boolean },
): Promise<{ request: RequestCase; bound: Record<string, string> } | undefined> {
  const binding = !operation.path.includes('{')
    ? {}
    : options.prepare
      ? await ctx.binder.bindPrepared(operation)
      : await ctx.binder.bind(operation);
  const bound = Object.fromEntries(Object.entries(binding).map(([name, values]) => [name, values[0]!]));
  const request = routedRequest(ctx, operation, seed, (sample) => ({ ...sample, pathParams: { ...sample.pathParams, ...bound } }));
  return request && { request, bound };
}

/**
 * The first of ATTEMPTS generated valid requests, as `shape` makes them, that routes to the operation (a
 * generated path value may route to another one), or undefined.
 */
export function routedRequest(
  ctx: RunContext,
  operation: Operation,
  seed: number,
  shape: (sample: RequestCase) => RequestCase,
): RequestCase | undefined {
  for (const sample of fc.sample(validRequest(operation), { seed, numRuns: ATTEMPTS })) {
    const request = shape(sample);
    const wire = caseToWire(operation, request, {});
    if (routeOperation(ctx.contract.operations, wire.method, wire.path.split('?')[0]!) === operation) return request;
  }
  return undefined;
}
