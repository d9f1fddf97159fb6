import fc from 'fast-check';
import { codePointLength, codePointString } from '../_internals/code-points';
import { appliesTo } from '../_internals/mutation-support';
import { patternRegExp } from '../_internals/schema-match';
import { num } from '../_internals/schema-types';
import type { Mutation } from './types';

/** Strings that often break patterns: empty, blanks, separators, case, non-ASCII, markup. */
const EDGE_STRINGS = ['', ' ', '-', '_', '.', '!', 'A', 'a', '0', 'a b', ' a', 'a ', '\n', '\t', 'é', '\u{1F600}', '../', '<x>', "'", 'AAAA', 'aaaa', '0000', '----', 'a-', '-a', 'Aa0-_'];

/** A string the pattern rejects, within the length bounds when possible (so only the pattern is broken). */
export const patternBroken: Mutation = {
  id: 'pattern-broken',
  keywords: ['pattern'],
  candidates(s, ctx) {
    if (typeof s.pattern !== 'string' || !appliesTo(s, 'string')) return [];
    const re = patternRegExp(s.pattern);
    if (!re) return [];
    const min = num(s, 'minLength') ?? 0;
    const max = num(s, 'maxLength') ?? Math.max(min, ctx.options.maxLength);
    const lengthOk = (v: string) => codePointLength(v) >= min && codePointLength(v) <= max;
    const pool = fc.oneof(fc.constantFrom(...EDGE_STRINGS), codePointString(Math.min(min, max), max), codePointString(0, 8));
    const value = ctx.filter(pool, (v) => !re.test(v) && lengthOk(v)) ?? ctx.filter(pool, (v) => !re.test(v));
    return value ? [{ keyword: 'pattern', value }] : [];
  },
  boundary(s) {
    if (typeof s.pattern !== 'string' || !appliesTo(s, 'string')) return [];
    const re = patternRegExp(s.pattern);
    if (!re) return [];
    const min = num(s, 'minLength') ?? 0;
    const max = num(s, 'maxLength') ?? Infinity;
    const inBounds = EDGE_STRINGS.filter((v) => !re.test(v) && codePointLength(v) >= min && codePointLength(v) <= max);
    const padded = [`${'!'.repeat(Math.max(1, min))}`, ' '.repeat(Math.max(1, min))].filter((v) => !re.test(v) && codePointLength(v) <= max);
    const picks = [...inBounds.slice(0, 2), ...padded.slice(0, 1)];
    return picks.map((value) => ({ keyword: 'pattern', value, label: `not matching ${s.pattern}` }));
  },
};
