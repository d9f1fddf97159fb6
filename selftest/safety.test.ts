import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { HttpClient } from '../src/http/client';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * Safety on servers the run does not own: a --read-only run sends no unsafe method (counted by the server),
 * and --allow-destructive is what lets an external target get a call that changes state the run did not make.
 */
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(): Promise<RunningReferenceServer> {
  const s = await startReferenceServer({});
  servers.push(s);
  return s;
}

describe.concurrent('safety on servers the run does not own', () => {
  it('--read-only sends GET only (counted by the server); every other operation is not applicable', async () => {
    const s = await server();
    const cli = await runCli(['--read-only', '--examples', '3', '--seed', '5'], { env: targetEnv(s), timeoutMs: 300_000 });
    expect(cli.code, cli.stderr).toBe(0);
    expect(Object.keys(s.requestsByMethod())).toEqual(['GET']);
    const report = cli.report!;
    expect(report.leftovers).toEqual([]);
    // (migrateExport is not served by the cloud edition, which says so first)
    for (const op of report.operations.filter((o) => o.method !== 'GET' && o.operationId !== 'migrateExport')) {
      expect(op, op.operationId).toMatchObject({ status: 'not-applicable', detail: 'read-only run', requests: 0 });
    }
    const gets = report.operations.filter((o) => o.method === 'GET');
    expect(gets.filter((o) => o.status === 'exercised').length).toBeGreaterThan(45);
    expect(gets.every((o) => o.phases.methods?.notRun?.detail === 'read-only run (the methods phase sends unsafe methods)' || o.status !== 'exercised')).toBe(true);
    // path parameters are bound to what the server lists, not to resources the run would create
    expect(report.operations.find((o) => o.operationId === 'getProject')!.reached2xx).toBe(true);
  });

  it('--allow-destructive lets an external target get an operation the safety rule refuses; the default agent is put back', async () => {
    const s = await server();
    const auth = { authorization: `Bearer ${s.keys.projectKey}` };
    const client = new HttpClient(s.baseUrl);
    const defaultAgent = async () => ((await client.send({ method: 'GET', path: '/agents/default', headers: auth })).json as { id: string }).id;
    const before = await defaultAgent();
    const refused = await runCli(['--include', 'setDefaultAgent', '--examples', '3'], { env: targetEnv(s) });
    expect(refused.code, refused.stderr).toBe(0);
    expect(refused.report!.operations.find((o) => o.operationId === 'setDefaultAgent')).toMatchObject({ status: 'not-covered', requests: 0 });
    const allowed = await runCli(['--include', 'setDefaultAgent', '--examples', '3', '--allow-destructive', 'setDefaultAgent'], { env: targetEnv(s) });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.report!.operations.find((o) => o.operationId === 'setDefaultAgent')).toMatchObject({ status: 'exercised', reached2xx: true });
    expect(allowed.report!.leftovers).toEqual([]);
    expect(await defaultAgent()).toBe(before);
    await client.close();
  });

  it('--allow-destructive names operations of the contract (exit 2 otherwise)', async () => {
    const cli = await runCli(['--plan', '--allow-destructive', 'dropDatabase']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('--allow-destructive names no operation of the contract: dropDatabase');
  });
});
