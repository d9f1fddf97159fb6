import fc from 'fast-check';
import { appliesTo, withKey } from '../_internals/mutation-support';
import { num, type SchemaObject } from '../_internals/schema-types';
import type { Mutation, MutationContext } from './types';

/** Objects with `n` properties or more: valid ones when the schema allows, else padded with `extra<i>` keys. */
function atLeast(s: SchemaObject, ctx: MutationContext, n: number): fc.Arbitrary<unknown> | undefined {
  const loose: SchemaObject = { ...s, type: 'object', minProperties: n };
  delete loose.maxProperties;
  const shaped = ctx.valid(loose);
  if (shaped) return shaped;
  const strict = ctx.valid({ ...s, type: 'object' });
  return strict?.map((o) => {
    let out = withKey(o, 'extra0', 0);
    for (let i = 1; Object.keys(out).length < n; i++) out = withKey(out, `extra${i}`, i);
    return out;
  });
}

/** An object with more properties than `maxProperties`. */
export const maxPropertiesExceeded: Mutation = {
  id: 'max-properties-exceeded',
  keywords: ['maxProperties'],
  candidates(s, ctx) {
    const max = num(s, 'maxProperties');
    if (max === undefined || max < 0 || !appliesTo(s, 'object')) return [];
    const value = atLeast(s, ctx, Math.floor(max) + 1);
    return value ? [{ keyword: 'maxProperties', value }] : [];
  },
  boundary(s, ctx) {
    const max = num(s, 'maxProperties');
    if (max === undefined || max < 0 || !appliesTo(s, 'object')) return [];
    const arb = atLeast(s, ctx, Math.floor(max) + 1);
    const value = arb && fc.sample(arb, { numRuns: 1, seed: 42 })[0];
    return value === undefined ? [] : [{ keyword: 'maxProperties', value, label: `more than maxProperties ${max}` }];
  },
};
