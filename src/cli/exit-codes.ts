import type { EngineErrorCode } from '../errors';

/** Exit codes of `onecli-conformance` and `npm test`; stable, documented in the README. */
export const EXIT = {
  CONFORMS: 0,
  DOES_NOT_CONFORM: 1,
  USAGE: 2,
  CONTRACT_INVALID: 3,
  TARGET_UNREACHABLE: 4,
  INTERNAL: 5,
  /** Ctrl-C or SIGTERM: the run stopped (after undoing what it made on an external target); no report. */
  INTERRUPTED: 130,
} as const;

export const EXIT_FOR_CODE: Record<EngineErrorCode, number> = {
  USAGE: EXIT.USAGE,
  ENV_MALFORMED: EXIT.USAGE,
  CONFIG_INVALID: EXIT.USAGE,
  SPEC_UNREADABLE: EXIT.CONTRACT_INVALID,
  SPEC_INVALID: EXIT.CONTRACT_INVALID,
  TARGET_UNREACHABLE: EXIT.TARGET_UNREACHABLE,
  TARGET_UNUSABLE: EXIT.TARGET_UNREACHABLE,
  DURATION_EXCEEDED: EXIT.TARGET_UNREACHABLE,
  INTERNAL: EXIT.INTERNAL,
};
