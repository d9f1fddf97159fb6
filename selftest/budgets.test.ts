import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * The run's budgets: --timeout per request, --max-duration for the whole run, and their bad values. A target
 * that answers its health probe and then never answers ends with one line and exit 4, within the budget; a run
 * out of time stops sending, cleans up what it made and writes a report marked incomplete (exit 4 when nothing
 * failed so far, 1 when something did).
 */
const servers: Array<{ close(): unknown }> = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function reference(faults: string[] = []): Promise<RunningReferenceServer> {
  const s = await startReferenceServer({ faults });
  servers.push(s);
  return s;
}

/** Answers GET /v1/health, and never anything else (the connection stays open). */
async function silentAfterProbe(): Promise<string> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/v1/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  servers.push({ close: () => server.closeAllConnections?.() ?? server.close() });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  return lines[0]!;
}

/** Agents, secrets and rules the server holds, to compare before and after a run. */
async function holdings(s: RunningReferenceServer): Promise<string> {
  const out: unknown[] = [];
  for (const path of ['/agents', '/secrets', '/rules']) {
    const res = await fetch(`${s.baseUrl}${path}`, { headers: { authorization: `Bearer ${s.keys.projectKey}` } });
    out.push(await res.json());
  }
  return JSON.stringify(out);
}

describe.concurrent('budgets', () => {
  it('a target that answers the probe and then never answers: exit 4, one line, within the request timeout', async () => {
    const url = await silentAfterProbe();
    const started = Date.now();
    const run = await runCli(['--target', url, '--api-key', 'oc_budget', '--timeout', '400', '--include', 'Agents'], { timeoutMs: 60_000 });
    expect(run.code).toBe(4);
    expect(oneLine(run.stderr)).toMatch(/^onecli-conformance: .*did not answer within 400 ms/);
    expect(Date.now() - started).toBeLessThan(45_000);
  });

  it('--max-duration on a correct server: stops, cleans up, report incomplete, exit 4 with one line', async () => {
    const s = await reference();
    const before = await holdings(s);
    const run = await runCli(['--max-duration', '3', '--seed', '2'], { env: targetEnv(s), timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(4);
    expect(oneLine(run.stderr)).toMatch(/--max-duration \(3 s\).*incomplete/);
    const report = run.report!;
    expect(report.verdict).toBe('incomplete');
    expect(report.errors.map((e) => e.code)).toEqual(['DURATION_EXCEEDED']);
    const stopped = report.operations.flatMap((o) => Object.values(o.phases)).filter((p) => p.notRun?.reason === 'stopped');
    expect(stopped.length).toBeGreaterThan(0);
    expect(report.leftovers).toEqual([]);
    expect(await holdings(s)).toBe(before);
  });

  it('--max-duration after a failure: exit 1, the findings so far reported', async () => {
    const s = await reference(['accepts-invalid-body']);
    const run = await runCli(['--max-duration', '4', '--seed', '2'], { env: targetEnv(s), timeoutMs: 120_000 });
    expect(run.code, run.stderr).toBe(1);
    expect(run.report!.findings.length).toBeGreaterThan(0);
    expect(run.report!.errors.map((e) => e.code)).toEqual(['DURATION_EXCEEDED']);
  });

  it.each([
    ['--concurrency', '0'],
    ['--concurrency', 'many'],
    ['--timeout', '-5'],
    ['--rate', '0'],
    ['--max-duration', 'soon'],
  ])('%s %s: one line naming the option, exit 2', async (flag, value) => {
    const run = await runCli([flag, value]);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toContain(flag);
  });
});
