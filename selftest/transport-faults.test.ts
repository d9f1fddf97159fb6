import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * A target whose exchanges sometimes break off (drops-agent-list-once-in-three: listAgents announces a body
 * and closes before sending it, on some requests) is not unreachable: each broken exchange is sent once more
 * on a fresh connection, an exchange that breaks off twice is one transport-error finding on its operation,
 * and the run goes on to a complete report.
 */
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('transport faults', () => {
  it('an exchange that breaks off twice is a transport-error finding on its operation; the run finishes (exit 1)', async () => {
    const server = await startReferenceServer({ faults: ['drops-agent-list-once-in-three'] });
    servers.push(server);
    const run = await runCli(['--include', 'Agents', '--examples', '20', '--seed', '5'], { env: targetEnv(server) });
    expect(run.code, run.stderr).toBe(1);
    const report = run.report!;
    expect(report.errors).toEqual([]);
    expect(report.causes.map((c) => [c.checkId, c.operations])).toEqual([['transport-error', ['listAgents']]]);
    const finding = report.findings.find((f) => f.checkId === 'transport-error')!;
    expect(finding.response.status).toBe(0);
    expect(finding.message).toMatch(/length-mismatch|closed|reset/);
    // The rest of the tag was tested as usual.
    const reached = report.operations.filter((o) => o.reached2xx).map((o) => o.operationId);
    expect(reached).toEqual(expect.arrayContaining(['listAgents', 'createAgent', 'renameAgent', 'getAgentSecrets', 'deleteAgent']));
    expect(report.leftovers).toEqual([]);
  });
});
