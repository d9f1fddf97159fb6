import fc from 'fast-check';
import { appliesTo, integerOnly } from '../_internals/mutation-support';
import { nextUp } from '../_internals/numbers';
import { num, type SchemaObject } from '../_internals/schema-types';
import type { BoundaryCandidate, Mutation, MutationCandidate, MutationContext } from './types';

/** The smallest value breaking the bound: just above `maximum`, or `exclusiveMaximum` itself. */
function edge(bound: number, exclusive: boolean, integer: boolean): number {
  if (exclusive) return integer ? Math.ceil(bound) : bound;
  return integer ? Math.floor(bound) + 1 : nextUp(bound);
}

function bounds(s: SchemaObject): Array<[keyword: string, bound: number, exclusive: boolean]> {
  if (!appliesTo(s, 'number')) return [];
  const out: Array<[string, number, boolean]> = [];
  const max = num(s, 'maximum');
  const xmax = num(s, 'exclusiveMaximum');
  if (max !== undefined) out.push(['maximum', max, false]);
  if (xmax !== undefined) out.push(['exclusiveMaximum', xmax, true]);
  return out;
}

/** A number above `maximum` (or at/above `exclusiveMaximum`): the edge itself, or farther out. */
export const maximumViolated: Mutation = {
  id: 'maximum-violated',
  keywords: ['maximum', 'exclusiveMaximum'],
  candidates(s: SchemaObject, ctx: MutationContext): MutationCandidate[] {
    const integer = integerOnly(s);
    return bounds(s).flatMap(([keyword, b, exclusive]) => {
      const e = edge(b, exclusive, integer);
      const above = (v: number) => Number.isFinite(v) && (exclusive ? v >= b : v > b);
      const value = ctx.filter(fc.oneof(fc.constant(e), fc.integer({ min: 1, max: 1_000_000 }).map((k) => e + k)), above);
      return value ? [{ keyword, value }] : [];
    });
  },
  boundary(s: SchemaObject): BoundaryCandidate[] {
    const integer = integerOnly(s);
    return bounds(s).map(([keyword, b, exclusive]) => ({ keyword, value: edge(b, exclusive, integer), label: `just outside ${keyword} ${b}` }));
  },
};
