import fc from 'fast-check';
import { codePointLength } from '../_internals/code-points';
import { formatBreakingString, formatCheck, nearMisses } from '../_internals/formats';
import { appliesTo } from '../_internals/mutation-support';
import { num } from '../_internals/schema-types';
import type { Mutation } from './types';

const INT32_MISSES = [2 ** 31, -(2 ** 31) - 1];

/** A value failing `format` as ajv-formats checks it: near misses (`2024-13-01`), then random strings. */
export const formatBroken: Mutation = {
  id: 'format-broken',
  keywords: ['format'],
  candidates(s, ctx) {
    const check = formatCheck(s.format);
    if (!check) return [];
    if (check.type === 'number') {
      return s.format === 'int32' && appliesTo(s, 'integer') ? [{ keyword: 'format', value: fc.constantFrom(...INT32_MISSES) }] : [];
    }
    if (!appliesTo(s, 'string')) return [];
    const min = num(s, 'minLength') ?? 0;
    const max = num(s, 'maxLength') ?? Infinity;
    const broken = formatBreakingString(s.format as string);
    const value = ctx.filter(broken, (v) => codePointLength(v) >= min && codePointLength(v) <= max) ?? broken;
    return [{ keyword: 'format', value }];
  },
  boundary(s) {
    const check = formatCheck(s.format);
    if (!check) return [];
    if (check.type === 'number') {
      return s.format === 'int32' && appliesTo(s, 'integer') ? INT32_MISSES.map((value) => ({ keyword: 'format', value, label: 'just outside int32' })) : [];
    }
    if (!appliesTo(s, 'string')) return [];
    return nearMisses(s.format as string)
      .slice(0, 3)
      .map((value) => ({ keyword: 'format', value, label: `not a ${s.format}` }));
  },
};
