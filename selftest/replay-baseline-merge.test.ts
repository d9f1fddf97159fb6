import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import type { Report } from '../src/report/types';
import { type CliRun, runCli, runCommand, targetEnv } from './_support/run-cli';

/**
 * Reproduce and gate (issue 7): a finding found against a faulty server replays as "still fails" there and
 * "fixed" against a correct server; a second run with the first as --baseline passes (nothing new, same
 * ids); shard runs merge into one report over the union of what they exercised.
 */
const SLICE = ['--include', 'Agents', '--examples', '10', '--seed', '7'];
const FAULT = 'wrong-property-type';

const servers: RunningReferenceServer[] = [];
async function server(faults: string[] = [FAULT]): Promise<RunningReferenceServer> {
  const s = await startReferenceServer({ faults });
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Runs `onecli-conformance <args>` (a subcommand: no --report-dir put first) as a child process. */

const exercised = (r: Report) => r.operations.filter((o) => o.status === 'exercised').map((o) => o.operationId).sort();

let faulty: RunningReferenceServer;
let first: CliRun;
let findingId: string;
beforeAll(async () => {
  faulty = await server();
  first = await runCli(SLICE, { env: targetEnv(faulty) });
  findingId = first.report?.findings.find((f) => f.checkId === 'response-schema-conformance' && f.operationId === 'listAgents')?.id ?? '';
}, 120_000);

describe.concurrent('replay, --baseline, --shard and merge', () => {
  it('a run against the faulty server gives every finding a stable id, shown on the terminal', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(findingId).toMatch(/^[0-9a-f]{10}$/);
    const ids = first.report!.findings.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    // the terminal leads with causes: the one holding this finding, its id, and a finding id replay takes
    const cause = first.report!.causes.find((c) => c.findings.includes(findingId))!;
    expect(first.stdout).toContain(`[${cause.id}] response-schema-conformance: `);
    expect(first.stdout).toContain(`[${cause.evidence}]`);
    expect(readFileSync(join(first.reportDir, 'summary.md'), 'utf8')).toContain(findingId);
  });

  it('replay: still fails against the faulty server (exit 1), fixed against a correct one (exit 0)', async () => {
    const report = join(first.reportDir, 'report.json');
    const correct = await server([]);
    const [still, fixed] = await Promise.all([
      runCommand(['replay', report, findingId], targetEnv(faulty)),
      runCommand(['replay', report, findingId, '--target', correct.baseUrl], targetEnv(correct)),
    ]);
    expect(still.code, still.stderr).toBe(1);
    expect(still.stdout).toMatch(new RegExp(`^still fails: ${findingId} response-schema-conformance listAgents \\(GET /agents → 200\\): Response violates schema\\. .*isDefault`));
    expect(still.stdout.trim().split('\n')).toHaveLength(1);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(new RegExp(`^fixed: ${findingId} response-schema-conformance listAgents`));
    for (const key of [faulty.keys.projectKey, correct.keys.projectKey]) expect(still.stdout + still.stderr + fixed.stdout + fixed.stderr).not.toContain(key);
  });

  it('replay of an unknown finding id: exit 2, listing the ids the report knows', async () => {
    const run = await runCommand(['replay', join(first.reportDir, 'report.json'), 'ffffffffff'], targetEnv(faulty));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no finding "ffffffffff"');
    expect(run.stderr).toContain(`${findingId}  response-schema-conformance listAgents`);
  });

  it('--baseline the first report: a second run with the same seed finds the same ids, nothing new: exit 0', async () => {
    const second = await runCli([...SLICE, '--baseline', join(first.reportDir, 'report.json')], { env: targetEnv(await server()) });
    expect(second.code, second.stderr).toBe(0);
    expect(second.report!.verdict).toBe('does-not-conform');
    expect(second.report!.findings.map((f) => f.id)).toEqual(first.report!.findings.map((f) => f.id));
    expect(second.stdout).toContain(`Against the baseline: 0 new, ${first.report!.findings.length} still present, 0 fixed`);
    expect(readFileSync(join(second.reportDir, 'summary.md'), 'utf8')).toContain('**Against the baseline:** 0 new');
  });

  it('--shard 1/2 and 2/2 merged: one report over the union of the operations the shards exercised', async () => {
    const slice = ['--include', 'Agents,getHealth', '--examples', '3', '--seed', '7'];
    const [a, b] = await Promise.all([
      runCli([...slice, '--shard', '1/2'], { env: targetEnv(await server()) }),
      runCli([...slice, '--shard', '2/2'], { env: targetEnv(await server()) }),
    ]);
    expect(a.report!.options.shard).toBe('1/2');
    expect(b.report!.options.shard).toBe('2/2');
    const [ea, eb] = [exercised(a.report!), exercised(b.report!)];
    expect(ea.length && eb.length, 'each shard runs one of the two spec files').toBeTruthy();
    expect(ea.filter((id) => eb.includes(id))).toEqual([]);

    const out = mkdtempSync(join(tmpdir(), 'occ-merged-'));
    const merged = await runCommand(['merge', join(a.reportDir, 'report.json'), join(b.reportDir, 'report.json'), '--report-dir', out]);
    expect(merged.code, merged.stderr).toBe(1);
    expect(readdirSync(out).sort()).toEqual(['coverage.txt', 'junit.xml', 'report.html', 'report.json', 'summary.md']);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as Report;
    expect(exercised(report)).toEqual([...ea, ...eb].sort());
    expect(report.findings.map((f) => f.id)).toContain(findingId);
    expect(report.requests).toBe(a.report!.requests + b.report!.requests);
    expect(report.options.shard).toBeUndefined();

    // Reports of another contract do not merge.
    const foreign = join(out, 'foreign.json');
    writeFileSync(foreign, JSON.stringify({ ...b.report!, contract: { ...b.report!.contract, sha256: '0'.repeat(64) } }));
    const refused = await runCommand(['merge', join(a.reportDir, 'report.json'), foreign, '--report-dir', join(out, 'x')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('tested another contract');
  });
});
