import fc from 'fast-check';
import { codePointString } from '../_internals/code-points';
import { appliesTo, firstValid } from '../_internals/mutation-support';
import { num } from '../_internals/schema-types';
import type { Mutation } from './types';

/** A string shorter than `minLength` (in code points), matching the pattern when it can. */
export const minLengthViolated: Mutation = {
  id: 'min-length-violated',
  keywords: ['minLength'],
  candidates(s, ctx) {
    const min = num(s, 'minLength');
    if (min === undefined || min < 1 || !appliesTo(s, 'string')) return [];
    const short = Math.ceil(min) - 1;
    // Pattern/format-shaped strings break only the length; plain ones need no second generator.
    const shaped = s.pattern === undefined && s.format === undefined ? undefined : ctx.valid({ ...s, type: 'string', minLength: 0, maxLength: short });
    const free = codePointString(0, short);
    return [{ keyword: 'minLength', value: shaped ? fc.oneof(shaped, free) : free }];
  },
  boundary(s, ctx) {
    const min = num(s, 'minLength');
    if (min === undefined || min < 1 || !appliesTo(s, 'string')) return [];
    const n = Math.ceil(min) - 1;
    const value = firstValid(ctx, { ...s, type: 'string', minLength: n, maxLength: n }) ?? 'a'.repeat(n);
    return [{ keyword: 'minLength', value, label: `length ${n}, just below minLength ${min}` }];
  },
};
