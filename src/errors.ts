/**
 * Errors the engine raises on bad input or an unusable environment. Each carries a stable `code`;
 * callers branch on codes, never on messages, and the CLI maps codes to exit codes in one table.
 */
export type EngineErrorCode =
  | 'USAGE'
  | 'ENV_MALFORMED'
  | 'CONFIG_INVALID'
  | 'SPEC_UNREADABLE'
  | 'SPEC_INVALID'
  | 'TARGET_UNREACHABLE'
  | 'TARGET_UNUSABLE'
  /** `--max-duration` ran out: the run stopped sending, cleaned up and reported what it saw. */
  | 'DURATION_EXCEEDED'
  | 'INTERNAL';

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
  }
}
