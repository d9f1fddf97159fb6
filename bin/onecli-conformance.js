#!/usr/bin/env node
// Entry point of `onecli-conformance` and `npm test`: loads the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
