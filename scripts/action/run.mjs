#!/usr/bin/env node
// The GitHub Action's work (action.yml at the repository root calls it; it runs as well on a laptop):
// runs `onecli-conformance` from this checkout with the action's inputs, then
//   - writes the outputs `exit-code`, `verdict`, `report`, `report-dir`, `artifact-name`, `comment-url` to $GITHUB_OUTPUT;
//   - appends summary.md to $GITHUB_STEP_SUMMARY;
//   - on a pull request, creates or updates one comment holding summary.md (found again by a hidden marker),
//     through the GitHub REST API ($GITHUB_API_URL, $GITHUB_REPOSITORY, the pull request of $GITHUB_EVENT_PATH).
// It exits with the CLI's exit code (0 conforms, 1 does not conform, 2 usage, 3 contract, 4 target, 5 internal),
// after all of the above; a comment that cannot be posted is a warning, never a failure.
//
// Inputs come from INPUT_<NAME> variables, the name upper-cased with `-` as `_` (INPUT_API_KEY; the runner's own
// INPUT_API-KEY spelling is read too); an empty one is unset. The keys (api-key, org-key, project-id,
// partner-key, member-key) reach the CLI only through its environment (ONECLI_API_KEY, …), never its command
// line, and are masked (::add-mask::) before anything else is printed. Plain Node ESM, no dependencies.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The hidden line that marks this action's comment on a pull request. */
export const MARKER = '<!-- onecli-conformance -->';
/** GitHub refuses a comment body longer than 65536 characters. */
const COMMENT_LIMIT = 65_000;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'bin', 'onecli-conformance.js');

/** Inputs holding credentials → the CLI's environment variable for each. */
const SECRET_INPUTS = {
  'api-key': 'ONECLI_API_KEY',
  'org-key': 'ONECLI_ORG_API_KEY',
  'project-id': 'ONECLI_PROJECT_ID',
  'partner-key': 'ONECLI_PARTNER_API_KEY',
  'member-key': 'ONECLI_ORG_MEMBER_API_KEY',
};
/** Inputs passed as a flag with their value (none of them secret). */
const FLAG_INPUTS = {
  target: '--target',
  'gateway-target': '--gateway-target',
  seed: '--seed',
  baseline: '--baseline',
  edition: '--edition',
  shard: '--shard',
};
const EXIT_TEXT = {
  0: 'conforms',
  1: 'does not conform',
  2: 'usage or configuration error',
  3: 'contract invalid',
  4: 'target unreachable or unusable',
  5: 'internal error',
  130: 'interrupted',
};

/** An input's value, or undefined when it is unset or empty. */
export function input(name, env = process.env) {
  const upper = name.toUpperCase();
  const value = env[`INPUT_${upper.replace(/[ -]/g, '_')}`] ?? env[`INPUT_${upper.replace(/ /g, '_')}`];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** `false`, `0`, `no` and `off` (any case) are false; anything else set is true; unset is the default. */
export function booleanInput(name, fallback, env = process.env) {
  const value = input(name, env);
  return value === undefined ? fallback : !/^(false|0|no|off)$/i.test(value);
}

/**
 * Splits the `args` input into words as a POSIX shell would, without running one: whitespace separates,
 * '…' is literal, "…" and a bare backslash escape. Throws on an unterminated quote.
 */
export function splitArgs(text) {
  const words = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`args: unterminated ' in ${JSON.stringify(text)}`);
      word += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\' && /["\\$`]/.test(text[i + 1] ?? '')) i++;
        word += text[i];
      }
      if (i >= text.length) throw new Error(`args: unterminated " in ${JSON.stringify(text)}`);
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const KEY_FLAGS = new Set(['--api-key', '--org-key', '--project-id', '--partner-key', '--member-key']);

/** The command line as printed: shell-quoted, the value of a key flag given in `args` shown as ***. */
export function shownArgs(args) {
  let keyed = false;
  const words = args.map((word, i) => {
    const flag = word.split('=')[0];
    if (KEY_FLAGS.has(flag) && word.includes('=')) {
      keyed = true;
      return `${flag}=***`;
    }
    if (i > 0 && KEY_FLAGS.has(args[i - 1]) && !args[i - 1].includes('=')) {
      keyed = true;
      return '***';
    }
    return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
  });
  return { text: words.join(' '), keyed };
}

/** The artifact's name: the input, else one a sharded matrix does not collide on. */
export function artifactName(env = process.env) {
  const given = input('artifact-name', env);
  if (given) return given;
  const shard = input('shard', env);
  return shard ? `onecli-conformance-report-shard-${shard.replace(/[^0-9A-Za-z]+/g, '-')}` : 'onecli-conformance-report';
}

/** Values to mask: each line of every secret input, and of the ONECLI_* keys the job's environment already holds. */
function secrets(env) {
  const values = [];
  for (const [name, variable] of Object.entries(SECRET_INPUTS)) values.push(input(name, env), env[variable]);
  return [...new Set(values.filter(Boolean).flatMap((v) => v.split(/\r?\n/)).map((v) => v.trim()).filter(Boolean))];
}

/** The CLI's environment: the job's, without the action's inputs (the token among them), with the keys given. */
function cliEnv(env) {
  const out = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('INPUT_')) out[k] = v;
  for (const [name, variable] of Object.entries(SECRET_INPUTS)) {
    const value = input(name, env);
    if (value !== undefined) out[variable] = value;
  }
  return out;
}

/** Runs the CLI, its output passed through; resolves to its exit code (a signal: 130 for SIGINT, else 5). */
function runCli(args, env, cwd) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const forward = (signal) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', (error) => {
      process.stdout.write(`::error::onecli-conformance could not be started: ${error.message}\n`);
      done(5);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      done(code ?? (signal === 'SIGINT' ? 130 : 5));
    });
  });
}

/** Whether the CLI's --help lists an option. */
function helpLists(option, env, cwd) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, '--help'], { cwd, env, stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('error', () => done(false));
    child.on('close', () => done(new RegExp(`(^|\\s)${option}(\\s|=|$)`, 'm').test(text)));
  });
}

/** The pull request number of the event payload, if the event is about one. */
function pullRequestNumber(env) {
  const path = env.GITHUB_EVENT_PATH;
  if (!path || !existsSync(path)) return undefined;
  try {
    const payload = JSON.parse(readFileSync(path, 'utf8'));
    const number = payload.pull_request?.number ?? (payload.issue?.pull_request ? payload.issue.number : undefined);
    return Number.isInteger(number) ? number : undefined;
  } catch {
    return undefined;
  }
}

/** Creates the pull request's comment, or updates the one carrying the marker. Returns its html_url. */
export async function upsertComment({ api, repository, number, token, body, marker = MARKER }) {
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${token}`,
    'content-type': 'application/json',
    'user-agent': 'onecli-conformance-action',
    'x-github-api-version': '2022-11-28',
  };
  const call = async (method, path, payload) => {
    const response = await fetch(`${api}${path}`, { method, headers, body: payload === undefined ? undefined : JSON.stringify(payload) });
    if (!response.ok) {
      const text = (await response.text()).slice(0, 200).replace(/\s+/g, ' ');
      throw new Error(`${method} ${path} answered ${response.status}${text ? `: ${text}` : ''}`);
    }
    return response.json();
  };
  let existing;
  for (let page = 1; !existing; page++) {
    const comments = await call('GET', `/repos/${repository}/issues/${number}/comments?per_page=100&page=${page}`);
    existing = comments.find((c) => typeof c.body === 'string' && c.body.includes(marker));
    if (comments.length < 100) break;
  }
  const comment = existing
    ? await call('PATCH', `/repos/${repository}/issues/comments/${existing.id}`, { body })
    : await call('POST', `/repos/${repository}/issues/${number}/comments`, { body });
  return { url: comment.html_url ?? '', updated: Boolean(existing) };
}

function setOutput(env, values) {
  const lines = Object.entries(values).map(([k, v]) => `${k}=${String(v).replace(/[\r\n]+/g, ' ')}\n`);
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, lines.join(''));
  else process.stdout.write(lines.join(''));
}

function modified(file) {
  return existsSync(file) ? statSync(file).mtimeMs : undefined;
}

/** The action's work; returns the exit code to end with. */
export async function main(env = process.env) {
  for (const value of secrets(env)) process.stdout.write(`::add-mask::${value}\n`);
  const cwd = env.GITHUB_WORKSPACE && existsSync(env.GITHUB_WORKSPACE) ? env.GITHUB_WORKSPACE : process.cwd();
  const reportDir = resolve(cwd, input('report-dir', env) ?? 'reports/latest');
  const reportFile = join(reportDir, 'report.json');
  const summaryFile = join(reportDir, 'summary.md');
  const childEnv = cliEnv(env);

  const args = [];
  for (const [name, flag] of Object.entries(FLAG_INPUTS)) {
    const value = input(name, env);
    if (value !== undefined) args.push(flag, value);
  }
  const config = input('config', env);
  if (config !== undefined) {
    if (await helpLists('--config', childEnv, cwd)) args.push('--config', config);
    else process.stdout.write(`::warning::config: this version of onecli-conformance has no --config option; ${config} is not used\n`);
  }
  args.push('--report-dir', reportDir);

  let exitCode;
  let extra = [];
  try {
    extra = splitArgs(input('args', env) ?? '');
  } catch (error) {
    process.stdout.write(`::error::${error.message}\n`);
    exitCode = 2;
  }
  // A key given in args after all: masked too, before anything prints it.
  extra.forEach((word, i) => {
    const value = KEY_FLAGS.has(word.split('=')[0]) && word.includes('=') ? word.slice(word.indexOf('=') + 1) : KEY_FLAGS.has(extra[i - 1]) ? word : '';
    if (value.trim()) process.stdout.write(`::add-mask::${value.trim()}\n`);
  });
  const summaryBefore = modified(summaryFile);
  const reportBefore = modified(reportFile);
  if (exitCode === undefined) {
    const shown = shownArgs([...args, ...extra]);
    if (shown.keyed) process.stdout.write('::warning::args: keys belong in the api-key, org-key, project-id, partner-key and member-key inputs, not on the command line\n');
    process.stdout.write(`onecli-conformance ${shown.text}\n`);
    exitCode = await runCli([...args, ...extra], childEnv, cwd);
  }

  // What this run wrote: a report.json or summary.md left by an earlier run in the same folder is not it.
  const fresh = (file, before) => existsSync(file) && modified(file) !== before;
  let verdict = 'error';
  if (fresh(reportFile, reportBefore)) {
    try {
      verdict = JSON.parse(readFileSync(reportFile, 'utf8')).verdict ?? 'error';
    } catch {
      verdict = 'error';
    }
  }
  const outputs = {
    'exit-code': exitCode,
    verdict,
    report: fresh(reportFile, reportBefore) ? reportFile : '',
    'report-dir': reportDir,
    'artifact-name': artifactName(env),
  };

  let summary = fresh(summaryFile, summaryBefore) ? readFileSync(summaryFile, 'utf8').trimEnd() : '';
  if (!summary) {
    summary = `## OneCLI conformance: no report\n\n\`onecli-conformance\` exited ${exitCode} (${EXIT_TEXT[exitCode] ?? 'unknown exit code'}) before writing summary.md; the job's log says why.`;
  }
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${summary}\n`);

  let commentUrl = '';
  const number = pullRequestNumber(env);
  const token = input('github-token', env) ?? env.GITHUB_TOKEN;
  if (booleanInput('comment', true, env) && number !== undefined) {
    if (!token || !env.GITHUB_REPOSITORY) {
      process.stdout.write('::warning::no pull request comment: github-token or GITHUB_REPOSITORY is not set\n');
    } else {
      const shard = input('shard', env);
      const marker = shard ? `<!-- onecli-conformance shard ${shard} -->` : MARKER;
      const run = env.GITHUB_RUN_ID && env.GITHUB_REPOSITORY ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : '';
      const footer = run ? `\n\n<sub>Reports: artifact \`${outputs['artifact-name']}\` of [this run](${run}).</sub>` : '';
      let text = summary;
      if (text.length + footer.length + marker.length > COMMENT_LIMIT) text = `${text.slice(0, COMMENT_LIMIT - footer.length - marker.length - 40)}\n\n… (cut; summary.md holds the rest)`;
      try {
        const { url, updated } = await upsertComment({
          api: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
          repository: env.GITHUB_REPOSITORY,
          number,
          token,
          body: `${marker}\n${text}${footer}\n`,
          marker,
        });
        commentUrl = url;
        process.stdout.write(`${updated ? 'updated' : 'created'} the pull request comment${url ? ` ${url}` : ''}\n`);
      } catch (error) {
        // A pull request from a fork gets a read-only token: the run's result stands without its comment.
        process.stdout.write(`::warning::the pull request comment could not be written: ${error.message}\n`);
      }
    }
  }
  setOutput(env, { ...outputs, 'comment-url': commentUrl });
  return exitCode;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stdout.write(`::error::onecli-conformance action: ${error?.stack ?? error}\n`);
      process.exitCode = 5;
    },
  );
}
