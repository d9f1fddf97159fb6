import { defineConfig } from 'vitest/config';

// The conformance project as the compiled package runs it (`npm run build`): the bundled spec in dist/, plain
// JavaScript, so that no TypeScript is transformed at run time. vitest.config.ts is the same project from the
// sources, and the project's own tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'conformance',
          include: ['dist/specs/conformance.spec.js'],
          // vitest leaves out dist/ by default; here it is where the spec is.
          exclude: [],
          globalSetup: ['dist/specs/global-setup.js'],
          pool: 'threads',
          testTimeout: 0,
          hookTimeout: 0,
        },
      },
    ],
  },
});
