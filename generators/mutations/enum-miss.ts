import { nearMiss, valueOutside } from '../_internals/mutation-support';
import type { Mutation } from './types';

/** A value outside `enum`, of a type the rest of the schema accepts when possible. */
export const enumMiss: Mutation = {
  id: 'enum-miss',
  keywords: ['enum'],
  candidates(s, ctx) {
    if (!Array.isArray(s.enum)) return [];
    const value = valueOutside(s.enum, s, ctx, 'enum');
    return value ? [{ keyword: 'enum', value }] : [];
  },
  boundary(s) {
    if (!Array.isArray(s.enum)) return [];
    return [{ keyword: 'enum', value: nearMiss(s.enum), label: 'just outside the enum' }];
  },
};
