import { conformanceSuite } from './_support/tag-suite';

// The whole run: every selected tag's operations and phases, scheduled together (specs/_support/tag-suite.ts).
await conformanceSuite();
