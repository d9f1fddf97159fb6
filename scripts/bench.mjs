#!/usr/bin/env node
// `npm run bench [-- options …run options]`: the speed figures of issue 13, each the median (with min and
// max) of --runs runs, one run after another (never two at once), printed as a table and written to
// <out>/bench.json with every raw run. What is measured (--only picks a subset, in any order):
//   ceiling   a served reference server (`npm run serve`) under a bare undici loop: --concurrency GET
//             /agents in flight for --ceiling-s seconds; requests/s (and the same through the bench proxy)
//   network   the CLI as an external target against a fresh served reference server, through a counting
//             proxy in this process: wall time, every request the suite sent, requests/s, ratio to the
//             ceiling, time from spawning the CLI to its first request, requests per phase (report.json)
//   delayed   the same run with every answer delayed --delay-ms by the proxy; wall time, ratio to network
//   embedded  the CLI with no target (embedded reference server); wall time
//   contract  loading openapi.yaml and compiling every schema, in a child process (scripts/bench/contract.ts)
// and the peak RSS of each CLI process tree (scripts/bench/tree-rss.mjs). Options:
//   --runs N (3) --seed S (1; run i uses S+i) --concurrency N (16; passed to the CLI only if its --help
//   lists --concurrency) --delay-ms MS (20) --ceiling-s S (3) --only LIST --root DIR (the checkout to
//   measure: its bin/onecli-conformance.js and `npm run serve`; default this one) --out DIR (reports/bench)
// Any other option goes to every CLI run (e.g. --include Agents, --examples 20).
// Speed is measured here, never asserted in tests. Exit code: 0, or 1 when a CLI run wrote no report.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { startProxy } from './bench/proxy.mjs';
import { watchTreeRss } from './bench/tree-rss.mjs';

const HERE = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KINDS = ['contract', 'ceiling', 'embedded', 'network', 'delayed'];
const GOALS = { ratio: 0.5, firstRequestS: 1, delayedRatio: 1.5, embeddedWallS: 15, peakMB: 500 };
// as scripts/external-loop.sh: what an external target must also get for every operation to be exercised
const DEFAULT_ALLOW_DESTRUCTIVE = 'setDefaultAgent,updateUser';

// ---- options --------------------------------------------------------------------------------------------
const own = {
  runs: { type: 'string' },
  seed: { type: 'string' },
  concurrency: { type: 'string' },
  'delay-ms': { type: 'string' },
  'ceiling-s': { type: 'string' },
  only: { type: 'string' },
  root: { type: 'string' },
  out: { type: 'string' },
};
const { values, tokens } = parseArgs({ args: process.argv.slice(2), strict: false, tokens: true, options: own });
const usage = (message) => {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
};
const int = (name, fallback, min, max) => {
  const v = values[name] === undefined ? fallback : Number(values[name]);
  if (!Number.isFinite(v) || v < min || v > max || (name !== 'ceiling-s' && !Number.isInteger(v))) usage(`--${name} must be a number from ${min} to ${max}`);
  return v;
};
const runs = int('runs', 3, 1, 100);
const firstSeed = int('seed', 1, -(2 ** 31), 2 ** 31 - 1);
const concurrency = int('concurrency', 16, 1, 1024);
const delayMs = int('delay-ms', 20, 0, 10_000);
const ceilingS = int('ceiling-s', 3, 0.5, 600);
const only = values.only === undefined ? KINDS : String(values.only).split(',').filter(Boolean);
for (const k of only) if (!KINDS.includes(k)) usage(`--only: unknown ${JSON.stringify(k)} (known: ${KINDS.join(', ')})`);
const selected = KINDS.filter((k) => only.includes(k));
const root = resolve(values.root === undefined ? HERE : String(values.root));
const outDir = resolve(HERE, values.out === undefined ? join('reports', 'bench') : String(values.out));
const bin = join(root, 'bin', 'onecli-conformance.js');
if (!existsSync(bin)) usage(`--root ${root}: no bin/onecli-conformance.js there`);
const passThrough = [];
for (const t of tokens) {
  if (t.kind === 'option' && !(t.name in own)) passThrough.push(t.rawName, ...(t.value !== undefined ? [t.value] : []));
  if (t.kind === 'positional') passThrough.push(t.value);
}
const allowDestructiveGiven = passThrough.some((a) => a === '--allow-destructive' || a.startsWith('--allow-destructive='));

// ---- the measured checkout ------------------------------------------------------------------------------
async function waitForNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  for (let waited = 0; !existsSync(marker) || !existsSync(join(root, 'node_modules', 'tsx')); waited += 2) {
    if (waited === 0) process.stdout.write(`waiting for ${relative(process.cwd(), join(root, 'node_modules')) || 'node_modules'} (npm ci)…\n`);
    if (waited > 600) usage(`${root}/node_modules is still missing after 10 min: run npm ci there`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}
await waitForNodeModules();
const git = (...args) => {
  try {
    return execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
};
const commit = git('rev-parse', 'HEAD');
const dirtyFiles = git('status', '--porcelain', '--untracked-files=no');
const help = execFileSync(process.execPath, [bin, '--help'], { cwd: root, encoding: 'utf8', env: cleanEnv() });
const cliHasConcurrency = /--concurrency\b/.test(help);
const envFile = existsSync(join(root, '.env'));

/** The environment of every child: ours without ONECLI_* (a run sees only what the bench gives it). */
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ONECLI_')));
}

// ---- children, and their end on exit / errors / Ctrl-C -------------------------------------------------
const live = new Set(); // { pid, name } of detached process groups we started
const proxies = new Set();
let interrupted = false;
let currentCli; // the running CLI: it gets SIGINT first (it undoes what it made)

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    /* gone */
  }
}
process.on('exit', () => {
  for (const child of live) killGroup(child.pid, 'SIGKILL');
});
// not SIGHUP: under nohup it must stay ignored
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) {
      // a second Ctrl-C: no more waiting
      for (const child of live) killGroup(child.pid, 'SIGKILL');
      process.exit(130);
    }
    interrupted = true;
    process.stderr.write(`\nbench: ${signal}, stopping…\n`);
    if (currentCli) killGroup(currentCli.pid, 'SIGINT');
    // the CLI has 20 s to undo what it made; then everything goes
    setTimeout(() => shutdown(130), currentCli ? 20_000 : 0).unref();
    if (!currentCli) void shutdown(130);
  });
}
process.on('uncaughtException', (error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  void shutdown(1);
});
process.on('unhandledRejection', (error) => {
  process.stderr.write(`bench: ${error?.stack ?? error}\n`);
  void shutdown(1);
});
async function shutdown(code) {
  for (const p of proxies) await p.close().catch(() => {});
  for (const child of live) killGroup(child.pid, 'SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  process.exit(code);
}

/** Spawns a detached child (its own process group, so that its whole tree can be ended). */
function spawnGroup(name, command, args, options) {
  const child = spawn(command, args, { cwd: root, env: cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const entry = { pid: child.pid, name };
  live.add(entry);
  child.on('close', () => live.delete(entry));
  return child;
}

/** `npm run serve -- --port 0` in the root; resolves when it printed its keys. */
function startServe() {
  return new Promise((resolveStart, rejectStart) => {
    const child = spawnGroup('serve', 'npm', ['run', '--silent', 'serve', '--', '--port', '0']);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => fail(new Error(`npm run serve printed no keys in 60 s: ${stderr.trim().split('\n')[0] ?? ''}`)), 60_000);
    const fail = (error) => {
      clearTimeout(timer);
      killGroup(child.pid, 'SIGKILL');
      rejectStart(error);
    };
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      const vars = Object.fromEntries([...stdout.matchAll(/^(ONECLI_[A-Z_]+)=(.*)$/gm)].map((m) => [m[1], m[2].trim()]));
      if (vars.ONECLI_BASE_URL && vars.ONECLI_PARTNER_API_KEY && vars.ONECLI_ORG_MEMBER_API_KEY && /\n$/.test(stdout)) {
        clearTimeout(timer);
        resolveStart({
          vars,
          baseUrl: new URL(vars.ONECLI_BASE_URL),
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              const hard = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
              child.once('close', () => {
                clearTimeout(hard);
                done();
              });
              killGroup(child.pid, 'SIGTERM');
            }),
        });
      }
    });
    child.on('close', (code) => fail(new Error(`npm run serve exited (${code}) before printing its keys: ${stderr.trim().split('\n')[0] ?? ''}`)));
  });
}

async function withProxy(options, fn) {
  const proxy = await startProxy(options);
  proxies.add(proxy);
  try {
    return await fn(proxy);
  } finally {
    proxies.delete(proxy);
    await proxy.close();
  }
}

/** One CLI run: wall time, exit, peak RSS of its tree, what its report.json says. */
function runCli(label, args) {
  const reportDir = join(outDir, label);
  rmSync(reportDir, { recursive: true, force: true });
  mkdirSync(reportDir, { recursive: true });
  const fullArgs = [...args, ...(cliHasConcurrency ? ['--concurrency', String(concurrency)] : []), '--report-dir', reportDir, ...passThrough];
  const log = createWriteStream(join(reportDir, 'out.txt'));
  return new Promise((done) => {
    const spawnedAt = process.hrtime.bigint();
    const child = spawnGroup('cli', process.execPath, [bin, ...fullArgs]);
    currentCli = child;
    const rss = watchTreeRss(child.pid);
    let stderr = '';
    child.stdout.pipe(log, { end: false });
    child.stderr.on('data', (d) => {
      stderr += d;
      log.write(d);
    });
    child.on('close', (code, signal) => {
      const wallS = Number(process.hrtime.bigint() - spawnedAt) / 1e9;
      currentCli = undefined;
      log.end();
      const memory = rss.stop();
      const result = { label, args: fullArgs.map((a) => (/^oc_/.test(a) ? 'oc_…' : a)), exit: code ?? signal, wallS, spawnedAt, peakMB: memory.peakHwmMB, peakSampledRssMB: memory.peakRssMB, everHwmMB: memory.everHwmMB, processes: memory.processes, largestProcesses: memory.largest, reportDir: relative(HERE, reportDir) };
      let report;
      try {
        report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8'));
      } catch {
        result.noReport = true;
        result.stderr = stderr.trim().split('\n')[0] ?? '';
        process.stdout.write(`  ${label}: no report.json (exit ${result.exit}): ${result.stderr}\n`);
        return done(result);
      }
      const phases = {};
      for (const op of report.operations ?? []) {
        for (const [phase, p] of Object.entries(op.phases ?? {})) if (!p.notRun) phases[phase] = (phases[phase] ?? 0) + (p.requests ?? 0);
      }
      Object.assign(result, { verdict: report.verdict, reportRequests: report.requests, runS: report.durationMs / 1000, phases });
      // exit 0 and 1 are verdicts; anything else is worth its first line (an internal error, an unreachable target)
      if (code !== 0 && code !== 1) result.stderr = stderr.trim().split('\n').find((l) => l.trim() !== '') ?? '';
      done(result);
    });
  });
}

const keyArgs = (serve, target) => [
  '--target', target,
  '--api-key', serve.vars.ONECLI_API_KEY,
  '--org-key', serve.vars.ONECLI_ORG_API_KEY,
  '--project-id', serve.vars.ONECLI_PROJECT_ID,
  '--partner-key', serve.vars.ONECLI_PARTNER_API_KEY,
  '--member-key', serve.vars.ONECLI_ORG_MEMBER_API_KEY,
  ...(allowDestructiveGiven ? [] : ['--allow-destructive', DEFAULT_ALLOW_DESTRUCTIVE]),
];

// ---- the measurements -----------------------------------------------------------------------------------
/** --concurrency GET /agents with the project key kept in flight for `seconds`; requests/s. */
async function loop(origin, path, key, seconds) {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1, keepAliveTimeout: 30_000 });
  let count = 0;
  let non2xx = 0;
  const once = async () => {
    const { statusCode, body } = await pool.request({ path, method: 'GET', headers: { authorization: `Bearer ${key}` } });
    await body.dump();
    if (statusCode < 200 || statusCode > 299) non2xx++;
  };
  try {
    const warmEnd = performance.now() + 500;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < warmEnd && !interrupted) await once();
    }));
    const start = performance.now();
    const end = start + seconds * 1000;
    non2xx = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (performance.now() < end && !interrupted) {
        await once();
        count++;
      }
    }));
    const elapsedS = (performance.now() - start) / 1000;
    return { requests: count, seconds: elapsedS, reqPerS: count / elapsedS, non2xx };
  } finally {
    await pool.close();
  }
}

const measure = {
  async contract(i) {
    const started = performance.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(HERE, 'scripts', 'bench', 'contract.ts'), root], { cwd: root, encoding: 'utf8', env: cleanEnv() });
    const r = JSON.parse(out.trim().split('\n').at(-1));
    return { run: i, ...r, processS: (performance.now() - started) / 1000 };
  },
  async ceiling(i) {
    const serve = await startServe();
    try {
      const path = `${serve.baseUrl.pathname.replace(/\/$/, '')}/agents`;
      const direct = await loop(serve.baseUrl.origin, path, serve.vars.ONECLI_API_KEY, ceilingS);
      const viaProxy = await withProxy({ upstream: serve.baseUrl.origin }, (proxy) => loop(proxy.origin, path, serve.vars.ONECLI_API_KEY, ceilingS));
      return { run: i, route: `GET ${path}`, concurrency, reqPerS: direct.reqPerS, direct, viaProxyReqPerS: viaProxy.reqPerS, viaProxy };
    } finally {
      await serve.stop();
    }
  },
  async embedded(i) {
    const seed = firstSeed + i;
    return { run: i, seed, ...(await runCli(`embedded-${seed}`, ['--seed', String(seed)])) };
  },
  network: (i) => external(i, 'network', 0),
  delayed: (i) => external(i, 'delayed', delayMs),
};

async function external(i, kind, delay) {
  const seed = firstSeed + i;
  const serve = await startServe();
  try {
    return await withProxy({ upstream: serve.baseUrl.origin, delayMs: delay }, async (proxy) => {
      const target = `${proxy.origin}${serve.baseUrl.pathname}`;
      const r = await runCli(`${kind}-${seed}`, ['--seed', String(seed), ...keyArgs(serve, target)]);
      const s = proxy.stats;
      const phaseSum = r.phases ? Object.values(r.phases).reduce((a, b) => a + b, 0) : undefined;
      const result = {
        run: i,
        seed,
        delayMs: delay,
        ...r,
        proxyRequests: s.requests,
        proxyFailed: s.failed,
        proxyParseErrors: s.parseErrors,
        ...(s.lastErrors ? { proxyErrors: s.lastErrors } : {}),
        reqPerS: s.requests / r.wallS,
        firstRequestS: s.firstRequestAt === undefined ? undefined : Number(s.firstRequestAt - r.spawnedAt) / 1e9,
        activeS: s.firstRequestAt === undefined || s.lastAnswerAt === undefined ? undefined : Number(s.lastAnswerAt - s.firstRequestAt) / 1e9,
        outsidePhases: phaseSum === undefined ? undefined : s.requests + s.parseErrors - phaseSum,
      };
      result.activeReqPerS = result.activeS ? s.requests / result.activeS : undefined;
      return result;
    });
  } finally {
    await serve.stop();
  }
}

// ---- statistics, table, bench.json ----------------------------------------------------------------------
const median = (xs) => (xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2);
function stat(list, pick) {
  const xs = list.map(pick).filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return xs.length ? { median: median(xs), min: xs[0], max: xs.at(-1), n: xs.length } : undefined;
}
const results = Object.fromEntries(selected.map((k) => [k, []]));

function summarize() {
  const s = {};
  const r = results;
  if (r.contract?.length) s.contract = { loadMs: stat(r.contract, (x) => x.loadMs), compileMs: stat(r.contract, (x) => x.compileMs), totalMs: stat(r.contract, (x) => x.totalMs), processS: stat(r.contract, (x) => x.processS) };
  if (r.ceiling?.length) s.ceiling = { reqPerS: stat(r.ceiling, (x) => x.reqPerS), viaProxyReqPerS: stat(r.ceiling, (x) => x.viaProxyReqPerS) };
  const ceilingMedian = s.ceiling?.reqPerS?.median;
  for (const kind of ['network', 'delayed']) {
    if (!r[kind]?.length) continue;
    const list = r[kind];
    const order = ['examples', 'coverage', 'positive', 'negative', 'auth', 'headers', 'roles', 'methods', 'stateful'];
    const rank = (p) => (order.includes(p) ? order.indexOf(p) : order.length);
    const phases = [...new Set(list.flatMap((x) => Object.keys(x.phases ?? {})))].sort((a, b) => rank(a) - rank(b));
    s[kind] = {
      wallS: stat(list, (x) => x.wallS),
      proxyRequests: stat(list, (x) => x.proxyRequests),
      reqPerS: stat(list, (x) => x.reqPerS),
      activeReqPerS: stat(list, (x) => x.activeReqPerS),
      firstRequestS: stat(list, (x) => x.firstRequestS),
      peakMB: stat(list, (x) => x.peakMB),
      phases: Object.fromEntries(phases.map((p) => [p, stat(list, (x) => x.phases?.[p] ?? (x.phases ? 0 : undefined))])),
      outsidePhases: stat(list, (x) => x.outsidePhases),
    };
    if (ceilingMedian) s[kind].ratioToCeiling = stat(list, (x) => x.reqPerS / ceilingMedian);
  }
  if (r.delayed?.length && r.network?.length) {
    // run i of both has the same seed: the ratio is taken per seed
    const bySeed = new Map(r.network.map((x) => [x.seed, x.wallS]));
    s.delayed.ratioToNetwork = stat(r.delayed, (x) => (bySeed.has(x.seed) ? x.wallS / bySeed.get(x.seed) : undefined));
  }
  if (r.embedded?.length) s.embedded = { wallS: stat(r.embedded, (x) => x.wallS), reportRequests: stat(r.embedded, (x) => x.reportRequests), peakMB: stat(r.embedded, (x) => x.peakMB) };
  return s;
}

function writeJson(summary, finished) {
  const strip = (x) => Object.fromEntries(Object.entries(x).filter(([k]) => k !== 'spawnedAt'));
  const doc = {
    finished,
    root,
    commit: commit ?? null,
    dirty: dirtyFiles === undefined ? null : dirtyFiles.length > 0,
    node: process.version,
    cores: availableParallelism(),
    // other work on the machine skews every figure: the 1-minute load average when the bench started and now
    loadAverage: { start: loadAtStart, now: loadavg()[0] },
    runs,
    seeds: [firstSeed, firstSeed + runs - 1],
    concurrency,
    concurrencyPassedToCli: cliHasConcurrency,
    delayMs,
    ceilingS,
    only: selected,
    passThrough,
    envFileInRoot: envFile,
    rss: 'peakMB: largest sum, in one /proc sample (every 100 ms), of VmHWM over the processes of the CLI tree then alive; peakSampledRssMB: largest sum of VmRSS in one sample (lower bound); everHwmMB: sum of VmHWM over every process the tree ever had',
    goals: GOALS,
    summary,
    results: Object.fromEntries(Object.entries(results).map(([k, list]) => [k, list.map(strip)])),
  };
  writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(doc, null, 2)}\n`);
}

const fmt = (x, digits) => (x === undefined ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
function table(summary) {
  const rows = [];
  const row = (name, st, digits, goal) => {
    if (!st) return rows.push([name, '–', '–', '–', goal ? `${goal.text} ?` : '']);
    const mark = goal ? `${goal.text} ${goal.ok(st.median) ? '✓' : '✗'}` : '';
    rows.push([name, fmt(st.median, digits), fmt(st.min, digits), fmt(st.max, digits), mark]);
  };
  const rssGoal = { text: `≤ ${GOALS.peakMB} MB`, ok: (v) => v <= GOALS.peakMB };
  const c = summary.contract;
  if (c) {
    row('contract  load (ms)', c.loadMs, 0);
    row('contract  compile every schema (ms)', c.compileMs, 0);
    row('contract  load + compile (ms)', c.totalMs, 0);
    row('contract  child process, tsx included (s)', c.processS, 2);
  }
  if (summary.ceiling) {
    row(`ceiling   GET /agents, ${concurrency} in flight (req/s)`, summary.ceiling.reqPerS, 0);
    row('ceiling   same through the bench proxy (req/s)', summary.ceiling.viaProxyReqPerS, 0);
  }
  const n = summary.network;
  if (n) {
    row('network   wall (s)', n.wallS, 1);
    row('network   requests at the proxy', n.proxyRequests, 0);
    row('network   requests/s (proxy count / wall)', n.reqPerS, 0);
    row('network   requests/s, first request to last answer', n.activeReqPerS, 0);
    if (n.ratioToCeiling) row('network   ratio to the ceiling (requests/s above)', n.ratioToCeiling, 2, { text: `≥ ${GOALS.ratio}`, ok: (v) => v >= GOALS.ratio });
    else rows.push(['network   ratio to the ceiling (requests/s above)', '–', '–', '–', `≥ ${GOALS.ratio} (needs ceiling)`]);
    row('network   spawn to first request (s)', n.firstRequestS, 2, { text: `≤ ${GOALS.firstRequestS} s`, ok: (v) => v <= GOALS.firstRequestS });
    row('network   peak RSS (MB)', n.peakMB, 0, rssGoal);
    for (const [phase, st] of Object.entries(n.phases)) row(`  phase ${phase} (requests)`, st, 0);
    row('  outside phases (proxy − phases)', n.outsidePhases, 0);
  }
  const d = summary.delayed;
  if (d) {
    row(`delayed   wall, ${delayMs} ms per answer (s)`, d.wallS, 1);
    row('delayed   requests at the proxy', d.proxyRequests, 0);
    if (d.ratioToNetwork) row('delayed   ratio to network (same seed)', d.ratioToNetwork, 2, { text: `≤ ${GOALS.delayedRatio}`, ok: (v) => v <= GOALS.delayedRatio });
    else rows.push(['delayed   ratio to network (same seed)', '–', '–', '–', `≤ ${GOALS.delayedRatio} (needs network)`]);
    row('delayed   peak RSS (MB)', d.peakMB, 0, rssGoal);
  }
  const e = summary.embedded;
  if (e) {
    row('embedded  wall (s)', e.wallS, 1, { text: `≤ ${GOALS.embeddedWallS} s`, ok: (v) => v <= GOALS.embeddedWallS });
    row('embedded  requests (report.json)', e.reportRequests, 0);
    row('embedded  peak RSS (MB)', e.peakMB, 0, rssGoal);
  }
  const head = ['', 'median', 'min', 'max', 'goal (on the median)'];
  const widths = head.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col].length)));
  const line = (r) => r.map((cell, col) => (col === 0 || col === 4 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

// ---- main -----------------------------------------------------------------------------------------------
const loadAtStart = loadavg()[0];
mkdirSync(outDir, { recursive: true });
const label = `${relative(HERE, root) === '' ? 'this checkout' : root} @ ${commit?.slice(0, 7) ?? 'no git'}${dirtyFiles ? ' (uncommitted changes)' : ''}`;
process.stdout.write(
  [
    `bench of ${label}, Node ${process.version}`,
    `${runs} run(s) per figure, seeds ${firstSeed}…${firstSeed + runs - 1}, ${selected.join(', ')}${passThrough.length ? `; CLI options: ${passThrough.join(' ')}` : ''}`,
    `--concurrency ${concurrency}: ${cliHasConcurrency ? 'passed to the CLI' : 'ceiling loop only (the CLI --help lists no --concurrency)'}`,
    ...(envFile ? [`warning: ${join(root, '.env')} exists; the CLI runs read it`] : []),
    '',
  ].join('\n'),
);

let exitCode = 0;
for (const kind of selected) {
  for (let i = 0; i < runs && !interrupted; i++) {
    let r;
    const loadBefore = loadavg()[0];
    try {
      r = { ...(await measure[kind](i)), loadBefore };
    } catch (error) {
      // e.g. `npm run serve` did not start: recorded, and the next run is tried
      if (interrupted) break;
      exitCode = 1;
      results[kind].push({ run: i, error: String(error?.message ?? error) });
      process.stdout.write(`${kind.padEnd(9)} ${i + 1}/${runs}  failed: ${error?.message ?? error}\n`);
      writeJson(summarize(), false);
      continue;
    }
    if (interrupted) break;
    results[kind].push(r);
    if (r.noReport) exitCode = 1;
    const brief = {
      contract: () => `load ${fmt(r.loadMs, 0)} ms, compile ${fmt(r.compileMs, 0)} ms (${r.schemas} schemas)`,
      ceiling: () => `${fmt(r.reqPerS, 0)} req/s (${r.direct.non2xx} non-2xx), through the proxy ${fmt(r.viaProxyReqPerS, 0)} req/s`,
      embedded: () => `seed ${r.seed}: ${fmt(r.wallS, 1)} s, ${r.reportRequests ?? '?'} requests, peak ${fmt(r.peakMB, 0)} MB, exit ${r.exit} ${r.verdict ?? ''}`,
      network: () => `seed ${r.seed}: ${fmt(r.wallS, 1)} s, ${r.proxyRequests} requests at the proxy, first after ${fmt(r.firstRequestS, 2)} s, peak ${fmt(r.peakMB, 0)} MB, exit ${r.exit} ${r.verdict ?? ''}`,
      delayed: () => `seed ${r.seed}: ${fmt(r.wallS, 1)} s, ${r.proxyRequests} requests at the proxy, peak ${fmt(r.peakMB, 0)} MB, exit ${r.exit} ${r.verdict ?? ''}`,
    }[kind]();
    const notes = [r.proxyFailed ? `${r.proxyFailed} proxy errors: ${r.proxyErrors?.[0] ?? ''}` : '', r.stderr && !r.noReport ? `stderr: ${r.stderr}` : ''].filter(Boolean);
    process.stdout.write(`${kind.padEnd(9)} ${i + 1}/${runs}  ${brief}${notes.length ? `\n            ${notes.join('\n            ')}` : ''}\n`);
    writeJson(summarize(), false);
  }
  if (interrupted) break;
}
if (interrupted) await shutdown(130); // the CLI, if one ran, has finished undoing what it made
const summary = summarize();
writeJson(summary, true);
process.stdout.write(
  [
    '',
    table(summary),
    '',
    'peak RSS: the largest sum of VmHWM over the live processes of the CLI tree, /proc polled every 100 ms',
    `load average (1 min) at the start ${loadAtStart.toFixed(1)}, at the end ${loadavg()[0].toFixed(1)}, on ${availableParallelism()} cores${loadAtStart > availableParallelism() / 2 ? ': other work was running when the bench started, the figures are likely skewed' : ''}`,
    `written: ${relative(process.cwd(), join(outDir, 'bench.json')) || join(outDir, 'bench.json')}`,
    '',
  ].join('\n'),
);
process.exit(exitCode);
