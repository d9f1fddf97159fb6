#!/usr/bin/env node
// `npm run selftest`: the project's own tests (vitest project "self": unit tests, contract tests,
// faulty-server self-tests, a conformance run against the reference server). Prints vitest's output,
// then one closing line `N passed, N failed` counted from vitest's JSON report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'reports', 'selftest', 'vitest.json');
mkdirSync(dirname(out), { recursive: true });
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
// The CLI the self-tests spawn runs dist/: build it once here, not in each spawned run at once.
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--no-types', '--quiet'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const run = spawnSync(
  process.execPath,
  [vitest, 'run', '--project', 'self', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
if (!existsSync(out)) {
  console.log('0 passed, 1 failed');
  process.exit(run.status || 1);
}
const results = JSON.parse(readFileSync(out, 'utf8'));
// A file that fails before any test runs (import error, crash) counts as one failure.
const brokenFiles = results.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
const failed = results.numFailedTests + brokenFiles;
const skipped = results.numPendingTests + results.numTodoTests;
console.log(`${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status ?? 1);
