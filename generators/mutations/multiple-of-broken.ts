import fc from 'fast-check';
import { appliesTo, firstValid, integerOnly } from '../_internals/mutation-support';
import { isMultipleOf } from '../_internals/numbers';
import { num, type SchemaObject } from '../_internals/schema-types';
import type { Mutation } from './types';

/** What to add to a multiple so it is not one: 1 for integer steps of at least 2, else half a step. */
function offset(s: SchemaObject, m: number): number {
  return integerOnly(s) && Number.isInteger(m) && m >= 2 ? 1 : m / 2;
}

/** A number within the other bounds, off the `multipleOf` grid (a valid multiple plus an offset). */
export const multipleOfBroken: Mutation = {
  id: 'multiple-of-broken',
  keywords: ['multipleOf'],
  candidates(s, ctx) {
    const m = num(s, 'multipleOf');
    if (m === undefined || m <= 0 || !appliesTo(s, 'number')) return [];
    const numeric = { ...s, type: integerOnly(s) ? 'integer' : 'number' };
    const base = ctx.valid(numeric) ?? fc.integer({ min: -1000, max: 1000 }).map((k) => k * m);
    const d = offset(s, m);
    const value = ctx.filter(
      base.map((v) => (v as number) + d),
      (v) => Number.isFinite(v) && !isMultipleOf(v, m),
    );
    return value ? [{ keyword: 'multipleOf', value }] : [];
  },
  boundary(s, ctx) {
    const m = num(s, 'multipleOf');
    if (m === undefined || m <= 0 || !appliesTo(s, 'number')) return [];
    const v = firstValid(ctx, { ...s, type: integerOnly(s) ? 'integer' : 'number' });
    const value = (typeof v === 'number' ? v : m) + offset(s, m);
    return isMultipleOf(value, m) ? [] : [{ keyword: 'multipleOf', value, label: `off the multipleOf ${m} grid` }];
  },
};
