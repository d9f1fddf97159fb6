#!/usr/bin/env node
// Entry point of `onecli-conformance` and `npm test`: runs the compiled CLI (dist/, `npm run build`); an
// installed package only has dist/. In a checkout whose sources are newer than dist/ (or without dist/), it
// runs the TypeScript sources instead, so that what runs is always what the sources say.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Output piped into a reader that stops early (`--plan | head`): stop quietly, as other CLIs do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
let entry = cli;
if (existsSync(join(root, 'src')) && stale(cli)) {
  // A checkout whose sources changed since the last build: run the sources themselves (through tsx), never a
  // stale bundle; `npm run build` brings dist/ up to date. dist/ is not rebuilt here, so that runs started at
  // the same time never see it half replaced.
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(root, 'src', 'cli', 'main.ts');
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
// An interrupted run may leave vitest's workers behind; what had to be undone is done by now.
if (process.exitCode === 130) process.exit(130);

/** Whether a source file is newer than the bundle (or there is no bundle). */
function stale(bundle) {
  if (!existsSync(bundle)) return true;
  const builtAt = statSync(bundle).mtimeMs;
  const newer = (dir) =>
    readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name !== 'node_modules' && newer(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && statSync(path).mtimeMs > builtAt;
    });
  return ['src', 'generators', 'specs', 'reference-server'].some((dir) => existsSync(join(root, dir)) && newer(join(root, dir)));
}
