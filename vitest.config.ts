import { defineConfig } from 'vitest/config';

// Two projects:
// - "conformance": the specs/ that test a target (or the embedded reference server) against the contract;
// - "self": the project's own tests, beside the code they test (**/*.test.ts).
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'conformance',
          // One spec file: the whole run is one engine (src/runner/engine.ts) in one worker, which builds the
          // contract, its compiled schemas, the connection pools, the binder and the ledger once, and runs the
          // selected tests side by side. Its tests only await their phase's result.
          include: ['specs/conformance.spec.ts'],
          globalSetup: ['specs/_setup/global-setup.ts'],
          pool: 'threads',
          // A test waits for its phase, which may wait for its lane; the run's own budgets (--timeout,
          // --max-duration) bound it, not vitest's.
          testTimeout: 0,
          hookTimeout: 0,
        },
      },
      {
        extends: true,
        test: {
          name: 'self',
          include: ['**/*.test.ts'],
          exclude: ['node_modules/**', 'reports/**'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
