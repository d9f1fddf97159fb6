import { nearMiss, valueOutside } from '../_internals/mutation-support';
import type { Mutation } from './types';

/** A value other than `const`, of a type the rest of the schema accepts when possible. */
export const constMiss: Mutation = {
  id: 'const-miss',
  keywords: ['const'],
  candidates(s, ctx) {
    if (!('const' in s)) return [];
    const value = valueOutside([s.const], s, ctx, 'const');
    return value ? [{ keyword: 'const', value }] : [];
  },
  boundary(s) {
    if (!('const' in s)) return [];
    return [{ keyword: 'const', value: nearMiss([s.const]), label: 'other than the const' }];
  },
};
