#!/usr/bin/env node
// `npm run bench [-- --runs N --examples N --seed S ...run options]`: times whole conformance runs against
// the embedded reference server (or the configured target), one seed per run (S, S+1, ...), and prints the
// minimum, median and maximum of wall time, requests and requests per second, with the per-phase request
// counts of the median run. Results go to reports/bench/bench.json. Speed is measured here, never asserted
// in tests. Any other option is passed to each run (e.g. --include Agents, --target URL).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values, tokens } = parseArgs({
  args: process.argv.slice(2),
  strict: false,
  tokens: true,
  options: { runs: { type: 'string' }, examples: { type: 'string' }, seed: { type: 'string' } },
});
const runs = Number(values.runs ?? 5);
const examples = String(values.examples ?? 20);
const firstSeed = Number(values.seed ?? 1);
if (!Number.isInteger(runs) || runs < 1 || runs > 100 || !Number.isInteger(firstSeed)) {
  process.stderr.write('bench: --runs must be 1..100 and --seed an integer\n');
  process.exit(2);
}
const known = new Set(['runs', 'examples', 'seed']);
const passThrough = [];
for (const t of tokens) {
  if (t.kind === 'option' && !known.has(t.name)) passThrough.push(t.rawName, ...(t.value !== undefined ? [t.value] : []));
  if (t.kind === 'positional') passThrough.push(t.value);
}

const outDir = join(ROOT, 'reports', 'bench');
mkdirSync(outDir, { recursive: true });

function run(seed) {
  const reportDir = join(outDir, `seed-${seed}`);
  const started = process.hrtime.bigint();
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/onecli-conformance.js'), '--seed', String(seed), '--examples', examples, '--report-dir', reportDir, ...passThrough],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - started) / 1e9;
      let report;
      try {
        report = JSON.parse(readFileSync(join(reportDir, 'report.json'), 'utf8'));
      } catch {
        process.stderr.write(`bench: seed ${seed} wrote no report (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}\n`);
        process.exit(1);
      }
      const phases = {};
      for (const op of report.operations) {
        for (const [phase, p] of Object.entries(op.phases)) if (!p.notRun) phases[phase] = (phases[phase] ?? 0) + (p.requests ?? 0);
      }
      done({ seed, exit: code, wallS, runS: report.durationMs / 1000, requests: report.requests, verdict: report.verdict, phases });
    });
  });
}

// Runs one after another: concurrent runs would measure each other.
const results = [];
for (let i = 0; i < runs; i++) {
  const r = await run(firstSeed + i);
  results.push(r);
  process.stdout.write(`seed ${r.seed}: ${r.wallS.toFixed(1)} s wall, ${r.requests} requests, ${(r.requests / r.runS).toFixed(0)} req/s, ${r.verdict}\n`);
}

const stat = (pick) => {
  const xs = results.map(pick).sort((a, b) => a - b);
  return { min: xs[0], median: xs.length % 2 ? xs[(xs.length - 1) / 2] : (xs[xs.length / 2 - 1] + xs[xs.length / 2]) / 2, max: xs.at(-1) };
};
const summary = {
  runs,
  examples: Number(examples),
  options: passThrough,
  node: process.version,
  wallS: stat((r) => r.wallS),
  requests: stat((r) => r.requests),
  requestsPerS: stat((r) => r.requests / r.runS),
  medianRunPhases: [...results].sort((a, b) => a.wallS - b.wallS)[Math.floor((results.length - 1) / 2)].phases,
  results,
};
writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(summary, null, 2)}\n`);
const row = (name, s, digits) => `${name.padEnd(14)} ${s.min.toFixed(digits).padStart(9)} ${s.median.toFixed(digits).padStart(9)} ${s.max.toFixed(digits).padStart(9)}`;
process.stdout.write(
  [
    '',
    `${runs} run(s), --examples ${examples}${passThrough.length ? ` ${passThrough.join(' ')}` : ''}, Node ${process.version}`,
    `${''.padEnd(14)} ${'min'.padStart(9)} ${'median'.padStart(9)} ${'max'.padStart(9)}`,
    row('wall s', summary.wallS, 1),
    row('requests', summary.requests, 0),
    row('requests/s', summary.requestsPerS, 0),
    `requests per phase (median run): ${Object.entries(summary.medianRunPhases).map(([p, n]) => `${p} ${n}`).join(', ')}`,
    `written: ${join('reports', 'bench', 'bench.json')}`,
    '',
  ].join('\n'),
);
process.exit(results.every((r) => r.exit === 0) ? 0 : 1);
