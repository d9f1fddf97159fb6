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
          include: ['specs/**/*.spec.ts'],
          globalSetup: ['specs/_setup/global-setup.ts'],
          // Spec files share one module graph per worker, so the contract is parsed and compiled once per
          // worker, not once per tag. Their state is the run context (client, ledger), meant to be shared.
          isolate: false,
          pool: 'threads',
          testTimeout: 120_000,
          hookTimeout: 60_000,
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
