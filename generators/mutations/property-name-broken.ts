import fc from 'fast-check';
import { appliesTo, firstValid, shortString, withKey } from '../_internals/mutation-support';
import type { JsonSchema } from '../_internals/schema-types';
import type { Mutation } from './types';

const EDGE_NAMES = ['', ' ', 'with space', 'UPPER', '1leading', '-dash', 'x'.repeat(100), 'é'];

/** A valid object plus one key that `propertyNames` rejects. */
export const propertyNameBroken: Mutation = {
  id: 'property-name-broken',
  keywords: ['propertyNames'],
  candidates(s, ctx) {
    if (s.propertyNames === undefined || !appliesTo(s, 'object')) return [];
    const names = s.propertyNames as JsonSchema;
    const key = ctx.filter(fc.oneof(fc.constantFrom(...EDGE_NAMES), shortString), (k) => k !== '__proto__' && !ctx.mightMatch(k, names));
    const valid = ctx.valid({ ...s, type: 'object' });
    if (!key || !valid) return [];
    return [{ keyword: 'propertyNames', value: fc.tuple(valid, key).map(([o, k]) => withKey(o, k, 0)) }];
  },
  boundary(s, ctx) {
    if (s.propertyNames === undefined || !appliesTo(s, 'object')) return [];
    const names = s.propertyNames as JsonSchema;
    const key = EDGE_NAMES.find((k) => !ctx.mightMatch(k, names));
    const obj = firstValid(ctx, { ...s, type: 'object' });
    return key === undefined || obj === undefined ? [] : [{ keyword: 'propertyNames', value: withKey(obj, key, 0), label: `property name ${JSON.stringify(key)}` }];
  },
};
