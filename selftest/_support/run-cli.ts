import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunningReferenceServer } from '../../reference-server/index';
import type { Report } from '../../src/report/types';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  reportDir: string;
  report?: Report;
}

/** Runs `onecli-conformance` as a user would (a child process), with a clean ONECLI_* environment. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliRun> {
  const reportDir = mkdtempSync(join(tmpdir(), 'occ-report-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('ONECLI_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST') env[k] = v;
  }
  Object.assign(env, options.env);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/onecli-conformance.js'), '--report-dir', reportDir, ...args], {
      cwd: options.cwd ?? mkdtempSync(join(tmpdir(), 'occ-cwd-')),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      const file = join(reportDir, 'report.json');
      const report = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Report) : undefined;
      done({ code, stdout, stderr, reportDir, report });
    });
  });
}

/** The environment that points the CLI at a running reference server with its seed keys. */
export function targetEnv(server: RunningReferenceServer): Record<string, string> {
  return {
    ONECLI_BASE_URL: server.baseUrl,
    ONECLI_API_KEY: server.keys.projectKey,
    ONECLI_ORG_API_KEY: server.keys.orgKey,
    ONECLI_PROJECT_ID: server.keys.projectId,
    ONECLI_PARTNER_API_KEY: server.keys.partnerKey,
    ONECLI_ORG_MEMBER_API_KEY: server.keys.orgMemberKey,
  };
}

/** Runs a subcommand (`replay`, `merge`, `cleanup`) as a user would, its arguments exactly as given, with a clean ONECLI_* environment. */
export function runCommand(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith('ONECLI_') && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS' && k !== 'TEST') clean[k] = v;
  }
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/onecli-conformance.js'), ...args], {
      cwd: mkdtempSync(join(tmpdir(), 'occ-cwd-')),
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
