import { cloneJson } from '../_internals/json-equality';
import { appliesTo, firstValid } from '../_internals/mutation-support';
import { canonicalJson } from '../_internals/json-equality';
import { num, type SchemaObject } from '../_internals/schema-types';
import type { Mutation } from './types';

/** The array with its first item repeated: appended, or replacing the last item when at maxItems. */
function duplicate(arr: unknown[], maxItems: number | undefined): unknown[] {
  const copy = cloneJson(arr[0]);
  if (arr.length >= 2 && maxItems !== undefined && arr.length >= maxItems) return [...arr.slice(0, -1), copy];
  return [...arr, copy];
}

function hasDuplicates(v: unknown): boolean {
  return Array.isArray(v) && new Set(v.map(canonicalJson)).size !== v.length;
}

function base(s: SchemaObject): SchemaObject {
  return { ...s, type: 'array', uniqueItems: false, minItems: Math.max(1, num(s, 'minItems') ?? 0) };
}

/** An array with two equal items (deep equality, as Ajv compares). */
export const uniqueItemsBroken: Mutation = {
  id: 'unique-items-broken',
  keywords: ['uniqueItems'],
  candidates(s, ctx) {
    if (s.uniqueItems !== true || !appliesTo(s, 'array')) return [];
    const valid = ctx.valid(base(s));
    const value = valid && ctx.filter(valid.map((a) => duplicate(a as unknown[], num(s, 'maxItems'))), hasDuplicates);
    return value ? [{ keyword: 'uniqueItems', value }] : [];
  },
  boundary(s, ctx) {
    if (s.uniqueItems !== true || !appliesTo(s, 'array')) return [];
    const arr = firstValid(ctx, base(s));
    if (!Array.isArray(arr) || arr.length === 0) return [];
    return [{ keyword: 'uniqueItems', value: duplicate(arr, num(s, 'maxItems')), label: 'first item repeated' }];
  },
};
