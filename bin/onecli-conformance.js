#!/usr/bin/env node
// Entry point of `onecli-conformance` and `npm test`: loads the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

// Output piped into a reader that stops early (`--plan | head`): stop quietly, as other CLIs do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
// An interrupted run may leave vitest's workers behind; what had to be undone is done by now.
if (process.exitCode === 130) process.exit(130);
