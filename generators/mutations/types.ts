import type fc from 'fast-check';
import type { ResolvedConstraints } from '../_internals/build-context';
import type { JsonSchema, SchemaObject } from '../_internals/schema-types';

/** Mutation ids name the keyword broken and the direction: `max-length-exceeded`, `required-missing`. */
export type MutationId =
  // any type
  | 'type-changed'
  | 'null-given'
  | 'enum-miss'
  | 'const-miss'
  | 'not-matched'
  | 'any-of-unmatched'
  | 'one-of-unmatched'
  // string
  | 'min-length-violated'
  | 'max-length-exceeded'
  | 'pattern-broken'
  | 'format-broken'
  // number
  | 'minimum-violated'
  | 'maximum-violated'
  | 'multiple-of-broken'
  // array
  | 'min-items-violated'
  | 'max-items-exceeded'
  | 'unique-items-broken'
  | 'contains-missing'
  | 'additional-item-added'
  // object
  | 'required-missing'
  | 'additional-property-added'
  | 'min-properties-violated'
  | 'max-properties-exceeded'
  | 'dependent-required-missing'
  | 'property-name-broken';

/** What a mutation may use while building broken values for one (flat) schema. */
export interface MutationContext {
  /** JSON pointer of the schema being broken. */
  readonly pointer: string;
  readonly options: ResolvedConstraints;
  /** Valid values for a schema at this position; undefined when none can be generated. */
  valid(schema: JsonSchema): fc.Arbitrary<unknown> | undefined;
  /** `arb.filter(predicate)`, or undefined when a fixed probe finds no value passing it. */
  filter<T>(arb: fc.Arbitrary<T>, predicate: (v: T) => boolean): fc.Arbitrary<T> | undefined;
  /**
   * Whether `value` might match `schema` (the generators' evaluator; keywords it does not implement
   * count as matching, so `!mightMatch` is certain).
   */
  mightMatch(value: unknown, schema: JsonSchema): boolean;
  /**
   * Whether `value` certainly matches `schema` (the same evaluator; keywords it does not implement count
   * as not matching, so `matches` is certain).
   */
  matches(value: unknown, schema: JsonSchema): boolean;
}

/** One way of breaking one keyword: the keyword as Ajv reports it, and the broken values. */
export interface MutationCandidate {
  readonly keyword: string;
  readonly value: fc.Arbitrary<unknown>;
}

/** A deterministic broken value, for boundary coverage. */
export interface BoundaryCandidate {
  readonly keyword: string;
  readonly value: unknown;
  readonly label: string;
}

/**
 * A kind of mutation: id and keywords first, then the candidates for a flat schema (no `$ref`/`allOf`
 * at its top level). Candidates need not be invalid for sure: `invalidValue` keeps only values the
 * validator rejects; but each candidate must break its `keyword` whenever it is invalid.
 */
export interface Mutation {
  readonly id: MutationId;
  /** Keywords this mutation breaks. */
  readonly keywords: readonly string[];
  candidates(schema: SchemaObject, ctx: MutationContext): MutationCandidate[];
  /** Values just outside the keyword's bound (deterministic); by default the boundary set samples `candidates`. */
  boundary?(schema: SchemaObject, ctx: MutationContext): BoundaryCandidate[];
}
