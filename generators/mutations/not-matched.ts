import { firstValid } from '../_internals/mutation-support';
import type { JsonSchema, SchemaObject } from '../_internals/schema-types';
import type { Mutation } from './types';

/** The rest of the schema together with the `not` sub-schema: values `not` rejects. */
function matchingNot(s: SchemaObject): JsonSchema {
  const rest = { ...s };
  delete rest.not;
  return { allOf: [rest, s.not as JsonSchema] };
}

/** A value matching the `not` sub-schema (and the rest of the schema when possible). */
export const notMatched: Mutation = {
  id: 'not-matched',
  keywords: ['not'],
  candidates(s, ctx) {
    if (s.not === undefined) return [];
    const value = ctx.valid(matchingNot(s)) ?? ctx.valid(s.not as JsonSchema);
    return value ? [{ keyword: 'not', value }] : [];
  },
  boundary(s, ctx) {
    if (s.not === undefined) return [];
    const value = firstValid(ctx, matchingNot(s)) ?? firstValid(ctx, s.not as JsonSchema);
    return value === undefined ? [] : [{ keyword: 'not', value, label: 'matching the not schema' }];
  },
};
