import { spawn } from 'node:child_process';
import { createServer as createTcpServer, type Server } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './_support/run-cli';

/** Bad input gets one clear line on stderr and a distinct exit code; never a stack trace, never a hang. */
const tcp: Server[] = [];
afterAll(() => tcp.forEach((s) => s.close()));

async function listen(onConnection: (socket: import('node:net').Socket) => void): Promise<string> {
  const server = createTcpServer(onConnection);
  tcp.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}/v1`;
}

function expectOneLine(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^onecli-conformance: /);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe.concurrent('CLI exit codes', () => {
  it('--help prints the options and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--target URL');
  });

  it.each([
    [['--bogus'], /bogus/],
    [['--seed', 'abc'], /--seed/],
    [['--examples', '0'], /--examples/],
    [['--edition', 'gold'], /--edition/],
    [['--target', 'not a url'], /--target/],
    [['--target', 'ftp://x/v1'], /http/],
  ])('bad flags %j exit 2', async (args, pattern) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, pattern);
  });

  it('a malformed .env exits 2 naming the line', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'occ-env-'));
    writeFileSync(join(cwd, '.env'), 'ONECLI_API_KEY=abc\nthis line is wrong\n');
    const run = await runCli([], { cwd });
    expect(run.code).toBe(2);
    expectOneLine(run.stderr, /\.env:2/);
  });

  it('a broken contract exits 3', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'occ-spec-'));
    writeFileSync(join(cwd, 'broken.yaml'), 'openapi: 3.1.0\ninfo: {title: x}\npaths: {/a: {get: {responses: 12}}}\n');
    const run = await runCli(['--contract', 'broken.yaml'], { cwd });
    expect(run.code).toBe(3);
    expectOneLine(run.stderr, /not a valid OpenAPI document/);
  });

  it('a missing contract exits 3', async () => {
    const run = await runCli(['--contract', '/nonexistent/openapi.yaml']);
    expect(run.code).toBe(3);
    expectOneLine(run.stderr, /cannot read contract/);
  });

  it('a closed port exits 4', async () => {
    const url = await listen(() => undefined);
    tcp.pop()!.close();
    await new Promise((r) => setTimeout(r, 50));
    const run = await runCli(['--target', url]);
    expect(run.code).toBe(4);
    expectOneLine(run.stderr, /cannot reach/);
  });

  it('a target that answers garbage exits 4', async () => {
    const url = await listen((socket) => socket.end('garbage that is not HTTP\r\n\r\n'));
    const run = await runCli(['--target', url]);
    expect(run.code).toBe(4);
    expectOneLine(run.stderr, /HTTP|reach/);
  });

  it('a target that accepts and never answers exits 4 within the probe timeout', async () => {
    const url = await listen(() => undefined);
    const started = Date.now();
    const run = await runCli(['--target', url], { timeoutMs: 60_000 });
    expect(run.code).toBe(4);
    expectOneLine(run.stderr, /did not answer/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('keys given on the command line never appear in output', async () => {
    const key = `oc_${'f'.repeat(64)}`;
    const run = await runCli(['--api-key', key, '--target', 'http://127.0.0.1:1/v1']);
    expect(run.code).toBe(4);
    expect(run.stdout + run.stderr).not.toContain(key);
  });

  it('output piped into a reader that stops early (--plan | head) ends quietly, exit 0, no stack trace', async () => {
    // The plan is ~100 KB, more than a pipe holds: the CLI is still writing when `head` goes away.
    const script = 'node "$0" --plan | head -c 100 > /dev/null; exit ${PIPESTATUS[0]}';
    const child = spawn('bash', ['-c', script, join(ROOT, 'bin/onecli-conformance.js')], {
      cwd: mkdtempSync(join(tmpdir(), 'occ-cwd-')),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
