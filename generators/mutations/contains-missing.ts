import fc from 'fast-check';
import { appliesTo } from '../_internals/mutation-support';
import { num, type JsonSchema, type SchemaObject } from '../_internals/schema-types';
import type { Mutation } from './types';

/** An array with fewer items matching `contains` than `minContains` (default 1): often none at all. */
export const containsMissing: Mutation = {
  id: 'contains-missing',
  keywords: ['contains'],
  candidates(s, ctx) {
    if (s.contains === undefined || !appliesTo(s, 'array')) return [];
    const minC = num(s, 'minContains') ?? 1;
    if (minC < 1) return [];
    const rest: SchemaObject = { ...s, type: 'array' };
    delete rest.contains;
    delete rest.minContains;
    delete rest.maxContains;
    const contains = s.contains as JsonSchema;
    const few = (v: unknown) => Array.isArray(v) && v.filter((x) => ctx.mightMatch(x, contains)).length < minC;
    const valid = ctx.valid(rest);
    const value = (valid && ctx.filter(valid, few)) ?? fc.constant([]);
    return [{ keyword: 'contains', value: minC === 1 ? fc.oneof(fc.constant([]), value) : value }];
  },
  boundary(s) {
    if (s.contains === undefined || !appliesTo(s, 'array') || (num(s, 'minContains') ?? 1) < 1) return [];
    return [{ keyword: 'contains', value: [], label: 'no item matching contains' }];
  },
};
