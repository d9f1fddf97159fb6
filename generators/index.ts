// Public surface of the generators: an explicit list, no logic.
export { validValue } from './values/valid-value';
export type { JsonSchema, ValidValueConstraints } from './values/valid-value';
export { invalidValue } from './values/invalid-value';
export type { InvalidValue, InvalidValueConstraints } from './values/invalid-value';
export { boundaryValues } from './values/boundary-values';
export type { BoundaryValue, BoundaryValues } from './values/boundary-values';
export { mutations } from './mutations/index';
export type { Mutation, MutationId } from './mutations/index';
export { SchemaGenerationError } from './_internals/schema-generation-error';
export type { SchemaGenerationErrorCode } from './_internals/schema-generation-error';
