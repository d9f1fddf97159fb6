import fc from 'fast-check';
import { appliesTo, firstValid, shortString, smallInteger } from '../_internals/mutation-support';
import type { SchemaObject } from '../_internals/schema-types';
import type { Mutation } from './types';

function fullPrefix(s: SchemaObject): SchemaObject {
  const n = (s.prefixItems as unknown[]).length;
  return { ...s, type: 'array', minItems: n, maxItems: n };
}

/** With `items: false`, one item past the prefixItems. */
export const additionalItemAdded: Mutation = {
  id: 'additional-item-added',
  keywords: ['items'],
  candidates(s, ctx) {
    if (s.items !== false || !Array.isArray(s.prefixItems) || !appliesTo(s, 'array')) return [];
    const valid = ctx.valid(fullPrefix(s));
    if (!valid) return [];
    return [{ keyword: 'items', value: fc.tuple(valid, fc.oneof(smallInteger, shortString)).map(([a, x]) => [...(a as unknown[]), x]) }];
  },
  boundary(s, ctx) {
    if (s.items !== false || !Array.isArray(s.prefixItems) || !appliesTo(s, 'array')) return [];
    const arr = firstValid(ctx, fullPrefix(s));
    return Array.isArray(arr) ? [{ keyword: 'items', value: [...arr, 'extra'], label: 'one item past prefixItems' }] : [];
  },
};
