import fc from 'fast-check';
import { declaredTypes } from '../_internals/schema-types';
import type { Mutation } from './types';

/** `null` where `type` does not allow it (the classic "nullable or not" disagreement). */
export const nullGiven: Mutation = {
  id: 'null-given',
  keywords: ['type'],
  candidates(s) {
    const types = declaredTypes(s);
    return types && !types.includes('null') ? [{ keyword: 'type', value: fc.constant(null) }] : [];
  },
  boundary(s) {
    const types = declaredTypes(s);
    return types && !types.includes('null') ? [{ keyword: 'type', value: null, label: 'null given' }] : [];
  },
};
