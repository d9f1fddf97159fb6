import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EngineError } from '../errors';
import { Redactor } from '../http/redact';
import { compare, failingNew } from '../report/baseline';
import { mergeReports } from '../report/merge';
import { readReport } from '../report/read-report';
import { summaryText } from '../report/summary';
import { writeReportFiles } from '../report/write-files';
import { readEnvFile } from './env-file';
import { EXIT, EXIT_FOR_CODE } from './exit-codes';

export const MERGE_HELP = `Usage: onecli-conformance merge REPORT.json... [--report-dir DIR] [--baseline FILE] [--strict]

Merges the reports of runs over parts of one contract (vitest shards with --shard I/N, or --include slices
run on several machines, all with the same --seed) into one report over the whole contract, and writes the
files a run writes: report.json, summary.md, junit.xml, report.html and coverage.txt.

  --report-dir DIR   where the merged files go, default reports/latest   (ONECLI_REPORT_DIR)
  --baseline FILE    report.json of an earlier run: exit 1 only for findings not in it
  --strict           findings of severity warning fail too

Exit codes: 0 the merged report conforms · 1 it does not · 2 usage error, or reports of different
contracts or seeds.`;

/** `onecli-conformance merge`: merges shard reports into one; returns the exit code. */
export async function mergeCommand(argv: string[], cwd = process.cwd()): Promise<number> {
  const redactor = new Redactor([]);
  try {
    const env = { ...readEnvFile(join(cwd, '.env')), ...process.env };
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: true,
        options: {
          'report-dir': { type: 'string' },
          baseline: { type: 'string' },
          strict: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      throw new EngineError('USAGE', `${(error as Error).message.split('\n')[0]} (see merge --help)`);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(`${MERGE_HELP}\n`);
      return EXIT.CONFORMS;
    }
    if (positionals.length === 0) throw new EngineError('USAGE', 'merge needs the report.json files to merge (see merge --help)');
    const reports = positionals.map((p) => readReport(resolve(cwd, p)));
    const { report, notes } = mergeReports(reports, positionals, { strict: values.strict });
    for (const note of notes) process.stderr.write(`onecli-conformance merge: ${note}\n`);
    const baseline = values.baseline ? readReport(resolve(cwd, values.baseline), '--baseline') : undefined;
    const diff = baseline ? compare(report, baseline) : undefined;
    const reportDirText = values['report-dir'] ?? env.ONECLI_REPORT_DIR ?? 'reports/latest';
    const table = writeReportFiles(resolve(cwd, reportDirText), report, redactor, diff);
    process.stdout.write(`${redactor.text(`${table}\n\n${summaryText(report, reportDirText, diff)}`)}\n`);
    const strict = report.options.strict;
    const fails = diff
      ? failingNew(diff, strict).length > 0 || report.leftovers.length > 0
      : report.findings.some((f) => strict || f.severity === 'error') || report.leftovers.length > 0;
    if (report.errors.some((e) => e.code === 'TARGET_UNREACHABLE' || e.code === 'TARGET_UNUSABLE')) return EXIT.TARGET_UNREACHABLE;
    if (fails) return EXIT.DOES_NOT_CONFORM;
    return report.errors.length ? EXIT.INTERNAL : EXIT.CONFORMS;
  } catch (error) {
    if (error instanceof EngineError) {
      process.stderr.write(`onecli-conformance merge: ${redactor.text(error.message)}\n`);
      return EXIT_FOR_CODE[error.code];
    }
    process.stderr.write(`onecli-conformance merge: internal error: ${redactor.text(String((error as Error)?.stack ?? error))}\n`);
    return EXIT.INTERNAL;
  }
}
