import { appliesTo, firstValid } from '../_internals/mutation-support';
import { num, setOwn } from '../_internals/schema-types';
import type { Mutation } from './types';

function truncate(o: unknown, n: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof o === 'object' && o !== null && !Array.isArray(o)) {
    for (const k of Object.keys(o).slice(0, n)) setOwn(out, k, (o as Record<string, unknown>)[k]);
  }
  return out;
}

/** An object with fewer properties than `minProperties` (a valid one, truncated). */
export const minPropertiesViolated: Mutation = {
  id: 'min-properties-violated',
  keywords: ['minProperties'],
  candidates(s, ctx) {
    const min = num(s, 'minProperties');
    if (min === undefined || min < 1 || !appliesTo(s, 'object')) return [];
    const valid = ctx.valid({ ...s, type: 'object' });
    const n = Math.ceil(min) - 1;
    return valid ? [{ keyword: 'minProperties', value: valid.map((o) => truncate(o, n)) }] : [];
  },
  boundary(s, ctx) {
    const min = num(s, 'minProperties');
    if (min === undefined || min < 1 || !appliesTo(s, 'object')) return [];
    const n = Math.ceil(min) - 1;
    const obj = firstValid(ctx, { ...s, type: 'object' });
    return obj === undefined ? [] : [{ keyword: 'minProperties', value: truncate(obj, n), label: `${n} properties, just below minProperties ${min}` }];
  },
};
