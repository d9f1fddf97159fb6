import type { PhaseResult } from '../runner/types';

/** What a conformance test hands the reporter (src/report/conformance-reporter.ts) in its meta. */
declare module 'vitest' {
  interface TaskMeta {
    conformance?: PhaseResult;
    /** Set when the engine could not go on (target gone, …); the CLI maps it to an exit code. */
    engineError?: { code: string; message: string };
    leftovers?: string[];
    givenAway?: string[];
    /** On the run's last test: why the run stopped early (--max-duration), and what it built (once each). */
    stopped?: string;
    built?: Record<string, number>;
    traffic?: { requests: number; transportRetries: number; rateLimitRetries: number };
  }
}
