import { EngineError } from '../errors';
import { summarize } from './summarize';
import type { OperationReport, Report, ReportFinding } from './types';

export interface MergeResult {
  report: Report;
  /** What the caller should know about the inputs (targets or options that differ, shards missing). */
  notes: string[];
}

/**
 * Merges the reports of runs over parts of one contract (vitest shards, `--include` slices on several
 * machines) into one report over the whole contract. Pure. The runs must share the contract (sha256) and
 * the seed, else `CONFIG_INVALID`. Each operation is taken from the first report that exercised it (else
 * the first that says why it was not, else excluded); check tallies, requests, score and coverage are
 * recomputed over the operations so chosen; findings are concatenated and deduplicated by id, and their
 * causes recomputed from them (a cause seen in two shards is one cause over the operations of both).
 */
export function mergeReports(
  reports: Report[],
  labels: string[] = reports.map((_, i) => `report ${i + 1}`),
  options: { strict?: boolean } = {},
): MergeResult {
  if (reports.length === 0) throw new EngineError('USAGE', 'merge needs at least one report.json');
  const [first] = reports as [Report, ...Report[]];
  reports.forEach((r, i) => {
    if (r.contract.sha256 !== first.contract.sha256) {
      throw new EngineError(
        'CONFIG_INVALID',
        `${labels[i]} tested another contract (sha256 ${r.contract.sha256.slice(0, 12)}, ${labels[0]}: ${first.contract.sha256.slice(0, 12)}); only runs of the same contract merge`,
      );
    }
    if (r.options.seed !== first.options.seed) {
      throw new EngineError(
        'CONFIG_INVALID',
        `${labels[i]} ran with seed ${r.options.seed}, ${labels[0]} with ${first.options.seed}; give every shard the same --seed`,
      );
    }
  });
  const notes: string[] = [];
  const differing = (what: string, value: (r: Report) => unknown) => {
    const values = [...new Set(reports.map((r) => JSON.stringify(value(r))))];
    if (values.length > 1) notes.push(`the reports differ in ${what} (${values.join(' / ')}); the merged report states ${values[0]}`);
  };
  if (!reports.every((r) => r.target.embedded)) differing('target', (r) => r.target.baseUrl);
  differing('--examples', (r) => r.options.examples);
  differing('--edition', (r) => r.options.edition);
  differing('the checks run', (r) => r.options.checks);
  differing('--read-only', (r) => r.options.readOnly);
  differing('--allow-destructive', (r) => r.options.allowDestructive);
  notes.push(...missingShards(reports));

  const operations: OperationReport[] = first.operations.map((op) => {
    const candidates = reports.map((r) => r.operations.find((o) => o.operationId === op.operationId)).filter((o): o is OperationReport => !!o);
    return structuredClone(
      candidates.find((o) => o.status === 'exercised') ?? candidates.find((o) => o.status !== 'excluded') ?? candidates[0] ?? op,
    );
  });

  const findings: ReportFinding[] = [];
  const seen = new Set<string>();
  for (const f of reports.flatMap((r) => r.findings)) {
    // A root-cause finding (operation *) names the operations of its own run: one per check and title.
    const key = f.operationId === '*' ? `*\u0000${f.checkId}\u0000${f.title}` : f.id;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(structuredClone(f));
  }

  const strict = options.strict === true || reports.some((r) => r.options.strict);
  const leftovers = reports.flatMap((r) => r.leftovers);
  const errors = reports.flatMap((r) => r.errors);
  const started = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const finished = Math.max(...reports.map((r) => Date.parse(r.finishedAt)));
  const includeAll = reports.some((r) => r.options.include.length === 0);
  const { shard: _shard, ...firstOptions } = first.options;
  const report: Report = {
    tool: first.tool,
    contract: first.contract,
    target: {
      baseUrl: first.target.baseUrl,
      embedded: reports.every((r) => r.target.embedded),
      ...(first.target.companion ? { companion: first.target.companion } : {}),
      ...(first.target.gateway ? { gateway: first.target.gateway } : {}),
    },
    options: {
      ...firstOptions,
      include: includeAll ? [] : [...new Set(reports.flatMap((r) => r.options.include))],
      exclude: first.options.exclude.filter((x) => reports.every((r) => r.options.exclude.includes(x))),
      strict,
    },
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    ...summarize(operations, findings, { strict, leftovers, errors }),
    operations,
    findings,
    leftovers,
    givenAway: reports.flatMap((r) => r.givenAway ?? []),
    errors,
  };
  return { report, notes };
}

/** When the reports are shards `i/n` of one run: the shards not among them. */
function missingShards(reports: Report[]): string[] {
  const shards = reports.map((r) => r.options.shard?.split('/').map(Number));
  if (shards.some((s) => !s)) return [];
  const counts = new Set(shards.map((s) => s![1]));
  if (counts.size > 1) return [`the reports are shards of different splits (${reports.map((r) => r.options.shard).join(', ')})`];
  const n = shards[0]![1]!;
  const have = new Set(shards.map((s) => s![0]));
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !have.has(i));
  return missing.length ? [`shard(s) ${missing.map((i) => `${i}/${n}`).join(', ')} missing: their operations are reported as excluded`] : [];
}
