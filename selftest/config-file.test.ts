import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * The config file (issue 14), as a user meets it: onecli-conformance.config.json (or .ts) in the working
 * directory, a bad one refused in one line naming the key (exit 2), flags > environment > file, and its
 * per-operation overrides seen in the report.
 */
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A fresh working directory holding `name` with `content` (an object is written as JSON). */
function cwdWith(name: string, content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'occ-config-cwd-'));
  writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}
const JSON_FILE = 'onecli-conformance.config.json';

describe.concurrent('config file', () => {
  it.each([
    ['an unknown key', { include: ['getHealth'], exampels: 3 }, '/exampels: unknown key'],
    ['a wrong type', { include: ['getHealth'], seed: 'twelve' }, '/seed: must be integer'],
    ['a fixture naming no parameter of any operation', { include: ['getHealth'], fixtures: { providr: 'linear' } }, '/fixtures/providr: names no parameter or body field of any operation'],
    ['an override naming no operationId', { include: ['getHealth'], operations: { listAgentz: { skip: 'x' } } }, '/operations/listAgentz: names no operation of the contract'],
  ])('refuses %s in one line naming the key, exit 2', async (_what, config, pointer) => {
    const run = await runCli([], { cwd: cwdWith(JSON_FILE, config) });
    expect(run.code, run.stderr).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toBe(`onecli-conformance: config ${JSON_FILE}: ${pointer}`);
    expect(run.report).toBeUndefined();
  });

  it('flags beat the environment, which beats the config file', async () => {
    const cwd = cwdWith(JSON_FILE, { seed: 11, examples: 2, include: ['getHealth'] });
    const [file, env, flag] = await Promise.all([
      runCli([], { cwd }),
      runCli([], { cwd, env: { ONECLI_CONFORMANCE_SEED: '22' } }),
      runCli(['--seed', '33'], { cwd, env: { ONECLI_CONFORMANCE_SEED: '22' } }),
    ]);
    for (const run of [file, env, flag]) expect(run.code, run.stderr).toBe(0);
    expect([file, env, flag].map((r) => r.report!.options.seed)).toEqual([11, 22, 33]);
    // what neither flag nor environment set still comes from the file
    expect(flag.report!.options.examples).toBe(2);
  });

  it("an override's skip is reported not run with its reason; its examples change that operation's cases only", async () => {
    const cwd = cwdWith(JSON_FILE, {
      seed: 5,
      examples: 3,
      include: ['getHealth', 'getUser', 'listAgents'],
      operations: { listAgents: { skip: 'not on our staging server' }, getUser: { examples: 1 } },
    });
    const run = await runCli([], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const op = (id: string) => run.report!.operations.find((o) => o.operationId === id)!;
    expect(op('listAgents')).toMatchObject({ status: 'not-covered', requests: 0 });
    expect(op('listAgents').detail).toBe('skipped by the config file: not on our staging server');
    expect(op('getUser').phases.positive!.cases).toBe(1);
    expect(op('getHealth').phases.positive!.cases).toBe(3);
  });

  it('statuses the deployment documents (statusCodes.extra) are accepted by status-code-conformance', async () => {
    // getDefaultAgent answers 202, which the contract does not document for it
    const server = await startReferenceServer({ faults: ['undocumented-status'] });
    servers.push(server);
    const args = ['--include', 'getDefaultAgent', '--seed', '7', '--examples', '3'];
    const [plain, extra] = await Promise.all([
      runCli(args, { env: targetEnv(server) }),
      runCli(args, { env: targetEnv(server), cwd: cwdWith(JSON_FILE, { operations: { getDefaultAgent: { statusCodes: { extra: ['202'] } } } }) }),
    ]);
    const statusFindings = (r: typeof plain) => r.report!.findings.filter((f) => f.checkId === 'status-code-conformance');
    expect(plain.code, plain.stderr).toBe(1);
    expect(statusFindings(plain)).not.toHaveLength(0);
    expect(statusFindings(extra)).toHaveLength(0);
    expect(extra.report!.summary.checks['status-code-conformance']!.passed).toBeGreaterThan(0);
  });

  it('onecli-conformance.config.ts works (its default export, TypeScript and all)', async () => {
    const cwd = cwdWith(
      'onecli-conformance.config.ts',
      [
        'interface Config { seed?: number; examples?: number; include?: string[] }',
        "const include: string[] = ['getHealth'];",
        'export default { seed: 70 + 7, examples: 1, include } satisfies Config;',
      ].join('\n'),
    );
    const run = await runCli([], { cwd });
    expect(run.code, run.stderr).toBe(0);
    expect(run.report!.options).toMatchObject({ seed: 77, examples: 1, include: ['getHealth'] });
  });
});
