import fc from 'fast-check';
import { codePointChar, codePointString } from '../_internals/code-points';
import { appliesTo, firstValid } from '../_internals/mutation-support';
import { num } from '../_internals/schema-types';
import type { Mutation } from './types';

/** A string longer than `maxLength` (in code points), matching the pattern when it can. */
export const maxLengthExceeded: Mutation = {
  id: 'max-length-exceeded',
  keywords: ['maxLength'],
  candidates(s, ctx) {
    const max = num(s, 'maxLength');
    if (max === undefined || max < 0 || !appliesTo(s, 'string')) return [];
    const over = Math.floor(max) + 1;
    // One code point repeated keeps long strings cheap; the tail varies the length and content.
    const free = fc.tuple(codePointChar, codePointString(1, 3)).map(([c, tail]) => c.repeat(over - 1) + tail);
    // Pattern/format-shaped strings break only the length; plain ones need no second generator.
    const shaped = s.pattern === undefined && s.format === undefined ? undefined : ctx.valid({ ...s, type: 'string', minLength: over, maxLength: over + 2 });
    return [{ keyword: 'maxLength', value: shaped ? fc.oneof(shaped, free) : free }];
  },
  boundary(s, ctx) {
    const max = num(s, 'maxLength');
    if (max === undefined || max < 0 || !appliesTo(s, 'string')) return [];
    const n = Math.floor(max) + 1;
    const value = firstValid(ctx, { ...s, type: 'string', minLength: n, maxLength: n }) ?? 'a'.repeat(n);
    return [
      { keyword: 'maxLength', value, label: `length ${n}, just above maxLength ${max}` },
      { keyword: 'maxLength', value: '\u{1F600}'.repeat(n), label: `${n} astral code points, just above maxLength ${max}` },
    ];
  },
};
