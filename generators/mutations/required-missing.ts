import { appliesTo, firstValid, withoutKey } from '../_internals/mutation-support';
import { stringList } from '../_internals/schema-types';
import type { Mutation } from './types';

/** A valid object with one required property removed (one candidate per required property). */
export const requiredMissing: Mutation = {
  id: 'required-missing',
  keywords: ['required'],
  candidates(s, ctx) {
    const required = [...new Set(stringList(s.required))];
    if (required.length === 0 || !appliesTo(s, 'object')) return [];
    const valid = ctx.valid({ ...s, type: 'object' });
    if (!valid) return [];
    return required.map((key) => ({ keyword: 'required', value: valid.map((o) => withoutKey(o, key)) }));
  },
  boundary(s, ctx) {
    const required = [...new Set(stringList(s.required))];
    if (required.length === 0 || !appliesTo(s, 'object')) return [];
    const obj = firstValid(ctx, { ...s, type: 'object' });
    if (obj === undefined) return [];
    return required.map((key) => ({ keyword: 'required', value: withoutKey(obj, key), label: `required ${JSON.stringify(key)} missing` }));
  },
};
