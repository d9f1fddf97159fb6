import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { loadContract } from '../src/contract/load';
import type { Operation } from '../src/contract/types';
import { HttpClient } from '../src/http/client';
import { authFor, type Credentials } from '../src/runner/credentials';
import { itemSchemaOf, resourceGraph } from '../src/stateful/graph';
import { listedItems } from '../src/stateful/read-back';
import { pathParamsOf } from '../src/stateful/resources';
import { Journal } from '../src/runner/journal';
import { ROOT, runCli, targetEnv } from './_support/run-cli';

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

/** GET one path with the key the operation takes: the full answer, or its status when not 200. */
async function readFull(client: HttpClient, credentials: Credentials, operationId: string, path: string): Promise<unknown> {
  const op = contract.operations.find((o) => o.operationId === operationId)!;
  const auth = authFor(op, credentials);
  if ('missing' in auth) throw new Error(`${operationId}: ${auth.missing}`);
  const res = await client.send({ method: 'GET', path, headers: auth.headers });
  return res.status === 200 ? res.json : { status: res.status };
}

/**
 * Full answers of every settings-like read: the user, the default agent, the organization's settings, every
 * connection (project and organization), and per app of the catalogue its configuration and permissions at
 * project and organization scope.
 */
async function settingsOf(s: RunningReferenceServer): Promise<Record<string, unknown>> {
  const client = new HttpClient(s.baseUrl);
  const credentials = credentialsOf(s);
  const read = (id: string, path: string) => readFull(client, credentials, id, path);
  const apps = ((await read('listApps', '/apps')) as Array<{ id: string }>).map((a) => a.id);
  const out: Record<string, unknown> = {
    user: await read('getUser', '/user'),
    defaultAgent: await read('getDefaultAgent', '/agents/default'),
    orgSettings: await read('getOrgSettings', '/org/settings'),
    connections: await read('listConnections', '/connections'),
    orgConnections: await read('listOrgConnections', '/org/connections'),
    configured: await read('listConfiguredApps', '/apps/configured'),
    orgConfigured: await read('listOrgConfiguredProviders', '/org/apps/configured'),
  };
  for (const app of apps) {
    const p = encodeURIComponent(app);
    out[`config ${app}`] = await read('getAppConfig', `/apps/${p}/config`);
    out[`orgConfig ${app}`] = await read('getOrgAppConfig', `/org/apps/${p}/config`);
    out[`permissions ${app}`] = await read('getRulePermissions', `/rules/permissions/${p}`);
    out[`orgPermissions ${app}`] = await read('getAppPermissions', `/org/rules/permissions/${p}`);
  }
  await client.close();
  return out;
}

/**
 * State the run did not make and must not touch, on providers it would otherwise take: a project connection
 * and an organization connection (stripe), a project configuration (slack) and an organization one (gmail),
 * tool permissions of the first app that has them (project default and agent layers, organization), the
 * organization's policy mode changed from its default.
 */
async function seedForeignState(s: RunningReferenceServer): Promise<void> {
  const client = new HttpClient(s.baseUrl);
  const project = { authorization: `Bearer ${s.keys.projectKey}`, 'content-type': 'application/json' };
  const org = { authorization: `Bearer ${s.keys.orgKey}`, 'content-type': 'application/json' };
  const calls: Array<[string, string, Record<string, string>, unknown]> = [
    ['POST', '/apps/stripe/connect', project, { fields: { secretKey: 'sk_live_theirs' }, label: 'Theirs' }],
    ['POST', '/org/apps/stripe/connect', org, { fields: { secretKey: 'sk_live_org' }, label: 'Org' }],
    ['POST', '/apps/slack/config', project, { clientId: 'their-client', clientSecret: 'their-secret' }],
    ['POST', '/org/apps/gmail/config', org, { clientId: 'org-client', clientSecret: 'org-secret' }],
    ['PATCH', '/org/settings', org, { policyMode: 'deny' }],
  ];
  // a tool permission on the first app that has them, at project scope (default and one agent's layer) and organization scope
  const defs = (await client.send({ method: 'GET', path: '/apps/permission-definitions', headers: project })).json as Array<{ provider: string; groups: Array<{ tools: Array<{ id: string }> }> }>;
  const [def] = defs;
  const toolId = def!.groups[0]!.tools[0]!.id;
  const agentId = ((await client.send({ method: 'GET', path: '/agents/default', headers: project })).json as { id: string }).id;
  calls.push(
    ['PUT', `/rules/permissions/${def!.provider}`, project, { changes: [{ toolId, permission: 'block' }] }],
    ['PUT', `/rules/permissions/${def!.provider}`, project, { agentId, changes: [{ toolId, permission: 'allow' }] }],
    ['PUT', `/org/rules/permissions/${def!.provider}`, org, { changes: [{ toolId, permission: 'manual_approval' }] }],
  );
  for (const [method, path, headers, body] of calls) {
    const res = await client.send({ method, path, headers, body: JSON.stringify(body) });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
  }
  await client.close();
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

  it('a refused operation is only probed (paths that name nothing); --allow-destructive lets an external target get one', async () => {
    const s = await server();
    const refused = await runCli(['--include', 'submitApprovalDecision', '--examples', '3'], { env: targetEnv(s) });
    expect(refused.code, refused.stderr).toBe(0);
    const probed = refused.report!.operations.find((o) => o.operationId === 'submitApprovalDecision')!;
    // Probed: sent, but only to approvals that do not exist, so every answer is a refusal and nothing changed.
    expect(probed.status).toBe('exercised');
    expect(probed.requests).toBeGreaterThan(0);
    expect(probed.reached2xx).toBe(false);
    expect(Object.keys(probed.statuses).every((s) => ['400', '401', '404'].includes(s)), JSON.stringify(probed.statuses)).toBe(true);
    expect(Object.keys(probed.statuses)).toContain('404');
    const kept = await runCli(['--include', 'provisionUser', '--examples', '3'], { env: targetEnv(s) });
    expect(kept.report!.operations.find((o) => o.operationId === 'provisionUser')).toMatchObject({ status: 'not-covered', requests: 0 });
    const allowed = await runCli(['--include', 'provisionUser', '--examples', '3', '--allow-destructive', 'provisionUser'], { env: targetEnv(s) });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.report!.operations.find((o) => o.operationId === 'provisionUser')).toMatchObject({ status: 'exercised', reached2xx: true });
  });

  it('settings the run changes are read first, put back and read back: the default agent, the user, the policy mode', async () => {
    const s = await server();
    const before = await settingsOf(s);
    const cli = await runCli(['--include', 'setDefaultAgent,updateUser,updateOrgSettings', '--examples', '3'], { env: targetEnv(s) });
    expect(cli.code, cli.stderr).toBe(0);
    for (const id of ['setDefaultAgent', 'updateUser', 'updateOrgSettings']) {
      expect(cli.report!.operations.find((o) => o.operationId === id), id).toMatchObject({ status: 'exercised', reached2xx: true });
    }
    expect(cli.report!.leftovers).toEqual([]);
    expect(await settingsOf(s)).toEqual(before);
  });

  it('--allow-destructive names operations of the contract (exit 2 otherwise)', async () => {
    const cli = await runCli(['--plan', '--allow-destructive', 'dropDatabase']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('--allow-destructive names no operation of the contract: dropDatabase');
  });

  it('after a full run as an external target (no --allow-destructive), every collection and setting is as before, and ≥ 110 operations answered 2xx', async () => {
    const s = await server();
    await seedForeignState(s);
    const before = await listEverything(s);
    const settingsBefore = await settingsOf(s);
    expect(before.size).toBeGreaterThan(30);
    const cli = await runCli(['--examples', '10', '--seed', '4'], { env: targetEnv(s), timeoutMs: 300_000 });
    expect(cli.code, `${cli.stderr}\n${cli.stdout.slice(-1500)}`).toBe(0);
    expect(cli.report!.leftovers).toEqual([]);
    expect(cli.report!.givenAway).toEqual([]);
    expect(cli.report!.requests).toBeGreaterThan(1000);
    const unreached = cli.report!.operations.filter((o) => !o.reached2xx).map((o) => o.operationId);
    expect(116 - unreached.length, unreached.join(', ')).toBeGreaterThanOrEqual(110);
    // what the run acts on only once it owns it
    for (const id of ['connectApp', 'renameConnection', 'disconnectConnection', 'connectOrgApp', 'renameOrgConnection', 'deleteOrgConnection',
      'upsertAppConfig', 'toggleAppConfig', 'deleteAppConfig', 'upsertOrgAppConfig', 'toggleOrgAppConfig', 'deleteOrgAppConfig',
      'setRulePermissions', 'setAppPermissions', 'setDefaultAgent', 'updateUser', 'updateOrgSettings', 'regenerateApiKey', 'clearPartnerOrgBudget']) {
      expect(unreached, id).not.toContain(id);
    }
    const after = await listEverything(s);
    expect(Object.fromEntries(after)).toEqual(Object.fromEntries(before));
    expect(await settingsOf(s)).toEqual(settingsBefore);
    // the seeded credentials still work: no key of the user's was rotated
    expect(await settingsOf(s)).toHaveProperty('user.id');
  }, 360_000);

  it('Ctrl-C while the run owns configurations, connections, permissions and changed settings: the journal undoes it all', async () => {
    const s = await server();
    await seedForeignState(s);
    const before = await listEverything(s);
    const settingsBefore = await settingsOf(s);
    const reportDir = mkdtempSync(join(tmpdir(), 'occ-safety-interrupt-'));
    const journal = join(reportDir, 'journal.jsonl');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('ONECLI_') && !k.startsWith('VITEST') && k !== 'TEST') env[k] = v;
    const tags = 'Agents,User,Apps,Connections,Rules,Organization Settings,Organization Connections,Organization App Config,Organization Rules';
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/onecli-conformance.js'), '--include', tags, '--examples', '10', '--seed', '4', '--concurrency', '2', '--report-dir', reportDir],
      { cwd: reportDir, env: { ...env, ...targetEnv(s) }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let signalled = false;
    const owned = new Set(['deleteAppConfig', 'deleteOrgAppConfig', 'disconnectConnection', 'deleteOrgConnection']);
    const poll = setInterval(() => {
      if (signalled) return;
      const pending = Journal.pending(journal, s.baseUrl);
      const kinds = new Set(pending.deletes.map((d) => d.what).filter((w) => owned.has(w)));
      if (pending.restores.length >= 2 && kinds.size >= 2) {
        signalled = true;
        child.kill('SIGINT');
      }
    }, 10);
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    clearInterval(poll);
    expect(signalled, stderr).toBe(true);
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/interrupted; undid \d+ change\(s\) the run made on the target; no report written/);
    expect(existsSync(journal), 'nothing left to undo').toBe(false);
    expect(Object.fromEntries(await listEverything(s))).toEqual(Object.fromEntries(before));
    expect(await settingsOf(s)).toEqual(settingsBefore);
  }, 360_000);
});
