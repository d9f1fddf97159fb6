import { documentedSuccessSeen } from './documented-success-seen';
import type { RunLevelCheck } from './types';

/** Every run-level check, in the order reports list them; each runs only when named in --checks. */
export const runLevelChecks: RunLevelCheck[] = [
  // the documented responses were seen
  documentedSuccessSeen,
];
