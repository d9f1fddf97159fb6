/**
 * Why a schema cannot be turned into an arbitrary.
 * - `SCHEMA_UNSATISFIABLE`: the schema provably admits no value (minLength above maxLength, `false`…);
 * - `SCHEMA_UNSUPPORTED`: the generators could not find values (a regex feature fast-check cannot
 *   generate from, filters too selective, an unresolvable `$ref`).
 */
export type SchemaGenerationErrorCode = 'SCHEMA_UNSATISFIABLE' | 'SCHEMA_UNSUPPORTED';

/** Thrown at build time, never while generating. `pointer` is a JSON pointer into the schema. */
export class SchemaGenerationError extends Error {
  readonly code: SchemaGenerationErrorCode;
  readonly pointer: string;
  readonly reason: string;

  constructor(code: SchemaGenerationErrorCode, pointer: string, reason: string) {
    const what = code === 'SCHEMA_UNSATISFIABLE' ? 'Unsatisfiable schema' : 'Cannot generate values for schema';
    super(`${what} at ${formatPointer(pointer)}: ${reason}`);
    this.name = 'SchemaGenerationError';
    this.code = code;
    this.pointer = pointer;
    this.reason = reason;
  }
}

export function formatPointer(pointer: string): string {
  return `#${pointer}`;
}

export function unsatisfiable(pointer: string, reason: string): SchemaGenerationError {
  return new SchemaGenerationError('SCHEMA_UNSATISFIABLE', pointer, reason);
}

export function unsupported(pointer: string, reason: string): SchemaGenerationError {
  return new SchemaGenerationError('SCHEMA_UNSUPPORTED', pointer, reason);
}
