import fc from 'fast-check';
import type { RequestCase } from '../../../generators/requests/types';
import type { Operation } from '../../contract/types';
import type { Binding } from '../../stateful/bindings';
import { withHarvested } from '../../stateful/harvest';
import { probeValue } from '../../stateful/safety';
import type { RunContext } from '../context';

/**
 * How a generated phase binds its requests: `prepared` binds path parameters to resources made ready for the
 * operation (Binder.bindPrepared) and puts ids the server listed into the query and body (valid requests);
 * `plain` binds path parameters only (Binder.bind), so that an invalid request breaks the body or the query,
 * never the bound path.
 */
export type Binds = 'prepared' | 'plain';

/**
 * The requests of a generated phase, from `base`. For three requests in four, path parameters are bound to
 * real resources and ids named in the body are ones the server listed (the fourth keeps generated values,
 * which exercise "not found"). An operation kept from the target as a probe (RunContext.probeOnly) gets path
 * values that name nothing, and nothing is bound. `bound`: the binding, for sendCase's `namesNothing`.
 */
export async function boundArbitrary(
  ctx: RunContext,
  operation: Operation,
  base: fc.Arbitrary<RequestCase>,
  binds: Binds,
): Promise<{ arbitrary: fc.Arbitrary<RequestCase>; bound: Binding }> {
  if (ctx.probeOnly(operation)) {
    // A probe: every path value names nothing; nothing is bound.
    const probe = base.map((c) => ({ ...c, pathParams: Object.fromEntries(Object.entries(c.pathParams).map(([k, v]) => [k, probeValue(v)])) }));
    return { arbitrary: probe, bound: {} };
  }
  const bound = !operation.path.includes('{')
    ? {}
    : binds === 'plain'
      ? await ctx.binder.bind(operation)
      : await ctx.binder.bindPrepared(operation);
  const { values: harvest, fromBound } =
    binds === 'plain' ? { values: new Map(), fromBound: false } : await ctx.binder.harvest(operation, bound);
  if (Object.keys(bound).length === 0 && harvest.size === 0) return { arbitrary: base, bound };
  // Harvested ids belong to the first bound values (the tools of that provider): pin the path to them.
  const choices = Object.entries(bound).map(([k, v]) => [k, fromBound ? fc.constant(v[0]!) : fc.constantFrom(...v)] as const);
  const values = fc.record(Object.fromEntries(choices));
  const withBound = fc.tuple(base, values).map(([c, real]) => ({
    ...c,
    pathParams: { ...c.pathParams, ...real },
    query: harvest.size ? (withHarvested(c.query, harvest) as Record<string, unknown>) : c.query,
    ...(harvest.size && c.body?.kind === 'json' ? { body: { kind: 'json' as const, value: withHarvested(c.body.value, harvest) } } : {}),
  }));
  return { arbitrary: fc.oneof({ arbitrary: withBound, weight: 3 }, { arbitrary: base, weight: 1 }), bound };
}
