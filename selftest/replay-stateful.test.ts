import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import type { ReportFinding } from '../src/report/types';
import { type CliRun, runCli, runCommand, targetEnv } from './_support/run-cli';

/**
 * Replay of a stateful finding re-runs its sequence. A run against a server whose deletes keep the agent
 * finds use-after-free (create agent → delete agent → find agent in list) and records the sequence's
 * requests; replay re-sends them (new ids in place of the run's), judges the same read, and says "still
 * fails" against the faulty server (the run's own, and a fresh one) and "fixed" against a correct one,
 * leaving the correct one as it found it. A report without the steps (as older versions wrote) re-sends
 * only the final list, which a fresh faulty server passes: what recording the steps fixes.
 */
const FAULT = 'delete-keeps-resource';
const RUN = ['--include', 'createAgent,listAgents,renameAgent,deleteAgent', '--checks', 'use-after-free', '--examples', '5', '--seed', '424242'];

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../src/report/report.schema.json'), 'utf8')));

const servers: RunningReferenceServer[] = [];
async function server(faults: string[]): Promise<RunningReferenceServer> {
  const s = await startReferenceServer({ faults });
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Runs `onecli-conformance replay …` as a child process with a clean ONECLI_* environment plus `env`. */
const replay = (args: string[], env: Record<string, string>) => runCommand(['replay', ...args], env);

/** The agents a server lists (ids), read with its project key. */
async function agentsOf(s: RunningReferenceServer): Promise<string[]> {
  const res = await fetch(`${s.baseUrl}/agents`, { headers: { authorization: `Bearer ${s.keys.projectKey}` } });
  return ((await res.json()) as Array<{ id: string }>).map((a) => a.id).sort();
}

const keysOf = (s: RunningReferenceServer) => Object.values(s.keys).filter((v) => typeof v === 'string' && v.startsWith('oc_'));

let faulty: RunningReferenceServer;
let run: CliRun;
let finding: ReportFinding;
let reportPath: string;
beforeAll(async () => {
  faulty = await server([FAULT]);
  run = await runCli(RUN, { env: targetEnv(faulty) });
  finding = run.report!.findings.find((f) => f.checkId === 'use-after-free' && f.operationId === 'createAgent')!;
  reportPath = join(run.reportDir, 'report.json');
}, 120_000);

describe.concurrent('replay of a stateful finding', () => {
  it('the finding records the requests of its sequence, redacted, and which one the check judged', () => {
    expect(run.code, run.stderr).toBe(1);
    expect(finding, JSON.stringify(run.report!.findings.map((f) => [f.checkId, f.operationId]))).toBeDefined();
    expect(validateReport(run.report), JSON.stringify(validateReport.errors)).toBe(true);
    const c = finding.case;
    if (c.kind !== 'stateful') throw new Error(`case ${c.kind}`);
    const steps = c.steps!;
    expect(c.judgedStep).toBe(steps.length - 1);
    expect(steps[0]).toMatchObject({ of: 'create', operationId: 'createAgent', attempt: 1 });
    const created = steps.flatMap((s) => (s.created ? [s.created] : []));
    expect(created.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.id === undefined || created.includes(s.id))).toBe(true);
    expect(steps.some((s) => s.of === 'delete' && s.request.path === `/agents/${s.id}` && s.status === 204)).toBe(true);
    // the judged request is the finding's evidence, redacted the same way
    expect(steps.at(-1)!.request).toEqual(finding.request);
    expect(steps.every((s) => s.request.headers.authorization === 'Bearer [REDACTED]')).toBe(true);
    const text = readFileSync(reportPath, 'utf8');
    for (const key of keysOf(faulty)) expect(text).not.toContain(key);
  });

  it('replay re-runs the sequence: still fails against the faulty server (the run\'s and a fresh one), fixed against a correct one', async () => {
    const [fresh, correct] = await Promise.all([server([FAULT]), server([])]);
    const before = await agentsOf(correct);
    const [still, stillFresh, fixed] = await Promise.all([
      replay([reportPath, finding.id], targetEnv(faulty)),
      replay([reportPath, finding.id, '--target', fresh.baseUrl], targetEnv(fresh)),
      replay([reportPath, finding.id, '--target', correct.baseUrl], targetEnv(correct)),
    ]);
    const after = `after ${finding.sequence!.slice(0, -1).join(' → ')}`;
    for (const r of [still, stillFresh]) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^still fails: ${finding.id} use-after-free createAgent \\(GET /agents → 200, ${after}\\): Deleted resource still listed\\. `));
      expect(r.stdout.trim().split('\n')).toHaveLength(1);
      // the read names the agent the replay made, not the run's
      const c = finding.case as Extract<ReportFinding['case'], { kind: 'stateful' }>;
      for (const s of c.steps!) if (s.created) expect(r.stdout).not.toContain(s.created);
      // the fault keeps the agent through the cleanup's delete too, and replay says so
      expect(r.stderr).toMatch(/note: left behind: deleteAgent \/agents\/[^ ]+ answered 204, but the agent is still there/);
    }
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(new RegExp(`^fixed: ${finding.id} use-after-free createAgent \\(GET /agents → 200, ${after}\\): passes use-after-free`));
    expect(fixed.stderr).not.toContain('left behind');
    expect(await agentsOf(correct)).toEqual(before);
    const out = [still, stillFresh, fixed].map((r) => r.stdout + r.stderr).join('\n');
    for (const key of [...keysOf(faulty), ...keysOf(fresh), ...keysOf(correct)]) expect(out).not.toContain(key);
  });

  it('without the steps (a report of an older version) only the final list is re-sent, and a fresh faulty server passes it', async () => {
    const old = JSON.parse(readFileSync(reportPath, 'utf8'));
    for (const f of old.findings) {
      delete f.case.steps;
      delete f.case.judgedStep;
    }
    const oldPath = join(mkdtempSync(join(tmpdir(), 'occ-old-report-')), 'report.json');
    writeFileSync(oldPath, JSON.stringify(old));
    const fresh = await server([FAULT]);
    const r = await replay([oldPath, finding.id, '--target', fresh.baseUrl], targetEnv(fresh));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^fixed: ${finding.id} use-after-free createAgent \\(GET /agents → 200\\)`));
    expect(r.stderr).toContain('the report records no steps of the sequence');
  });
});
