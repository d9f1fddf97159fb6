import { branchMiss } from '../_internals/mutation-support';
import type { Mutation } from './types';

/** A value matching no `oneOf` branch (certainly: the evaluator over-approximates matches). */
export const oneOfUnmatched: Mutation = {
  id: 'one-of-unmatched',
  keywords: ['oneOf'],
  candidates: (s, ctx) => branchMiss(s, ctx, 'oneOf'),
};
