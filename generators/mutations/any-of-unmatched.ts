import { branchMiss } from '../_internals/mutation-support';
import type { Mutation } from './types';

/** A value matching no `anyOf` branch (certainly: the evaluator over-approximates matches). */
export const anyOfUnmatched: Mutation = {
  id: 'any-of-unmatched',
  keywords: ['anyOf'],
  candidates: (s, ctx) => branchMiss(s, ctx, 'anyOf'),
};
