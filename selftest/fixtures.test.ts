import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer, type UserData } from '../reference-server/index';
import type { ScorecardOperation } from '../src/report/scorecard';
import { type CliRun, runCli, targetEnv } from './_support/run-cli';

/**
 * The config file's fixtures (issue 14) on a server the run does not own. A reference server with no
 * connection and no approval (`livedIn: false`) first, run without fixtures; then servers holding approvals
 * and connections the user made (`userData`), run with a config naming one of each. What each run reaches is
 * read from the report's response-coverage scorecard; what the user named is read back from the server.
 *
 * The contract has no read of a single approval or connection: a fixture for either can only name the
 * resource a write acts on, which on a target the run does not own goes to what the run made (fixtures.ts
 * `pathFixture`), unless `--allow-destructive` names the operation.
 */
const APPROVAL_OPS = ['listPendingApprovals', 'submitApprovalDecision'];
const CONNECTION_OPS = ['listConnections', 'renameConnection', 'disconnectConnection'];
const ARGS = ['--include', [...APPROVAL_OPS, ...CONNECTION_OPS].join(','), '--examples', '5', '--seed', '14'];

const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(userData?: UserData): Promise<RunningReferenceServer> {
  const s = await startReferenceServer({ livedIn: false, userData });
  servers.push(s);
  return s;
}

interface Approval {
  id: string;
}
interface Connection {
  id: string;
  label: string | null;
}

/** What the user sees: the project's pending approvals and its connections. */
async function holdings(s: RunningReferenceServer): Promise<{ approvals: Approval[]; connections: Connection[] }> {
  const get = async (path: string) => {
    const res = await fetch(`${s.baseUrl}${path}`, { headers: { authorization: `Bearer ${s.keys.projectKey}` } });
    expect(res.status, path).toBe(200);
    return res.json() as Promise<unknown>;
  };
  const approvals = ((await get('/approvals/pending')) as { requests: Approval[] }).requests;
  const connections = (await get('/connections')) as Connection[];
  return { approvals, connections };
}

/** A working directory holding onecli-conformance.config.json with `config`. */
function cwdWith(config: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'occ-fixtures-cwd-'));
  writeFileSync(join(dir, 'onecli-conformance.config.json'), JSON.stringify(config, null, 2));
  return dir;
}

/** The config naming the user's approval (its path `id`, for the one operation that takes it) and connection. */
function naming(approvalId: string, connectionId: string) {
  return { fixtures: { connectionId }, operations: { submitApprovalDecision: { fixtures: { '/path/id': approvalId } } } };
}

function scoreOf(run: CliRun, operationId: string): ScorecardOperation {
  const op = run.report?.scorecard?.operations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no scorecard row for ${operationId}: ${run.stderr}`);
  return op;
}

function seen(op: ScorecardOperation, status: string): number {
  return op.documented.find((d) => d.status === status)?.seen ?? 0;
}

describe.concurrent('fixtures from the config file on a server the run does not own', () => {
  it('without fixtures, on a server with no connection and no approval: no decision is reached, and why', async () => {
    // One server per run: two runs at once on one server would each find the other's connections there.
    const [s, t] = await Promise.all([server(), server()]);
    for (const x of [s, t]) expect(await holdings(x)).toEqual({ approvals: [], connections: [] });
    const [plain, allowed] = await Promise.all([
      runCli(ARGS, { env: targetEnv(s) }),
      runCli([...ARGS, '--allow-destructive', 'submitApprovalDecision'], { env: targetEnv(t) }),
    ]);
    for (const run of [plain, allowed]) expect(run.code, run.stderr).toBe(0);

    // Deciding an approval the run did not make is kept from the target (only probed with paths naming
    // nothing): an approval of the user's named for it in the config file would let it run, and none was.
    const decision = scoreOf(plain, 'submitApprovalDecision');
    expect(decision.reached2xx).toBe(false);
    expect(decision.noSuccess?.reason).toBe('no-fixture');
    expect(decision.documented.find((d) => d.status === '200')?.notSeen?.reason).toBe('no-fixture');
    expect(decision.noSuccess?.detail).toContain('operations.submitApprovalDecision.fixtures');

    // Allowed, it has nothing to decide: the scorecard says the server answered otherwise (404s).
    const unbound = scoreOf(allowed, 'submitApprovalDecision');
    expect(unbound.reached2xx).toBe(false);
    expect(unbound.noSuccess?.reason).toBe('answered-otherwise');
    expect(unbound.noSuccess?.detail).toMatch(/^every valid request refused .*404 × \d+/);

    // The list reads answer 200 (empty), and the connection writes reach 2xx on connections the run made
    // itself (connectApp on a provider without any): a connection needs no fixture there.
    for (const run of [plain, allowed]) {
      for (const id of ['listPendingApprovals', 'listConnections', 'renameConnection']) expect(seen(scoreOf(run, id), '200'), id).toBeGreaterThan(0);
      expect(seen(scoreOf(run, 'disconnectConnection'), '204')).toBeGreaterThan(0);
    }
    // …and removed them: the servers hold nothing, as before.
    for (const x of [s, t]) expect(await holdings(x)).toEqual({ approvals: [], connections: [] });
  });

  it("with the user's approval named for the decision and a connection named: the decision reaches 2xx on that approval only; nothing is deleted", async () => {
    const s = await server({ approvals: 2, connections: 2 });
    const before = await holdings(s);
    expect(before.approvals).toHaveLength(2);
    expect(before.connections).toHaveLength(2);
    const run = await runCli(ARGS, { env: targetEnv(s), cwd: cwdWith(naming(before.approvals[0]!.id, before.connections[0]!.id)) });
    expect(run.code, run.stderr).toBe(0);

    // The approval named for submitApprovalDecision is handed over to it: decided (200), the other one still
    // pending. A global fixture (the connection) hands nothing over: the connection writes reach 2xx on the
    // run's own connections, and the user's stay as they were.
    expect(seen(scoreOf(run, 'submitApprovalDecision'), '200')).toBeGreaterThan(0);
    expect(seen(scoreOf(run, 'renameConnection'), '200')).toBeGreaterThan(0);
    expect(seen(scoreOf(run, 'disconnectConnection'), '204')).toBeGreaterThan(0);
    const after = await holdings(s);
    expect(after.approvals).toEqual([before.approvals[1]]);
    expect(after.connections).toEqual(before.connections);
  });

  it('with --allow-destructive naming the writes, they act on the named approval and connection only, and delete neither', async () => {
    const s = await server({ approvals: 2, connections: 2 });
    const before = await holdings(s);
    const [approval, otherApproval] = before.approvals;
    const [connection, otherConnection] = before.connections;
    const run = await runCli([...ARGS, '--allow-destructive', 'submitApprovalDecision,renameConnection'], {
      env: targetEnv(s),
      cwd: cwdWith(naming(approval!.id, connection!.id)),
    });
    expect(run.code, run.stderr).toBe(0);

    // The named approval is decided (200), the other one never named: still pending.
    expect(seen(scoreOf(run, 'submitApprovalDecision'), '200')).toBeGreaterThan(0);
    const after = await holdings(s);
    expect(after.approvals).toEqual([otherApproval]);
    // The named connection is renamed, not deleted; the other is as it was.
    expect(seen(scoreOf(run, 'renameConnection'), '200')).toBeGreaterThan(0);
    expect(after.connections.map((c) => c.id).sort()).toEqual([connection!.id, otherConnection!.id].sort());
    expect(after.connections.find((c) => c.id === connection!.id)!.label).not.toBe(connection!.label);
    expect(after.connections.find((c) => c.id === otherConnection!.id)).toEqual(otherConnection);
  });

  // README "Config file" says of a named resource "the run never deletes it": even with --allow-destructive
  // naming a DELETE, whose binding takes listed connections, the one the user named is left out of them.
  it('with --allow-destructive naming the DELETE, the connection the user named is still not deleted', async () => {
    const s = await server({ connections: 1 });
    const [connection] = (await holdings(s)).connections;
    const args = ['--include', 'listConnections,disconnectConnection', '--examples', '5', '--seed', '14', '--allow-destructive', 'disconnectConnection'];
    const run = await runCli(args, { env: targetEnv(s), cwd: cwdWith({ fixtures: { connectionId: connection!.id } }) });
    expect(run.code, run.stderr).toBe(0);
    expect((await holdings(s)).connections.map((c) => c.id)).toContain(connection!.id);
  });
});
