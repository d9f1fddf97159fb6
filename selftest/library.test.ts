import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runConformance } from '../src/index';
import { ROOT } from './_support/run-cli';

/**
 * onecli-conformance as a library. In a test of the project's own (as a server team's test would be), and from
 * a project that installed the package (`import { runConformance } from 'onecli-conformance'`, the compiled
 * bundle through the exports map): a conforming server gives `conforms` and exit code 0, a faulty one the
 * findings that say why.
 */
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(faults: string[] = []): Promise<RunningReferenceServer> {
  const s = await startReferenceServer({ faults });
  servers.push(s);
  return s;
}

function keysOf(s: RunningReferenceServer) {
  return { apiKey: s.keys.projectKey, orgKey: s.keys.orgKey, projectId: s.keys.projectId, partnerKey: s.keys.partnerKey, memberKey: s.keys.orgMemberKey };
}

describe('runConformance', () => {
  it('runs a whole conformance run from code and returns the report: a faulty server, the findings and exit code 1', async () => {
    const s = await server(['accepts-invalid-body']);
    const { report, exitCode } = await runConformance({
      target: s.baseUrl,
      credentials: keysOf(s),
      include: ['Agents'],
      examples: 10,
      seed: 9,
      reportDir: mkdtempSync(join(tmpdir(), 'occ-lib-')),
    });
    expect(exitCode).toBe(1);
    expect(report!.verdict).toBe('does-not-conform');
    expect(report!.causes.map((c) => c.checkId)).toEqual(['negative-data-rejection']);
    expect(report!.findings.every((f) => f.operationId && f.curl.includes(s.baseUrl.replace(/\/v1$/, '')))).toBe(true);
  }, 120_000);

  it('from a project that installed the package: import { runConformance } from "onecli-conformance" (the compiled bundle)', async () => {
    const s = await server();
    const project = mkdtempSync(join(tmpdir(), 'occ-user-'));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(ROOT, join(project, 'node_modules', 'onecli-conformance'), 'dir');
    writeFileSync(
      join(project, 'check.mjs'),
      `import { runConformance, EXIT } from 'onecli-conformance';
const [target, apiKey, orgKey, projectId] = process.argv.slice(2);
const { report, exitCode } = await runConformance({ target, credentials: { apiKey, orgKey, projectId }, include: ['Secrets'], examples: 5, seed: 1 });
console.log(JSON.stringify({ exitCode, conforms: EXIT.CONFORMS, verdict: report.verdict, operations: report.summary.operations.exercised }));
`,
    );
    const out = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, ['check.mjs', s.baseUrl, s.keys.projectKey, s.keys.orgKey, s.keys.projectId], {
        cwd: project,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('error', fail);
      child.on('close', (code) => (code === 0 ? done(stdout) : fail(new Error(`exit ${code}: ${stderr}`))));
    });
    const result = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ exitCode: 0, conforms: 0, verdict: 'conforms' });
    expect(result.operations).toBeGreaterThan(3);
  }, 120_000);
});
