import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { loadContract } from '../src/contract/load';
import type { Operation } from '../src/contract/types';
import { HttpClient } from '../src/http/client';
import { authFor, type Credentials } from '../src/runner/credentials';
import { itemSchemaOf, resourceGraph } from '../src/stateful/graph';
import { listedItems } from '../src/stateful/read-back';
import { pathParamsOf } from '../src/stateful/resources';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * Safety on servers the run does not own: a --read-only run sends no unsafe method (counted by the server),
 * --allow-destructive is what lets an external target get a call that changes state the run did not make,
 * and a full run leaves the server holding exactly what it held before (every collection listed with the
 * project, organization-admin and partner keys, before and after).
 */
const contract = await loadContract('openapi.yaml');
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(): Promise<RunningReferenceServer> {
  const s = await startReferenceServer({});
  servers.push(s);
  return s;
}

function credentialsOf(s: RunningReferenceServer): Credentials {
  return { apiKey: s.keys.projectKey, orgKey: s.keys.orgKey, projectId: s.keys.projectId, partnerKey: s.keys.partnerKey };
}

/** The ids of each item of a list answer (its first id-like field, else the item itself as JSON). */
function idsOf(body: unknown): string[] {
  const items = listedItems(body) ?? [];
  return items
    .map((item) => {
      if (item === null || typeof item !== 'object') return JSON.stringify(item);
      const o = item as Record<string, unknown>;
      const key = ['id', 'ruleId', 'userId', 'secretId', 'agentId', 'organizationId', 'hostId'].find((k) => typeof o[k] === 'string');
      return key ? `${key}=${o[key] as string}` : JSON.stringify(o);
    })
    .sort();
}

/**
 * Every collection of the contract, listed: each GET whose 200 answer is a list, its path parameter (one at
 * most) filled with every value the parent collection lists (blocklists of each provider, projects of each
 * partner organization). Keyed by the path read.
 */
async function listEverything(s: RunningReferenceServer): Promise<Map<string, string[]>> {
  const client = new HttpClient(s.baseUrl);
  const credentials = credentialsOf(s);
  const graph = resourceGraph(contract.operations, contract.document);
  const lists = contract.operations.filter((o) => o.method === 'GET' && o.availability.cloud && itemSchemaOf(undefined, o) !== undefined);
  const read = async (op: Operation, path: string): Promise<unknown> => {
    const auth = authFor(op, credentials);
    if ('missing' in auth) throw new Error(`${op.operationId}: ${auth.missing}`);
    const res = await client.send({ method: 'GET', path, headers: auth.headers });
    return res.status === 200 ? res.json : { status: res.status };
  };
  const listing = new Map<string, string[]>();
  for (const op of lists.filter((o) => pathParamsOf(o).length === 0)) listing.set(op.path, idsOf(await read(op, op.path)));
  for (const op of lists.filter((o) => pathParamsOf(o).length === 1)) {
    const [param] = pathParamsOf(op);
    const edge = graph.edges.find((e) => e.consumer === op && e.param === param)!;
    const parent = edge.via === 'list' ? edge.producer : contract.operations.find((o) => o.method === 'GET' && o.path === edge.producer.path)!;
    const items = listedItems(await read(parent, parent.path)) ?? [];
    for (const item of items) {
      const value = edge.fields.map((f) => (item as Record<string, unknown>)[f]).find((v) => typeof v === 'string') as string | undefined;
      if (!value) continue;
      const path = op.path.replace(`{${param}}`, encodeURIComponent(value));
      listing.set(path, idsOf(await read(op, path)));
    }
  }
  await client.close();
  return listing;
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
  }, 360_000);

  it('a refused operation is only probed (paths that name nothing); --allow-destructive lets an external target get it, and the default agent is put back', async () => {
    const s = await server();
    const auth = { authorization: `Bearer ${s.keys.projectKey}` };
    const client = new HttpClient(s.baseUrl);
    const defaultAgent = async () => ((await client.send({ method: 'GET', path: '/agents/default', headers: auth })).json as { id: string }).id;
    const before = await defaultAgent();
    const refused = await runCli(['--include', 'setDefaultAgent', '--examples', '3'], { env: targetEnv(s) });
    expect(refused.code, refused.stderr).toBe(0);
    const probed = refused.report!.operations.find((o) => o.operationId === 'setDefaultAgent')!;
    // Probed: sent, but only to agents that do not exist, so every answer is a refusal and nothing changed.
    expect(probed.status).toBe('exercised');
    expect(probed.requests).toBeGreaterThan(0);
    expect(probed.reached2xx).toBe(false);
    expect(Object.keys(probed.statuses).every((s) => s === '404' || s === '401'), JSON.stringify(probed.statuses)).toBe(true);
    expect(await defaultAgent()).toBe(before);
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

  it('after a full run as an external target, every collection lists exactly what it listed before', async () => {
    const s = await server();
    const before = await listEverything(s);
    expect(before.size).toBeGreaterThan(30);
    const cli = await runCli(['--examples', '5', '--seed', '77'], { env: targetEnv(s), timeoutMs: 300_000 });
    expect(cli.code, `${cli.stderr}\n${cli.stdout.slice(-1500)}`).toBe(0);
    expect(cli.report!.leftovers).toEqual([]);
    expect(cli.report!.givenAway).toEqual([]);
    expect(cli.report!.requests).toBeGreaterThan(1000);
    const after = await listEverything(s);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
  }, 360_000);
});
