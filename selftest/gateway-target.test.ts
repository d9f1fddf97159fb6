import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * A self-hosted OneCLI serves the approval routes from its gateway, a second process over the same database,
 * at its own URL; its API server answers them with the unknown-route 404. With `--gateway-target` the run
 * sends those operations to the gateway, with the same keys, and everything else to `--target`.
 */
const APPROVALS = ['listPendingApprovals', 'submitApprovalDecision', 'listOrgPendingApprovals'];
const ARGS = ['--include', [...APPROVALS, 'listAgents'].join(','), '--allow-destructive', 'submitApprovalDecision', '--examples', '3', '--seed', '20261123'];

let api: RunningReferenceServer;
let gateway: RunningReferenceServer;
beforeAll(async () => {
  api = await startReferenceServer({ faults: ['approvals-on-gateway'] });
  gateway = await startReferenceServer({ sharesStoreWith: api });
});
afterAll(async () => {
  await Promise.all([api?.close(), gateway?.close()]);
});

describe('--gateway-target', () => {
  it('sends the approval operations to the gateway and the rest to the target: exit 0, no finding, the report names the gateway', async () => {
    const apiBefore = api.requestCount();
    const cli = await runCli([...ARGS, '--gateway-target', gateway.baseUrl], { env: targetEnv(api) });
    expect(cli.code, cli.stderr + cli.stdout).toBe(0);
    const report = cli.report!;
    expect(report.findings).toEqual([]);
    expect(report.target).toMatchObject({ baseUrl: api.baseUrl, embedded: false, gateway: gateway.baseUrl });
    for (const id of APPROVALS) {
      const op = report.operations.find((o) => o.operationId === id)!;
      expect(op.status, id).toBe('exercised');
      expect(op.reached2xx, id).toBe(true);
    }
    expect(report.operations.find((o) => o.operationId === 'listAgents')?.reached2xx).toBe(true);
    // The gateway got the approval calls (the decision is a POST); the API server got listAgents and the probe.
    expect(gateway.requestsByMethod().POST).toBeGreaterThan(0);
    expect(api.requestCount() - apiBefore).toBeGreaterThan(0);
    expect(readFileSync(join(cli.reportDir, 'summary.md'), 'utf8')).toContain(`(gateway-served operations at ${gateway.baseUrl})`);
  });

  it('without it, a self-hosted edition gets one warning cause "not served at this base", naming --gateway-target; exit 0', async () => {
    const cli = await runCli([...ARGS, '--edition', 'enterprise'], { env: targetEnv(api) });
    expect(cli.code, cli.stderr + cli.stdout).toBe(0);
    const { causes, findings, operations } = cli.report!;
    expect(causes.map((c) => [c.checkId, c.severity, c.key])).toEqual([['operation-served', 'warning', 'not served: 404']]);
    expect([...causes[0]!.operations].sort()).toEqual([...APPROVALS].sort());
    for (const f of findings) expect(f.message).toContain('--gateway-target');
    // judged after two answers and one request without the key, then left alone
    for (const id of APPROVALS) expect(operations.find((o) => o.operationId === id)!.requests, id).toBeLessThanOrEqual(4);
  });

  it('without it, on Cloud (which serves them at the base URL) the same answers are an error cause; exit 1', async () => {
    const cli = await runCli(ARGS, { env: targetEnv(api) });
    expect(cli.code, cli.stderr + cli.stdout).toBe(1);
    expect(cli.report!.causes.map((c) => [c.checkId, c.severity, c.operations.length])).toEqual([['operation-served', 'error', 3]]);
  });

  it('--plan names the gateway for the gateway-served operations only, and sends nothing', async () => {
    const before = api.requestCount() + gateway.requestCount();
    const cli = await runCli(['--plan', ...ARGS, '--gateway-target', gateway.baseUrl], { env: targetEnv(api) });
    expect(cli.code, cli.stderr).toBe(0);
    expect(api.requestCount() + gateway.requestCount()).toBe(before);
    const sentTo = `  sent to:  the gateway, ${gateway.baseUrl}`;
    expect(cli.stdout).toContain(`listPendingApprovals  GET /approvals/pending\n${sentTo}`);
    expect(cli.stdout).toContain(`submitApprovalDecision  POST /approvals/{id}/decision\n${sentTo}`);
    expect(cli.stdout).toContain(`listOrgPendingApprovals  GET /org/approvals/pending\n${sentTo}`);
    expect(cli.stdout.split(sentTo)).toHaveLength(4);
  });

  it('without --target it is a usage error (exit 2, one line)', async () => {
    const cli = await runCli(['--gateway-target', gateway.baseUrl, '--include', 'listAgents']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(
      'onecli-conformance: --gateway-target needs --target: the embedded reference server serves the gateway operations at its own base URL\n',
    );
  });
});
