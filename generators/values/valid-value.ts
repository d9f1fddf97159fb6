import type fc from 'fast-check';
import { resolveConstraints } from '../_internals/build-context';
import { buildValue } from '../_internals/builders/schema-value';
import type { JsonSchema } from '../_internals/schema-types';

export type { JsonSchema } from '../_internals/schema-types';

/** Constraints to apply when building {@link validValue}. */
export interface ValidValueConstraints {
  /**
   * Nesting depth past which objects only get their required properties and arrays their `minItems`
   * items (a cyclic schema stops there). The root value is depth 0.
   * @defaultValue 4
   */
  maxDepth?: number;
  /**
   * Cap on the number of items of arrays without `maxItems`, and on extra keys of free-form objects.
   * @defaultValue 3
   */
  maxItems?: number;
  /**
   * Cap on the length (code points) of strings without `maxLength`.
   * @defaultValue 24
   */
  maxLength?: number;
  /**
   * `'request'`: readOnly properties are never generated; `'response'`: writeOnly ones are never generated.
   * @defaultValue 'request'
   */
  context?: 'request' | 'response';
}

/**
 * Values valid against a JSON Schema (draft 2020-12, dereferenced; local `$ref`s are resolved against the
 * schema itself), as plain JSON values: no `undefined`, `NaN`, `Infinity` or `-0`.
 *
 * Optional properties are sometimes present, so shrinking removes them. String lengths count code
 * points, as Ajv does. Throws a `SchemaGenerationError` at build time, naming the JSON pointer, when the
 * schema is unsatisfiable (minimum above maximum, `false`…) or values cannot be found.
 */
export function validValue(schema: JsonSchema, constraints: ValidValueConstraints = {}): fc.Arbitrary<unknown> {
  const options = resolveConstraints(constraints);
  return buildValue(schema, { root: schema, pointer: '', depth: 0, options });
}
