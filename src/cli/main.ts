import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checks } from '../checks/index';
import { isUrl, loadContract } from '../contract/load';
import { EngineError } from '../errors';
import { Redactor } from '../http/redact';
import { probeTarget } from '../http/probe';
import { compare, failingNew } from '../report/baseline';
import { ConformanceReporter } from '../report/conformance-reporter';
import { coverageTable } from '../report/coverage-table';
import { reportHtml } from '../report/html';
import { reportJunit } from '../report/junit';
import { ProgressReporter } from '../report/progress';
import { readReport } from '../report/read-report';
import { summaryMarkdown, summaryText } from '../report/summary';
import { secretsOf } from '../runner/credentials';
import { companionOperations, type EmbeddedTargets, startEmbedded } from '../runner/embedded';
import { Journal } from '../runner/journal';
import { isSelected } from '../runner/selection';
import { randomSeed } from '../runner/seed';
import { specFileOf } from '../runner/spec-files';
import { HELP, parseCli } from './args';
import { readEnvFile } from './env-file';
import { planOutput } from './plan';
import { EXIT, EXIT_FOR_CODE } from './exit-codes';
import { cleanupCommand, JOURNAL_FILE, undoJournal } from './cleanup';
import { DIFF_HELP_LINE, diffCommand } from './diff';
import { mergeCommand } from './merge';
import { replayCommand } from './replay';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the conformance suite as the CLI and `npm test` do; returns the exit code. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  if (argv[0] === 'replay') return replayCommand(argv.slice(1), cwd);
  if (argv[0] === 'merge') return mergeCommand(argv.slice(1), cwd);
  if (argv[0] === 'cleanup') return cleanupCommand(argv.slice(1), cwd);
  if (argv[0] === 'diff') return diffCommand(argv.slice(1), cwd);
  let redactor = new Redactor([]);
  let server: EmbeddedTargets | undefined;
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
    const gateway = options.gatewayTarget;
    const baseline = options.baseline ? readReport(resolve(cwd, options.baseline), '--baseline') : undefined;
    const location = options.contract ?? join(PACKAGE_ROOT, 'openapi.yaml');
    const contractPath = isUrl(location) ? location : resolve(cwd, location);
    const contract = await loadContract(contractPath);
    const unknown = options.allowDestructive.filter((id) => !contract.operations.some((op) => op.operationId === id));
    if (unknown.length) throw new EngineError('CONFIG_INVALID', `--allow-destructive names no operation of the contract: ${unknown.join(', ')}`);
    if (options.plan) {
      process.stdout.write(redactor.text(planOutput(contract, options)));
      return EXIT.CONFORMS;
    }

    const selected = contract.operations.filter((op) => isSelected(op, options.include, options.exclude));
    if (selected.length === 0) throw new EngineError('CONFIG_INVALID', '--include/--exclude select no operation of the contract');

    let baseUrl = options.target;
    let credentials = options.credentials;
    if (baseUrl) {
      await probeTarget(baseUrl);
      if (gateway) await probeTarget(gateway);
    } else {
      // A companion only when the selection holds operations the edition does not serve.
      const needsCompanion = !options.editionGiven && selected.some((op) => !op.availability[options.edition]);
      server = await startEmbedded(contract.operations, options.edition, needsCompanion);
      baseUrl = server.primary.baseUrl;
      credentials = server.primary.credentials;
      redactor = new Redactor([...secretsOf(credentials), ...secretsOf(server.companion?.credentials ?? {})]);
    }
    const companion = server?.companion;
    const seed = options.seed ?? randomSeed();
    const reportDir = resolve(cwd, options.reportDir);
    mkdirSync(reportDir, { recursive: true });
    // On a target the run does not own, what it creates is journaled as it happens, so that an interrupted
    // or crashed run can still be undone (here on Ctrl-C, or later by `onecli-conformance cleanup`).
    const journalPath = server ? undefined : join(reportDir, JOURNAL_FILE);
    if (journalPath) {
      const earlier = Journal.pending(journalPath, baseUrl);
      const count = earlier.deletes.length + earlier.restores.length;
      if (count) {
        process.stderr.write(
          `onecli-conformance: note: an earlier run left ${count} thing(s) to undo on this target (${journalPath}); \`onecli-conformance cleanup\` undoes them\n`,
        );
      }
    }

    Object.assign(process.env, {
      ONECLI_BASE_URL: baseUrl,
      ONECLI_API_KEY: credentials.apiKey ?? '',
      ONECLI_ORG_API_KEY: credentials.orgKey ?? '',
      ONECLI_PROJECT_ID: credentials.projectId ?? '',
      ONECLI_PARTNER_API_KEY: credentials.partnerKey ?? '',
      ONECLI_ORG_MEMBER_API_KEY: credentials.memberKey ?? '',
      ONECLI_CONFORMANCE_EMBEDDED: server ? '1' : '0',
      ONECLI_CONFORMANCE_COMPANION: companion ? JSON.stringify(companion) : '',
      ONECLI_GATEWAY_URL: gateway ?? '',
      ONECLI_CONFORMANCE_CONTRACT: contractPath,
      ONECLI_CONFORMANCE_SEED: String(seed),
      ONECLI_CONFORMANCE_EXAMPLES: String(options.examples),
      ONECLI_CONFORMANCE_EDITION: options.edition,
      ONECLI_CONFORMANCE_INCLUDE: options.include.join(','),
      ONECLI_CONFORMANCE_EXCLUDE: options.exclude.join(','),
      ONECLI_CONFORMANCE_CHECKS: options.checks?.join(',') ?? '',
      ONECLI_CONFORMANCE_EXCLUDE_CHECKS: options.excludeChecks.join(','),
      ONECLI_CONFORMANCE_STRICT: options.strict ? '1' : '0',
      ONECLI_CONFORMANCE_MAX_RESPONSE_TIME: options.maxResponseTimeMs === undefined ? '' : String(options.maxResponseTimeMs),
      ONECLI_CONFORMANCE_READ_ONLY: options.readOnly ? '1' : '0',
      ONECLI_CONFORMANCE_ALLOW_DESTRUCTIVE: options.allowDestructive.join(','),
      ONECLI_CONFORMANCE_JOURNAL: journalPath ?? '',
    });

    const reporter = new ConformanceReporter({
      tool: { name: 'onecli-conformance', version: packageVersion() },
      contract,
      target: {
        baseUrl: redactor.text(baseUrl),
        embedded: !!server,
        ...(gateway ? { gateway: redactor.text(gateway) } : {}),
        ...(companion
          ? {
              companion: {
                baseUrl: companion.baseUrl,
                edition: companion.edition,
                operations: companionOperations(selected, options.edition, companion.edition).map((op) => op.operationId),
              },
            }
          : {}),
      },
      options: {
        seed,
        examples: options.examples,
        edition: options.edition,
        include: options.include,
        exclude: options.exclude,
        strict: options.strict,
        ...(options.shard ? { shard: options.shard } : {}),
        checks: checks
          .filter((c) => (!options.checks || options.checks.includes(c.id)) && !options.excludeChecks.includes(c.id))
          // The opt-in check judges nothing without its threshold.
          .filter((c) => c.id !== 'max-response-time' || options.maxResponseTimeMs !== undefined)
          .map((c) => c.id),
        readOnly: options.readOnly,
        allowDestructive: options.allowDestructive,
        ...(options.maxResponseTimeMs !== undefined ? { maxResponseTimeMs: options.maxResponseTimeMs } : {}),
      },
      startedAt: new Date(),
    });
    const specFiles = [...new Set(selected.map((op) => `specs/${specFileOf(op.tag)}`))];
    const interrupted = await runVitest(specFiles, {
      root: PACKAGE_ROOT,
      config: join(PACKAGE_ROOT, 'vitest.config.ts'),
      project: ['conformance'],
      watch: false,
      reporters: [reporter, ...(process.stdout.isTTY ? [new ProgressReporter(process.stdout)] : [])],
      // A shard may hold no spec file of the selection (--include of one tag, --shard 2/2): an empty report.
      ...(options.shard ? { shard: options.shard, passWithNoTests: true } : {}),
    });
    if (interrupted) {
      if (!journalPath) {
        process.stderr.write('onecli-conformance: interrupted; no report written\n');
        return EXIT.INTERRUPTED;
      }
      // The gateway's context journals under the gateway's URL.
      let undone = 0;
      const left: string[] = [];
      for (const target of gateway ? [baseUrl, gateway] : [baseUrl]) {
        const result = await undoJournal(journalPath, target, credentials);
        undone += result.undone;
        left.push(...result.left);
      }
      dropJournalIfDone(journalPath);
      const rest = left.length ? `; ${left.length} left, listed in ${journalPath} (\`onecli-conformance cleanup\` retries)` : '';
      process.stderr.write(redactor.text(`onecli-conformance: interrupted; undid ${undone} change(s) the run made on the target${rest}; no report written\n`));
      return EXIT.INTERRUPTED;
    }

    if (journalPath) dropJournalIfDone(journalPath);
    const report = reporter.report;
    if (!report) throw new EngineError('INTERNAL', 'the test run ended without a report');
    writeFileSync(join(reportDir, 'report.json'), redactor.text(`${JSON.stringify(report, null, 2)}\n`));
    const diff = baseline ? compare(report, baseline) : undefined;
    writeFileSync(join(reportDir, 'summary.md'), redactor.text(summaryMarkdown(report, diff)));
    writeFileSync(join(reportDir, 'junit.xml'), redactor.text(reportJunit(report)));
    writeFileSync(join(reportDir, 'report.html'), redactor.text(reportHtml(report)));
    const table = coverageTable(report);
    writeFileSync(join(reportDir, 'coverage.txt'), redactor.text(`${table}\n`));
    process.stdout.write(`${redactor.text(`${table}\n\n${summaryText(report, options.reportDir, diff)}`)}\n`);

    const targetError = report.errors.find((e) => e.code === 'TARGET_UNREACHABLE' || e.code === 'TARGET_UNUSABLE');
    if (targetError) {
      process.stderr.write(`onecli-conformance: ${redactor.text(targetError.message)}\n`);
      return EXIT.TARGET_UNREACHABLE;
    }
    // With a baseline, only findings not in it (and leftovers) fail the run.
    if (diff ? failingNew(diff, options.strict).length > 0 || report.leftovers.length > 0 : report.verdict === 'does-not-conform') {
      return EXIT.DOES_NOT_CONFORM;
    }
    if (report.errors.length) {
      process.stderr.write(`onecli-conformance: internal error: ${redactor.text(report.errors[0]!.message)}\n`);
      return EXIT.INTERNAL;
    }
    return EXIT.CONFORMS;
  } catch (error) {
    if (error instanceof EngineError) {
      process.stderr.write(`onecli-conformance: ${redactor.text(error.message)}\n`);
      return EXIT_FOR_CODE[error.code];
    }
    process.stderr.write(`onecli-conformance: internal error: ${redactor.text(String((error as Error)?.stack ?? error))}\n`);
    return EXIT.INTERNAL;
  } finally {
    await server?.close();
  }
}

/**
 * Runs the spec files with vitest's Node API. Ctrl-C (or SIGTERM) cancels the run (the tests under way
 * finish, the rest are skipped) instead of exiting at once, so that the caller can undo what the run made;
 * a second one exits at once. Returns whether the run was interrupted.
 */
async function runVitest(specFiles: string[], options: Record<string, unknown>): Promise<boolean> {
  const { createVitest } = await import('vitest/node');
  process.env.TEST = 'true';
  process.env.VITEST = 'true';
  process.env.NODE_ENV ??= 'test';
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const theirs = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const vitest = await createVitest('test', options as any, {}, { stdout: process.stdout, stderr: process.stderr });
  // vitest's own handlers exit the process at once; this run must clean up first.
  for (const s of signals) for (const l of process.listeners(s)) if (!theirs.get(s)!.has(l)) process.off(s, l);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) {
      process.stderr.write('onecli-conformance: interrupted twice; stopping now (the journal in the report directory keeps what to undo)\n');
      process.exit(EXIT.INTERRUPTED);
    }
    interrupted = true;
    process.stderr.write('onecli-conformance: interrupted; finishing the tests under way, then undoing what the run made (Ctrl-C again stops at once)\n');
    void vitest.cancelCurrentRun('keyboard-input');
  };
  for (const s of signals) process.on(s, onSignal);
  try {
    await vitest.start(specFiles);
  } finally {
    for (const s of signals) process.off(s, onSignal);
    await vitest.close();
  }
  return interrupted;
}

/** The journal is kept only while it holds something to undo (for `onecli-conformance cleanup`). */
function dropJournalIfDone(path: string): void {
  if (!Journal.anyPending(path)) rmSync(path, { force: true });
}

function packageVersion(): string {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
}
