import fc from 'fast-check';
import { appliesTo, integerOnly } from '../_internals/mutation-support';
import { nextDown } from '../_internals/numbers';
import { num, type SchemaObject } from '../_internals/schema-types';
import type { BoundaryCandidate, Mutation, MutationCandidate, MutationContext } from './types';

/** The largest value breaking the bound: just below `minimum`, or `exclusiveMinimum` itself. */
function edge(bound: number, exclusive: boolean, integer: boolean): number {
  if (exclusive) return integer ? Math.floor(bound) : bound;
  return integer ? Math.ceil(bound) - 1 : nextDown(bound);
}

function bounds(s: SchemaObject): Array<[keyword: string, bound: number, exclusive: boolean]> {
  if (!appliesTo(s, 'number')) return [];
  const out: Array<[string, number, boolean]> = [];
  const min = num(s, 'minimum');
  const xmin = num(s, 'exclusiveMinimum');
  if (min !== undefined) out.push(['minimum', min, false]);
  if (xmin !== undefined) out.push(['exclusiveMinimum', xmin, true]);
  return out;
}

/** A number below `minimum` (or at/below `exclusiveMinimum`): the edge itself, or farther out. */
export const minimumViolated: Mutation = {
  id: 'minimum-violated',
  keywords: ['minimum', 'exclusiveMinimum'],
  candidates(s: SchemaObject, ctx: MutationContext): MutationCandidate[] {
    const integer = integerOnly(s);
    return bounds(s).flatMap(([keyword, b, exclusive]) => {
      const e = edge(b, exclusive, integer);
      const below = (v: number) => Number.isFinite(v) && (exclusive ? v <= b : v < b);
      const value = ctx.filter(fc.oneof(fc.constant(e), fc.integer({ min: 1, max: 1_000_000 }).map((k) => e - k)), below);
      return value ? [{ keyword, value }] : [];
    });
  },
  boundary(s: SchemaObject): BoundaryCandidate[] {
    const integer = integerOnly(s);
    return bounds(s).map(([keyword, b, exclusive]) => ({ keyword, value: edge(b, exclusive, integer), label: `just outside ${keyword} ${b}` }));
  },
};
