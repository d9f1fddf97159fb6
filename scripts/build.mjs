#!/usr/bin/env node
// `npm run build` (also run by `prepare` and `prepack`): bundles the CLI, the library entry and the
// conformance spec into dist/ as plain JavaScript, so that a run starts without a TypeScript loader. esbuild
// (what vite and tsx use underneath) bundles; every package stays external. Types: dist/types (tsc).
import { spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const started = performance.now();
// Built beside dist/ and swapped in, so that a run starting meanwhile finds the old bundle or the new one.
const staging = join(root, `dist.${process.pid}`);
rmSync(staging, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/cli/main.ts',
    index: 'src/index.ts',
    'specs/conformance.spec': 'specs/conformance.spec.ts',
    'specs/global-setup': 'specs/_setup/global-setup.ts',
  },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
});
if (!process.argv.includes('--no-types')) {
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', join(staging, 'types')],
    { cwd: root, stdio: 'inherit' },
  );
  if (tsc.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    process.exit(tsc.status ?? 1);
  }
}
const old = join(root, `dist.old.${process.pid}`);
if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
renameSync(staging, join(root, 'dist'));
rmSync(old, { recursive: true, force: true });
if (!quiet) process.stdout.write(`built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
