import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { ROOT } from './_support/run-cli';
// @ts-expect-error: plain ESM without types (scripts/action/run.mjs)
import { shownArgs, splitArgs } from '../scripts/action/run.mjs';

/**
 * The GitHub Action (issue 14): action.yml is a composite action whose work is scripts/action/run.mjs. Here the
 * script runs as the runner would run it, against the reference server, with $GITHUB_OUTPUT and
 * $GITHUB_STEP_SUMMARY in temp files, a pull_request event payload and $GITHUB_API_URL pointing to a local
 * server that plays GitHub's issue-comment API and records what it is sent.
 */
const REPOSITORY = 'acme/onecli-server';
const PR = 42;
const TOKEN = 'ghs_fake-token-for-the-test';
const ARGS = '--include Agents --examples 5';

interface Recorded {
  method: string;
  url: string;
  authorization?: string;
  body: string;
}
interface Comment {
  id: number;
  body: string;
  html_url: string;
}

/** GitHub's issue-comment endpoints, in memory: list (paged), create, update. */
function fakeGitHub(): { server: Server; requests: Recorded[]; comments: Comment[] } {
  const requests: Recorded[] = [];
  // someone else's comment, which the action must leave alone
  const comments: Comment[] = [{ id: 1, body: 'LGTM', html_url: `https://github.com/${REPOSITORY}/pull/${PR}#issuecomment-1` }];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      const url = new URL(req.url!, 'http://localhost');
      const send = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Bad credentials' });
      if (req.method === 'GET' && url.pathname === `/repos/${REPOSITORY}/issues/${PR}/comments`) {
        const page = Number(url.searchParams.get('page') ?? 1);
        const size = Number(url.searchParams.get('per_page') ?? 30);
        return send(200, comments.slice((page - 1) * size, page * size));
      }
      if (req.method === 'POST' && url.pathname === `/repos/${REPOSITORY}/issues/${PR}/comments`) {
        const id = comments.length + 1;
        const comment = { id, body: JSON.parse(body).body, html_url: `https://github.com/${REPOSITORY}/pull/${PR}#issuecomment-${id}` };
        comments.push(comment);
        return send(201, comment);
      }
      const patch = url.pathname.match(new RegExp(`^/repos/${REPOSITORY}/issues/comments/(\\d+)$`));
      const comment = patch && comments.find((c) => c.id === Number(patch[1]));
      if (req.method === 'PATCH' && comment) {
        comment.body = JSON.parse(body).body;
        return send(200, comment);
      }
      send(404, { message: 'Not Found' });
    });
  });
  return { server, requests, comments };
}

interface ActionRun {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  outputText: string;
  summary: string;
}

/** Runs scripts/action/run.mjs as the composite step does: inputs as INPUT_*, the runner's GITHUB_* files. */
function runAction(workspace: string, inputs: Record<string, string>, github: Record<string, string> = {}): Promise<ActionRun> {
  const dir = mkdtempSync(join(tmpdir(), 'occ-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(ONECLI_|VITEST|INPUT_|GITHUB_)/.test(k) || k === 'NODE_OPTIONS' || k === 'TEST') continue;
    env[k] = v;
  }
  Object.assign(env, { GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_WORKSPACE: workspace }, github);
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts/action/run.mjs')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      const outputText = readFileSync(outputFile, 'utf8');
      const outputs = Object.fromEntries(outputText.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      done({ code, stdout, stderr, outputs, outputText, summary: readFileSync(summaryFile, 'utf8') });
    });
  });
}

function keyInputs(server: RunningReferenceServer): Record<string, string> {
  return {
    target: server.baseUrl,
    'api-key': server.keys.projectKey,
    'org-key': server.keys.orgKey,
    'project-id': server.keys.projectId,
    'partner-key': server.keys.partnerKey,
    'member-key': server.keys.orgMemberKey,
  };
}

/** Every key of the server appears nowhere in the texts, but in the ::add-mask:: lines that hide it. */
function expectNoKeys(server: RunningReferenceServer, texts: string[]) {
  const keys = [server.keys.projectKey, server.keys.orgKey, server.keys.partnerKey, server.keys.orgMemberKey];
  for (const text of texts) {
    const lines = text.split('\n').filter((l) => !l.startsWith('::add-mask::'));
    for (const key of [...keys, TOKEN]) expect(lines.join('\n')).not.toContain(key);
  }
}

const servers: RunningReferenceServer[] = [];
let github: ReturnType<typeof fakeGitHub>;
let githubEnv: Record<string, string>;
let workspace: string;
beforeAll(async () => {
  github = fakeGitHub();
  await new Promise<void>((done) => github.server.listen(0, '127.0.0.1', done));
  const event = join(mkdtempSync(join(tmpdir(), 'occ-event-')), 'event.json');
  writeFileSync(event, JSON.stringify({ action: 'synchronize', number: PR, pull_request: { number: PR, head: { sha: 'abc' } } }));
  githubEnv = {
    GITHUB_API_URL: `http://127.0.0.1:${(github.server.address() as AddressInfo).port}`,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: event,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '1234',
  };
  workspace = mkdtempSync(join(tmpdir(), 'occ-workspace-'));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await new Promise((done) => github.server.close(done));
});

describe('GitHub Action (scripts/action/run.mjs)', () => {
  it('a conforming server: exit 0, outputs, the job summary, and one comment created on the pull request', async () => {
    const server = await startReferenceServer();
    servers.push(server);
    const run = await runAction(workspace, { ...keyInputs(server), seed: '3', args: ARGS, 'github-token': TOKEN, comment: 'true' }, githubEnv);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.outputs.verdict).toBe('conforms');
    expect(run.outputs.report).toBe(join(workspace, 'reports/latest/report.json'));
    expect(JSON.parse(readFileSync(run.outputs.report!, 'utf8')).options.seed).toBe(3);
    expect(run.outputs['artifact-name']).toBe('onecli-conformance-report');
    expect(run.summary).toContain('## OneCLI conformance: CONFORMS');
    expect(run.summary.trim()).toBe(readFileSync(join(workspace, 'reports/latest/summary.md'), 'utf8').trim());
    // the command line is printed, without a key
    expect(run.stdout).toContain(`onecli-conformance --target ${server.baseUrl} --seed 3 --report-dir ${join(workspace, 'reports/latest')} --include Agents --examples 5`);
    for (const key of [server.keys.projectKey, server.keys.orgKey, server.keys.partnerKey, server.keys.orgMemberKey]) {
      expect(run.stdout).toContain(`::add-mask::${key}\n`);
    }

    expect(github.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=1`,
      `POST /repos/${REPOSITORY}/issues/${PR}/comments`,
    ]);
    expect(github.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(github.comments).toHaveLength(2);
    const comment = github.comments[1]!;
    expect(comment.body.startsWith('<!-- onecli-conformance -->\n## OneCLI conformance: CONFORMS')).toBe(true);
    expect(comment.body).toContain('[this run](https://github.com/acme/onecli-server/actions/runs/1234)');
    expect(run.outputs['comment-url']).toBe(comment.html_url);
    expect(github.comments[0]!.body).toBe('LGTM');
    expectNoKeys(server, [run.stdout, run.stderr, run.outputText, run.summary, ...github.requests.map((r) => r.body)]);
  });

  it('a server that does not conform: exit 1, the summary written, the same comment updated (PATCH)', async () => {
    const server = await startReferenceServer({ faults: ['accepts-invalid-body'] });
    servers.push(server);
    const before = github.requests.length;
    const run = await runAction(workspace, { ...keyInputs(server), seed: '3', args: ARGS, 'github-token': TOKEN }, githubEnv);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.outputs['exit-code']).toBe('1');
    expect(run.outputs.verdict).toBe('does-not-conform');
    expect(run.outputs.report).toBe(join(workspace, 'reports/latest/report.json'));
    expect(run.summary).toContain('## OneCLI conformance: DOES NOT CONFORM');
    expect(run.summary).toContain('negative-data-rejection');

    expect(github.requests.slice(before).map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET /repos/${REPOSITORY}/issues/${PR}/comments?per_page=100&page=1`,
      `PATCH /repos/${REPOSITORY}/issues/comments/2`,
    ]);
    expect(github.comments).toHaveLength(2);
    expect(github.comments[1]!.body.startsWith('<!-- onecli-conformance -->\n## OneCLI conformance: DOES NOT CONFORM')).toBe(true);
    expect(github.comments[1]!.body).toContain('negative-data-rejection');
    expect(github.comments[0]!.body).toBe('LGTM');
    expectNoKeys(server, [run.stdout, run.stderr, run.outputText, run.summary, ...github.requests.map((r) => r.body)]);
  });

  it('a run that writes no report (a usage error): its exit code, verdict error, a summary saying so; an earlier report is not taken for it', async () => {
    const server = servers[0]!;
    const before = github.requests.length;
    // the same workspace: reports/latest/report.json of the runs above is there, and is not this run's
    // a key put in args after all is masked, and shown as *** on the printed command line
    const run = await runAction(workspace, { ...keyInputs(server), args: `--examples "not a number" --api-key ${server.keys.projectKey}`, comment: 'false' }, githubEnv);
    expect(run.code, run.stdout + run.stderr).toBe(2);
    expect(run.stdout).toContain("--examples 'not a number' --api-key ***");
    expect(run.stdout).toContain('::warning::args: keys belong in the api-key');
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.outputs.verdict).toBe('error');
    expect(run.outputs.report).toBe('');
    expect(run.summary).toContain('`onecli-conformance` exited 2 (usage or configuration error) before writing summary.md');
    expect(github.requests.length).toBe(before); // comment: false
    expectNoKeys(server, [run.stdout, run.stderr, run.outputText, run.summary]);
  });

  it('config is passed only when the CLI lists --config; a comment the API refuses is a warning, not a failure', async () => {
    const server = servers[0]!;
    const help = await new Promise<string>((done) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/onecli-conformance.js'), '--help'], { stdio: ['ignore', 'pipe', 'ignore'] });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.on('close', () => done(text));
    });
    const listed = /(^|\s)--config(\s|=|$)/m.test(help);
    const config = join(mkdtempSync(join(tmpdir(), 'occ-config-')), 'conformance.config.json');
    writeFileSync(config, '{}\n');
    const run = await runAction(
      mkdtempSync(join(tmpdir(), 'occ-workspace-')),
      { ...keyInputs(server), seed: '3', args: ARGS, config, shard: '1/1', 'github-token': 'wrong-token' },
      githubEnv,
    );
    if (listed) {
      expect(run.stdout).toContain(`--config ${config}`);
    } else {
      expect(run.stdout).toContain('::warning::config: this version of onecli-conformance has no --config option');
      expect(run.code, run.stdout + run.stderr).toBe(0);
    }
    expect(run.stdout).toMatch(/::warning::the pull request comment could not be written: GET \/repos\/acme\/onecli-server\/issues\/42\/comments\?per_page=100&page=1 answered 401/);
    expect(run.outputs['artifact-name']).toBe('onecli-conformance-report-shard-1-1');
    expect(run.outputs['comment-url']).toBe('');
    expect(run.stdout).not.toContain('wrong-token');
  });

  it('args are split as a shell splits words, without running one', () => {
    expect(splitArgs(`--include Agents,Secrets  --examples 5`)).toEqual(['--include', 'Agents,Secrets', '--examples', '5']);
    expect(splitArgs(`--exclude 'a b' --x "c \\"d\\" $e" f\\ g ''`)).toEqual(['--exclude', 'a b', '--x', 'c "d" $e', 'f g', '']);
    expect(splitArgs('  ')).toEqual([]);
    expect(() => splitArgs(`--x 'open`)).toThrow(/unterminated '/);
    expect(shownArgs(['--target', 'http://h/v1', '--org-key', 'oc_org_1', '--member-key=oc_org_2', "it's"])).toEqual({
      text: "--target http://h/v1 --org-key *** --member-key=*** 'it'\\''s'",
      keyed: true,
    });
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'));
  const steps: Array<Record<string, any>> = action.runs.steps;
  const KEYS = ['api-key', 'org-key', 'project-id', 'partner-key', 'member-key'];

  it('is a composite action with the documented inputs and outputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['target', ...KEYS, 'gateway-target', 'seed', 'baseline', 'edition', 'shard', 'config', 'report-dir', 'args', 'comment', 'github-token']),
    );
    expect(action.inputs['report-dir'].default).toBe('reports/latest');
    expect(String(action.inputs.comment.default)).toBe('true');
    expect(action.inputs['github-token'].default).toBe('${{ github.token }}');
    for (const name of ['exit-code', 'verdict', 'report']) expect(action.outputs[name].value).toBe(`\${{ steps.run.outputs.${name} }}`);
  });

  it('hands every input to run.mjs through the environment, keys never in a command line', () => {
    const run = steps.find((s) => s.id === 'run')!;
    expect(run.run).toContain('scripts/action/run.mjs');
    const names = Object.keys(action.inputs);
    expect(Object.keys(run.env).sort()).toEqual(names.map((n) => `INPUT_${n.toUpperCase().replace(/-/g, '_')}`).sort());
    for (const name of names) expect(run.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`]).toBe(`\${{ inputs.${name} }}`);
    for (const step of steps) for (const key of KEYS) expect(`${step.run ?? ''}${JSON.stringify(step.with ?? {})}`).not.toContain(`inputs.${key}`);
  });

  it('uploads the reports even when the run failed, and ends with the CLI exit code', () => {
    const upload = steps.find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    expect(upload.uses).toBe('actions/upload-artifact@v4');
    expect(upload.if).toBe('always()');
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.findIndex((s) => s.id === 'run'));
    const last = steps.at(-1)!;
    expect(last.env.EXIT_CODE).toBe('${{ steps.run.outputs.exit-code }}');
    expect(last.run).toContain('exit "$EXIT_CODE"');
    expect(steps.find((s) => String(s.uses).startsWith('actions/setup-node@'))?.if).toBe("steps.node.outputs.ok != 'true'");
  });
});
