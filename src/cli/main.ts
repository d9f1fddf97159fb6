import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isUrl, loadContract } from '../contract/load';
import { EngineError } from '../errors';
import { Redactor } from '../http/redact';
import { coverageTable } from '../report/coverage-table';
import { reportHtml } from '../report/html';
import { reportHar } from '../report/har';
import { reportJunit } from '../report/junit';
import { NdjsonReporter } from '../report/ndjson-reporter';
import { ProgressReporter } from '../report/progress';
import { readReport } from '../report/read-report';
import { summaryMarkdown, summaryText } from '../report/summary';
import { runConformance } from '../run-conformance';
import { secretsOf } from '../runner/credentials';
import { HELP, parseCli, type ReportFormat } from './args';
import { readEnvFile } from './env-file';
import { planOutput } from './plan';
import { EXIT, EXIT_FOR_CODE } from './exit-codes';
import { cleanupCommand } from './cleanup';
import { DIFF_HELP_LINE, diffCommand } from './diff';
import { mergeCommand } from './merge';
import { replayCommand } from './replay';
import { PACKAGE_ROOT } from '../package-root';


/** Runs the conformance suite as the CLI and `npm test` do; returns the exit code. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  if (argv[0] === 'replay') return replayCommand(argv.slice(1), cwd);
  if (argv[0] === 'merge') return mergeCommand(argv.slice(1), cwd);
  if (argv[0] === 'cleanup') return cleanupCommand(argv.slice(1), cwd);
  if (argv[0] === 'diff') return diffCommand(argv.slice(1), cwd);
  let redactor = new Redactor([]);
  try {
    const env = { ...readEnvFile(join(cwd, '.env')), ...process.env };
    const options = parseCli(argv, env);
    if (options.help) {
      process.stdout.write(`${HELP.replace('\n\nExit codes:', `\n${DIFF_HELP_LINE}\n\nExit codes:`)}\n`);
      return EXIT.CONFORMS;
    }
    redactor = new Redactor(secretsOf(options.credentials));
    if (options.gatewayTarget && !options.target) {
      throw new EngineError(
        'CONFIG_INVALID',
        '--gateway-target needs --target: the embedded reference server serves the gateway operations at its own base URL',
      );
    }
    const baseline = options.baseline ? readReport(resolve(cwd, options.baseline), '--baseline') : undefined;
    if (options.plan) {
      const location = options.contract ?? join(PACKAGE_ROOT, 'openapi.yaml');
      const contract = await loadContract(isUrl(location) ? location : resolve(cwd, location), { generalErrors: !options.noGeneralErrors });
      const unknown = options.allowDestructive.filter((id) => !contract.operations.some((op) => op.operationId === id));
      if (unknown.length) throw new EngineError('CONFIG_INVALID', `--allow-destructive names no operation of the contract: ${unknown.join(', ')}`);
      process.stdout.write(redactor.text(planOutput(contract, options)));
      return EXIT.CONFORMS;
    }
    const reportDir = resolve(cwd, options.reportDir);
    const wants = (format: ReportFormat) => options.reports.includes(format);
    // events.ndjson is written while the run goes: run-start once the target answered, run-end once it returned.
    const events = wants('ndjson') ? new NdjsonReporter(join(reportDir, 'events.ndjson'), redactor) : undefined;
    let started = false;
    let result: Awaited<ReturnType<typeof runConformance>>;
    try {
      result = await runConformance({
        ...options,
        generalErrors: !options.noGeneralErrors,
        baseline,
        cwd,
        reporters: [...(process.stdout.isTTY ? [new ProgressReporter(process.stdout)] : []), ...(events ? [events] : [])],
        onNote: (line) => process.stderr.write(`onecli-conformance: ${redactor.text(line)}\n`),
        onRunStart: (run) => {
          events?.start(run);
          started = true;
        },
      });
    } catch (error) {
      if (started) events?.end({ exitCode: error instanceof EngineError ? EXIT_FOR_CODE[error.code] : EXIT.INTERNAL, problem: String((error as Error)?.message ?? error) });
      throw error;
    }
    redactor = result.redactor;
    const { report, diff } = result;
    if (started) events?.end({ ...(report ? { report } : {}), exitCode: result.exitCode, ...(result.problem ? { problem: result.problem } : {}) });
    if (!report) {
      process.stderr.write(`onecli-conformance: ${result.problem ?? 'no report written'}\n`);
      return result.exitCode;
    }
    mkdirSync(reportDir, { recursive: true });
    // Each format's files (--report), each through the redactor; coverage.txt goes with summary.md (md).
    if (wants('json')) writeFileSync(join(reportDir, 'report.json'), redactor.text(`${JSON.stringify(report, null, 2)}\n`));
    if (wants('md')) writeFileSync(join(reportDir, 'summary.md'), redactor.text(summaryMarkdown(report, diff)));
    if (wants('junit')) writeFileSync(join(reportDir, 'junit.xml'), redactor.text(reportJunit(report)));
    if (wants('html')) writeFileSync(join(reportDir, 'report.html'), redactor.text(reportHtml(report)));
    if (wants('har')) {
      const gatewayOperations = result.contract.operations.filter((op) => op.servedBy === 'gateway').map((op) => op.operationId);
      writeFileSync(join(reportDir, 'report.har'), redactor.text(`${JSON.stringify(reportHar(report, { gatewayOperations }), null, 2)}\n`));
    }
    const table = coverageTable(report);
    if (wants('md')) writeFileSync(join(reportDir, 'coverage.txt'), redactor.text(`${table}\n`));
    // The file the last line points at: the first written of the formats asked for (--report).
    const files: Array<[ReportFormat, string]> = [['json', 'report.json'], ['html', 'report.html'], ['md', 'summary.md'], ['junit', 'junit.xml'], ['har', 'report.har'], ['ndjson', 'events.ndjson']];
    const shown = files.find(([format]) => wants(format))?.[1];
    process.stdout.write(`${redactor.text(`${table}\n\n${summaryText(report, options.reportDir, diff, shown)}`)}\n`);

    if (result.problem) process.stderr.write(`onecli-conformance: ${redactor.text(result.problem)}\n`);
    return result.exitCode;
  } catch (error) {
    if (error instanceof EngineError) {
      process.stderr.write(`onecli-conformance: ${redactor.text(error.message)}\n`);
      return EXIT_FOR_CODE[error.code];
    }
    process.stderr.write(`onecli-conformance: internal error: ${redactor.text(String((error as Error)?.stack ?? error))}\n`);
    return EXIT.INTERNAL;
  }
}
