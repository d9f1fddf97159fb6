import type { Phase } from '../types';
import { authPhase } from './auth';
import { coveragePhase } from './coverage';
import { examplesPhase } from './examples';
import { headersPhase } from './headers';
import { methodsPhase } from './methods';
import { negativePhase } from './negative';
import { positivePhase } from './positive';
import { rolesPhase } from './roles';
import { statefulPhase } from './stateful';
import type { PlannedPhase } from './types';

/** Every phase, by name (runner/types.ts PHASES gives the order they run in). */
export const PLANNED: Record<Phase, PlannedPhase> = {
  // what the docs show
  examples: examplesPhase,
  // generated requests (generated-plan.ts)
  coverage: coveragePhase,
  positive: positivePhase,
  negative: negativePhase,
  auth: authPhase,
  // one request with other credentials
  headers: headersPhase,
  roles: rolesPhase,
  // other methods, and sequences of other operations
  methods: methodsPhase,
  stateful: statefulPhase,
};
