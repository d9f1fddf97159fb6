import fc from 'fast-check';
import { appliesTo } from '../_internals/mutation-support';
import { num, type JsonSchema, type SchemaObject } from '../_internals/schema-types';
import type { Mutation, MutationContext } from './types';

/** Arrays of `n`..`n + extra` items, valid items when possible. */
function longer(s: SchemaObject, ctx: MutationContext, n: number, extra: number): fc.Arbitrary<unknown> | undefined {
  const shaped = ctx.valid({ ...s, type: 'array', minItems: n, maxItems: n + extra });
  if (shaped) return shaped;
  const item = ctx.valid(s.items === undefined || s.items === false ? true : (s.items as JsonSchema));
  return item && fc.array(item, { minLength: n, maxLength: n + extra });
}

/** An array with more items than `maxItems`. */
export const maxItemsExceeded: Mutation = {
  id: 'max-items-exceeded',
  keywords: ['maxItems'],
  candidates(s, ctx) {
    const max = num(s, 'maxItems');
    if (max === undefined || max < 0 || !appliesTo(s, 'array')) return [];
    const value = longer(s, ctx, Math.floor(max) + 1, 1);
    return value ? [{ keyword: 'maxItems', value }] : [];
  },
  boundary(s, ctx) {
    const max = num(s, 'maxItems');
    if (max === undefined || max < 0 || !appliesTo(s, 'array')) return [];
    const n = Math.floor(max) + 1;
    const arb = longer(s, ctx, n, 0);
    const value = arb && fc.sample(arb, { numRuns: 1, seed: 42 })[0];
    return value === undefined ? [] : [{ keyword: 'maxItems', value, label: `${n} items, just above maxItems ${max}` }];
  },
};

