import type fc from 'fast-check';
import type { MutationContext } from '../mutations/types';
import type { BuildContext } from './build-context';
import { buildValue } from './builders/schema-value';
import { guardedFilter } from './guarded-filter';
import { SchemaGenerationError } from './schema-generation-error';
import { matchesSchema } from './schema-match';
import type { JsonSchema } from './schema-types';

/** The helpers a mutation gets for the schema at `ctx` (valid values at the same depth, guarded filters). */
export function mutationContext(ctx: BuildContext): MutationContext {
  return {
    pointer: ctx.pointer,
    options: ctx.options,
    valid(schema: JsonSchema) {
      try {
        return buildValue(schema, ctx);
      } catch (e) {
        if (e instanceof SchemaGenerationError) return undefined;
        throw e;
      }
    },
    filter<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => boolean) {
      try {
        return guardedFilter(arb, predicate, ctx.pointer, 'a mutation');
      } catch (e) {
        if (e instanceof SchemaGenerationError) return undefined;
        throw e;
      }
    },
    mightMatch(value: unknown, schema: JsonSchema) {
      return matchesSchema(value, schema, { root: ctx.root, unsupported: true });
    },
    matches(value: unknown, schema: JsonSchema) {
      return matchesSchema(value, schema, { root: ctx.root, unsupported: false });
    },
  };
}
