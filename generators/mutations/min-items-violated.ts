import fc from 'fast-check';
import { appliesTo, firstValid } from '../_internals/mutation-support';
import { num, type SchemaObject } from '../_internals/schema-types';
import type { Mutation } from './types';

function shorter(s: SchemaObject, length: { min: number; max: number }): SchemaObject {
  const out: SchemaObject = { ...s, type: 'array', minItems: length.min, maxItems: length.max };
  delete out.contains;
  delete out.minContains;
  delete out.maxContains;
  return out;
}

/** An array with fewer items than `minItems` (its items still valid). */
export const minItemsViolated: Mutation = {
  id: 'min-items-violated',
  keywords: ['minItems'],
  candidates(s, ctx) {
    const min = num(s, 'minItems');
    if (min === undefined || min < 1 || !appliesTo(s, 'array')) return [];
    const n = Math.ceil(min) - 1;
    return [{ keyword: 'minItems', value: ctx.valid(shorter(s, { min: 0, max: n })) ?? fc.constant([]) }];
  },
  boundary(s, ctx) {
    const min = num(s, 'minItems');
    if (min === undefined || min < 1 || !appliesTo(s, 'array')) return [];
    const n = Math.ceil(min) - 1;
    const value = firstValid(ctx, shorter(s, { min: n, max: n })) ?? (n === 0 ? [] : undefined);
    return value === undefined ? [] : [{ keyword: 'minItems', value, label: `${n} items, just below minItems ${min}` }];
  },
};
