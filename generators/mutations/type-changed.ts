import fc from 'fast-check';
import { anyDouble, fraction, shortString, smallArray, smallInteger, smallObject } from '../_internals/mutation-support';
import { declaredTypes } from '../_internals/schema-types';
import type { Mutation } from './types';

/** A value of a type `type` does not allow (null apart: see `null-given`); numeric strings for numbers. */
export const typeChanged: Mutation = {
  id: 'type-changed',
  keywords: ['type'],
  candidates(s) {
    const types = declaredTypes(s);
    if (!types) return [];
    const wrong: Array<fc.Arbitrary<unknown>> = [];
    const numeric = types.includes('number') || types.includes('integer');
    if (!types.includes('string')) wrong.push(shortString);
    if (!numeric) wrong.push(smallInteger, anyDouble);
    else if (!types.includes('number')) wrong.push(fraction);
    if (!types.includes('boolean')) wrong.push(fc.boolean());
    if (!types.includes('array')) wrong.push(smallArray);
    if (!types.includes('object')) wrong.push(smallObject);
    return wrong.length === 0 ? [] : [{ keyword: 'type', value: fc.oneof(...wrong) }];
  },
  boundary(s) {
    const types = declaredTypes(s);
    if (!types) return [];
    const numeric = types.includes('number') || types.includes('integer');
    const out: Array<{ keyword: string; value: unknown; label: string }> = [];
    if (!types.includes('string')) out.push({ keyword: 'type', value: numeric ? '1' : 'text', label: 'string given' });
    if (!numeric) out.push({ keyword: 'type', value: 1, label: 'number given' });
    else if (!types.includes('number')) out.push({ keyword: 'type', value: 1.5, label: 'fraction given for integer' });
    if (!types.includes('boolean')) out.push({ keyword: 'type', value: true, label: 'boolean given' });
    if (!types.includes('array')) out.push({ keyword: 'type', value: [], label: 'array given' });
    if (!types.includes('object')) out.push({ keyword: 'type', value: {}, label: 'object given' });
    return out;
  },
};
