import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { Journal } from '../src/runner/journal';
import { ROOT, runCli, runCommand, targetEnv } from './_support/run-cli';

/**
 * An interrupted run on a server it does not own: Ctrl-C undoes what the run made before it exits (130, no
 * report); after a crash (SIGKILL, nothing can run), `onecli-conformance cleanup` undoes it from the journal
 * (all but a create whose answer was still in flight when the process died).
 * The server's agents and secrets are compared before and after.
 */
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function server(): Promise<RunningReferenceServer> {
  const s = await startReferenceServer({});
  servers.push(s);
  return s;
}

async function holdings(s: RunningReferenceServer): Promise<string[]> {
  const ids: string[] = [];
  for (const path of ['/agents', '/secrets', '/rules']) {
    const res = await fetch(`${s.baseUrl}${path}`, { headers: { authorization: `Bearer ${s.keys.projectKey}` } });
    const body = (await res.json()) as Array<{ id: string }> | { rules?: Array<{ id: string }> };
    const items = Array.isArray(body) ? body : Object.values(body).find(Array.isArray) ?? [];
    ids.push(...(items as Array<{ id: string }>).map((i) => `${path}/${i.id}`));
  }
  return ids.sort();
}

/**
 * Starts a run against `s` and sends `signal` once the journal holds at least `pending` resources the run made
 * and has not deleted yet; resolves with the exit code, stderr and the report directory.
 */
/** Requests in flight at most: a crash can leave at most this many creates whose answers never came back. */
const CONCURRENCY = 4;

function interruptedRun(s: RunningReferenceServer, signal: NodeJS.Signals, pending: number) {
  const reportDir = mkdtempSync(join(tmpdir(), 'occ-interrupt-'));
  const journal = join(reportDir, 'journal.jsonl');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('ONECLI_') && !k.startsWith('VITEST') && k !== 'TEST') env[k] = v;
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/onecli-conformance.js'), '--include', 'Agents,Secrets,Rules', '--examples', '10', '--seed', '5', '--concurrency', String(CONCURRENCY), '--report-dir', reportDir],
    { cwd: reportDir, env: { ...env, ...targetEnv(s) }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let signalled = false;
  let atSignal = 0;
  const poll = setInterval(() => {
    if (signalled) return;
    if (Journal.pending(journal, s.baseUrl).deletes.length >= pending) {
      signalled = true;
      atSignal = s.requestCount();
      child.kill(signal);
    }
  }, 20);
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; reportDir: string; signalled: boolean; sentAfter: number }>(
    (done) =>
      child.on('close', (code, sig) => {
        clearInterval(poll);
        done({ code, signal: sig, stderr, reportDir, signalled, sentAfter: s.requestCount() - atSignal });
      }),
  );
}

describe.concurrent('interrupted runs on a server the run does not own', () => {
  it('Ctrl-C: the run undoes what it made, exits 130 and writes no report', async () => {
    const s = await server();
    const before = await holdings(s);
    const run = await interruptedRun(s, 'SIGINT', 3);
    expect(run.signalled, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toMatch(/interrupted; undid \d+ change\(s\) the run made on the target; no report written/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(run.reportDir, 'report.json'))).toBe(false);
    // Nothing left to undo: the journal is not kept.
    expect(existsSync(join(run.reportDir, 'journal.jsonl'))).toBe(false);
    expect(await holdings(s)).toEqual(before);
    // It stopped there: the windows under way, the deletes and the journal's undo, not the rest of the run.
    expect(run.sentAfter).toBeLessThan(300);
  }, 120_000);

  it('a crash (SIGKILL) leaves the journal; the next run says so, and cleanup undoes it', async () => {
    const s = await server();
    const before = await holdings(s);
    const run = await interruptedRun(s, 'SIGKILL', 3);
    expect(run.signal).toBe('SIGKILL');
    const left = Journal.pending(join(run.reportDir, 'journal.jsonl'), s.baseUrl).deletes.length;
    // Keys are never written to the journal.
    for (const key of [s.keys.projectKey, s.keys.orgKey, s.keys.partnerKey, s.keys.orgMemberKey]) expect(readFileSync(join(run.reportDir, 'journal.jsonl'), 'utf8')).not.toContain(key);
    expect(left).toBeGreaterThanOrEqual(3);
    expect(await holdings(s)).not.toEqual(before);

    const next = await runCli(['--include', 'getHealth', '--examples', '1', '--report-dir', run.reportDir], { env: targetEnv(s) });
    expect(next.stderr).toContain(`an earlier run left ${left} thing(s) to undo on this target`);

    const journalText = readFileSync(join(run.reportDir, 'journal.jsonl'), 'utf8');
    const cleanup = await runCommand(['cleanup', '--report-dir', run.reportDir], targetEnv(s));
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toContain(`cleanup: ${left} undone, 0 left`);
    // Everything the journal holds is gone. A create in flight when the process died (its answer never came
    // back, so its id was never journaled) can survive: at most one per request in flight, never a journaled one.
    const after = await holdings(s);
    const journaled = journalText;
    const extra = after.filter((x) => !before.includes(x));
    expect(extra.filter((x) => journaled.includes(x.split('/').pop()!))).toEqual([]);
    expect(extra.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(before.every((x) => after.includes(x))).toBe(true);
    const again = await runCommand(['cleanup', '--report-dir', run.reportDir], targetEnv(s));
    expect(again.stdout).toContain('cleanup: 0 undone, 0 left');
  }, 120_000);
});
