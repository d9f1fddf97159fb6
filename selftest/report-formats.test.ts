import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { harProblems } from '../src/report/__test-helpers__/har-problems';
import type { Har } from '../src/report/har';
import { PHASES } from '../src/runner/types';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * `--report` chooses the files of a run. Against a server with two faults (an invalid body accepted, an
 * update not persisted: a stateful finding whose case carries its sequence), `--report json,har,ndjson`
 * writes exactly report.json, report.har and events.ndjson: the HAR is a valid 1.2 log with an entry per
 * exchange behind each finding, named by the finding's id and check; events.ndjson was written while the
 * run went (a phase-result line before the process ended), run-start first, a phase-result per operation ×
 * phase, run-end last; and no key of the run appears in any file.
 */
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** Any OneCLI key, as the redactor knows them. */
const KEY_LIKE = /\ba?oc_(?:org_|partner_)?[A-Za-z0-9]{16,}\b/;

describe('report formats', () => {
  it('--report json,har,ndjson writes those three files, a valid HAR of the findings and the run as events', async () => {
    const server = await startReferenceServer({ faults: ['accepts-invalid-body', 'update-not-persisted'] });
    servers.push(server);
    // The run's own --report-dir comes after the helper's, and wins: the test watches it while the run goes.
    const dir = mkdtempSync(join(tmpdir(), 'occ-formats-'));
    const eventsFile = join(dir, 'events.ndjson');
    const seen: string[][] = [];
    const watch = setInterval(() => {
      if (!existsSync(eventsFile)) return;
      // Only whole lines: the run may be in the middle of appending one.
      const lines = readFileSync(eventsFile, 'utf8').split('\n').slice(0, -1);
      seen.push(lines.map((l) => JSON.parse(l).event));
    }, 25);
    const run = await runCli(
      ['--include', 'Agents', '--examples', '5', '--seed', '424242', '--report', 'json,har,ndjson', '--report-dir', dir],
      { env: targetEnv(server), timeoutMs: 180_000 },
    ).finally(() => clearInterval(watch));

    expect(run.code, run.stderr).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['events.ndjson', 'report.har', 'report.json']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as import('../src/report/types').Report;
    expect(report.findings.map((f) => f.checkId)).toEqual(expect.arrayContaining(['negative-data-rejection', 'update-persisted']));

    // HAR: valid, one entry per exchange behind each finding (a stateful one's steps up to the judged one)
    const har = JSON.parse(readFileSync(join(dir, 'report.har'), 'utf8')) as Har;
    expect(harProblems(har)).toEqual([]);
    let expected = 0;
    for (const f of report.findings) {
      const steps = f.case.kind === 'stateful' && f.case.steps?.length ? f.case.judgedStep! + 1 : 1;
      expected += steps;
      const entries = har.log.entries.filter((e) => e._findingId === f.id);
      expect(entries, f.id).toHaveLength(steps);
      for (const e of entries) {
        expect(e.comment).toContain(f.id);
        expect(e.comment).toContain(f.checkId);
        expect(e.request.url.startsWith(report.target.baseUrl)).toBe(true);
      }
      const judged = entries.at(-1)!;
      expect([judged.request.method, judged.request.url, judged.response.status]).toEqual([f.request.method, `${report.target.baseUrl}${f.request.path}`, Number(f.response.status)]);
      expect(judged.response.content.text).toBe(f.response.body);
    }
    expect(har.log.entries).toHaveLength(expected);
    const stateful = report.findings.find((f) => f.checkId === 'update-persisted')!;
    expect(har.log.entries.filter((e) => e._findingId === stateful.id).length, 'the sequence behind the stateful finding').toBeGreaterThan(1);

    // events.ndjson: written as the run went, run-start first, a phase-result per operation × phase, run-end last
    expect(seen.some((events) => events.includes('phase-result') && !events.includes('run-end')), 'events appear before the run ends').toBe(true);
    const events = readFileSync(eventsFile, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({
      event: 'run-start',
      seed: 424242,
      target: { baseUrl: report.target.baseUrl, embedded: false },
      contract: { sha256: report.contract.sha256 },
    });
    expect(events.at(-1)).toMatchObject({ event: 'run-end', verdict: 'does-not-conform', exitCode: 1, findings: report.summary.findings });
    const phaseResults = events.filter((e) => e.event === 'phase-result');
    const ran = report.operations.filter((o) => o.status !== 'excluded');
    expect(phaseResults.map((e) => `${e.operationId} ${e.phase}`).sort()).toEqual(
      ran.flatMap((o) => PHASES.map((p) => `${o.operationId} ${p}`)).sort(),
    );
    expect(ran.flatMap((o) => Object.keys(o.phases).map((p) => `${o.operationId} ${p}`)).sort()).toEqual(
      phaseResults.map((e) => `${e.operationId} ${e.phase}`).sort(),
    );
    expect(events.filter((e) => e.event === 'cleanup').map((e) => e.scope)).toEqual(['Agents', 'run']);
    const reported = new Set(phaseResults.flatMap((e) => e.findings?.map((f: { id: string }) => f.id) ?? []));
    for (const f of report.findings) expect(reported, f.id).toContain(f.id);

    // no key anywhere
    const keys = [server.keys.projectKey, server.keys.orgKey, server.keys.orgMemberKey, server.keys.partnerKey];
    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      for (const key of keys) expect(text.includes(key), `${name} holds a key`).toBe(false);
      expect(text, name).not.toMatch(KEY_LIKE);
    }
  });

  it.each([
    [['--report', 'json,xml'], {}],
    [[], { ONECLI_CONFORMANCE_REPORT: 'pdf' }],
  ])('an unknown format is one line naming it, exit 2 (%j %j)', async (args, env) => {
    const run = await runCli(['--target', 'http://127.0.0.1:9/v1', ...args], { env });
    expect(run.code, run.stderr).toBe(2);
    const bad = args.length ? 'xml' : 'pdf';
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(`unknown report format "${bad}"`)]);
    expect(readdirSync(run.reportDir)).toEqual([]);
  });
});
