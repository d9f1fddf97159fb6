import { afterAll, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * Activating a predefined organization blocklist host again answers 201 with the id the run already holds and
 * re-enables its rule: an upsert, not a second resource. With this seed the stateful phase creates, disables,
 * creates again and reads the list; a model that kept the earlier "enabled: false" reported update-persisted
 * on the correct server (the engine before 69282e2 did, on this exact slice).
 */
let server: RunningReferenceServer | undefined;
afterAll(async () => {
  await server?.close();
});

it('the correct server, on a create that re-activates what the sequence holds: exit 0, no finding, the lifecycle checks ran', async () => {
  server = await startReferenceServer({});
  const run = await runCli(
    ['--include', 'addOrgBlocklistEntry,getOrgBlocklist,toggleOrgBlocklistRule,removeOrgBlocklistRule', '--seed', '1879336107'],
    { env: targetEnv(server) },
  );
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.report!.findings).toEqual([]);
  const op = run.report!.operations.find((o) => o.operationId === 'addOrgBlocklistEntry')!;
  expect(op.checks['update-persisted']!.passed).toBeGreaterThan(0);
});
