import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';

/** `--plan` prints what a run would send and sends nothing: not a request, not even the target probe. */
let server: RunningReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({});
});
afterAll(async () => {
  await server.close();
});

describe.concurrent('--plan', () => {
  it('against an external target: exit 0, the plan on stdout, no request received, no report written', async () => {
    const cli = await runCli(['--plan', '--include', 'Agents,Secrets,submitApprovalDecision'], { env: targetEnv(server) });
    expect(cli.code, cli.stderr).toBe(0);
    expect(server.requestCount()).toBe(0);
    expect(existsSync(join(cli.reportDir, 'report.json'))).toBe(false);
    expect(cli.stdout).toContain('Plan (nothing is sent): 18 operation(s) against http://127.0.0.1:');
    expect(cli.stdout).toContain('renameAgent  PATCH /agents/{agentId}\n  {agentId} ← created by createAgent (POST /agents), id from agentId | id');
    // A decision on an approval the run did not make (it cannot make one): only probed.
    expect(cli.stdout).toContain('on an external target: probed only, with path values that name nothing (POST /approvals/{id}/decision would change state the run did not create');
    expect(cli.stdout).toContain('  {id} ← occ-none-… (names nothing: the operation is only probed here)');
    expect(cli.stdout).toContain('  not run:  examples (not-covered: POST /approvals/{id}/decision would change state the run did not create');
    // The default agent is read before and put back after: it runs.
    expect(cli.stdout).toMatch(/setDefaultAgent {2}POST \/agents\/\{agentId\}\/set-default\n(.*\n)*?.*on an external target: runs/);
    // keys given to the plan are never printed
    expect(cli.stdout).not.toContain(server.keys.projectKey);
  });

  it('against an unreachable target: still exit 0 (the target is not probed)', async () => {
    const cli = await runCli(['--plan', '--target', 'http://127.0.0.1:9/v1', '--include', 'getHealth']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('getHealth  GET /health');
  });

  it('without a target: plans the embedded reference server, every key present, without starting it', async () => {
    const cli = await runCli(['--plan']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toContain('Plan (nothing is sent): 116 operation(s) against the embedded reference server');
    expect(cli.stdout).not.toContain('no-credential');
  });
});
