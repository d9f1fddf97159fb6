import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Reporter } from 'vitest/node';
import { checks } from './checks/index';
import { EXIT } from './cli/exit-codes';
import { JOURNAL_FILE, undoJournal } from './cli/cleanup';
import { type Contract, isUrl, loadContract } from './contract/load';
import type { Edition } from './contract/types';
import { EngineError } from './errors';
import { probeTarget } from './http/probe';
import { Redactor } from './http/redact';
import { type BaselineDiff, compare, failingNew } from './report/baseline';
import { ConformanceReporter } from './report/conformance-reporter';
import { runLevelChecks } from './report/run-level/index';
import type { Report } from './report/types';
import { type Credentials, secretsOf } from './runner/credentials';
import { companionOperations, type EmbeddedTargets, startEmbedded } from './runner/embedded';
import { Journal } from './runner/journal';
import { randomSeed } from './runner/seed';
import { isSelected } from './runner/selection';
import { shardOperations } from './runner/shard';
import type { SpecSettings } from '../specs/_support/settings';
import { COMPILED, PACKAGE_ROOT } from './package-root';
import { checkAgainstContract } from './config/against-contract';
import type { RunConfig } from './config/types';


/** What a conformance run is asked to do; every field is optional, as every CLI option is. */
export interface ConformanceOptions {
  /** API base URL of the server to test; without it, the embedded reference server is started and tested. */
  target?: string;
  /** A self-hosted server's gateway, where the gateway-served operations are sent (needs `target`). */
  gatewayTarget?: string;
  credentials?: Credentials;
  /** Same seed, same requests; random when absent (the report says which). */
  seed?: number;
  /** Generated requests per operation and phase. Default 50. */
  examples?: number;
  /** operationIds or tags. */
  include?: string[];
  exclude?: string[];
  edition?: Edition;
  /** Without it, an embedded run also starts a companion server for what `edition` does not serve. */
  editionGiven?: boolean;
  /** A file path or an http(s) URL; default the bundled openapi.yaml. */
  contract?: string;
  checks?: string[];
  excludeChecks?: string[];
  /** Warnings fail the run too. */
  strict?: boolean;
  maxResponseTimeMs?: number;
  /** `i/n`: the i-th of n slices of the selected tags. */
  shard?: string;
  readOnly?: boolean;
  allowDestructive?: string[];
  /** Assume the docs' general errors where the contract lists none. Default true. */
  generalErrors?: boolean;
  /** Requests in flight at most. Default 16. */
  concurrency?: number;
  /** Milliseconds a request may wait for its answer. Default 10000. */
  timeoutMs?: number;
  /** Requests per second at most, per target. */
  rate?: number;
  /** Seconds the run may take before it stops sending, cleans up and reports what it saw. */
  maxDurationS?: number;
  /** An earlier run's report: only findings not in it fail the run. */
  baseline?: Report;
  /** Where an external run journals what it creates (so that `cleanup` can undo it). Default reports/latest. */
  reportDir?: string;
  /** Relative paths resolve here. Default the process's working directory. */
  cwd?: string;
  /** More vitest reporters (the CLI's live progress). */
  reporters?: Reporter[];
  /** Called with one line for each note worth telling the user (an earlier run's leftovers). */
  onNote?: (line: string) => void;
  /**
   * What a config file says beyond the CLI options (src/config/): overrides per operationId (`skip`,
   * `examples`, `checks`, `excludeChecks`, `timeout`, `fixtures`, `statusCodes`), fixtures and extra statuses
   * for every operation. Checked against the contract: an unknown operationId or a fixture naming no
   * parameter is a CONFIG_INVALID naming the key.
   */
  config?: RunConfig;
  /** Called once the target answered (or the embedded server is up), before any test runs (the CLI's events.ndjson). */
  onRunStart?: (run: RunStart) => void;
}

/** What a run is about to do, as `onRunStart` gets it: nothing in it holds a key. */
export interface RunStart {
  seed: number;
  /** Credentials in the URLs redacted. */
  target: { baseUrl: string; embedded: boolean; gateway?: string };
  contract: { path: string; sha256: string };
  /** The operationIds the run selected (this shard's). */
  operations: string[];
  /** Hides the run's keys (and the embedded server's): what `ConformanceResult.redactor` will be. */
  redactor: Redactor;
}

/** What a run gives back. */
export interface ConformanceResult {
  /** Absent when the run was interrupted. */
  report?: Report;
  /** The exit code the CLI exits with (0 conforms, 1 does not conform, 4 target gone or out of time…). */
  exitCode: number;
  /** The one line the CLI prints on stderr for a run that did not end with a verdict, if any. */
  problem?: string;
  /** With a baseline: what is new, fixed and still failing. */
  diff?: BaselineDiff;
  /** Hides the run's keys (and the embedded server's) in anything printed or written. */
  redactor: Redactor;
  /** The contract the run tested. */
  contract: Contract;
}

/**
 * Runs a whole conformance run and returns its report: the vitest specs in specs/ (one engine scheduling every
 * selected operation and phase), against `options.target` or the embedded reference server. Bad options throw
 * an EngineError (its `code` maps to the CLI's exit code); a run that starts always returns.
 */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceResult> {
  const cwd = options.cwd ?? process.cwd();
  let redactor = new Redactor(secretsOf(options.credentials ?? {}));
  let server: EmbeddedTargets | undefined;
  try {
    if (options.gatewayTarget && !options.target) {
      throw new EngineError(
        'CONFIG_INVALID',
        '--gateway-target needs --target: the embedded reference server serves the gateway operations at its own base URL',
      );
    }
    const edition = options.edition ?? 'cloud';
    const include = options.include ?? [];
    const exclude = options.exclude ?? [];
    const gateway = options.gatewayTarget;
    const location = options.contract ?? join(PACKAGE_ROOT, 'openapi.yaml');
    const contractPath = isUrl(location) ? location : resolve(cwd, location);
    const generalErrors = options.generalErrors ?? true;
    const contract = await loadContract(contractPath, { generalErrors });
    const allowDestructive = options.allowDestructive ?? [];
    const unknown = allowDestructive.filter((id) => !contract.operations.some((op) => op.operationId === id));
    if (unknown.length) throw new EngineError('CONFIG_INVALID', `--allow-destructive names no operation of the contract: ${unknown.join(', ')}`);

    if (options.config) {
      checkAgainstContract(options.config, contract.operations, [...checks, ...runLevelChecks].map((c) => c.id), options.config.file);
    }

    const chosen = contract.operations.filter((op) => isSelected(op, include, exclude));
    if (chosen.length === 0) throw new EngineError('CONFIG_INVALID', '--include/--exclude select no operation of the contract');
    const selected = options.shard ? shardOperations(chosen, options.shard) : chosen;

    let baseUrl = options.target;
    let credentials = options.credentials ?? {};
    if (baseUrl) {
      const timeout = Math.min(options.timeoutMs ?? 5000, 5000);
      await probeTarget(baseUrl, timeout);
      if (gateway) await probeTarget(gateway, timeout);
    } else {
      // A companion only when the selection holds operations the edition does not serve.
      const needsCompanion = !options.editionGiven && selected.some((op) => !op.availability[edition]);
      server = await startEmbedded(contract.operations, edition, needsCompanion);
      baseUrl = server.primary.baseUrl;
      credentials = server.primary.credentials;
      redactor = new Redactor([...secretsOf(credentials), ...secretsOf(server.companion?.credentials ?? {})]);
    }
    const companion = server?.companion;
    const seed = options.seed ?? randomSeed();
    const reportDir = resolve(cwd, options.reportDir ?? 'reports/latest');
    // On a target the run does not own, what it creates is journaled as it happens, so that an interrupted
    // or crashed run can still be undone (here on Ctrl-C, or later by `onecli-conformance cleanup`).
    const journalPath = server ? undefined : join(reportDir, JOURNAL_FILE);
    if (journalPath) {
      mkdirSync(reportDir, { recursive: true });
      const earlier = Journal.pending(journalPath, baseUrl);
      const count = earlier.deletes.length + earlier.restores.length;
      if (count) {
        options.onNote?.(
          `note: an earlier run left ${count} thing(s) to undo on this target (${journalPath}); \`onecli-conformance cleanup\` undoes them`,
        );
      }
    }
    const examples = options.examples ?? 50;
    const strict = options.strict ?? false;
    const settings: SpecSettings = {
      baseUrl,
      credentials,
      embedded: !!server,
      ...(companion ? { companion } : {}),
      contractPath,
      seed,
      examples,
      edition,
      // A shard's slice, as operationIds.
      include: options.shard ? selected.map((op) => op.operationId) : include,
      exclude,
      ...(options.checks ? { checkIds: options.checks } : {}),
      excludeCheckIds: options.excludeChecks ?? [],
      ...(options.maxResponseTimeMs !== undefined ? { maxResponseTimeMs: options.maxResponseTimeMs } : {}),
      strict,
      readOnly: options.readOnly ?? false,
      allowDestructive,
      ...(journalPath ? { journalPath } : {}),
      ...(gateway ? { gateway } : {}),
      generalErrors,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.rate !== undefined ? { rate: options.rate } : {}),
      ...(options.maxDurationS !== undefined ? { maxDurationMs: options.maxDurationS * 1000 } : {}),
      ...(options.config ? { config: options.config } : {}),
    };

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
                operations: companionOperations(selected, edition, companion.edition).map((op) => op.operationId),
              },
            }
          : {}),
      },
      options: {
        seed,
        examples,
        edition,
        include,
        exclude,
        strict,
        ...(options.shard ? { shard: options.shard } : {}),
        checks: checks
          .filter((c) => (!options.checks || options.checks.includes(c.id)) && !options.excludeChecks?.includes(c.id))
          // The opt-in check judges nothing without its threshold.
          .filter((c) => c.id !== 'max-response-time' || options.maxResponseTimeMs !== undefined)
          .map((c) => c.id)
          // Run-level checks are opt-in: judged only when named in --checks (src/report/run-level/).
          .concat(runLevelChecks.filter((c) => options.checks?.includes(c.id) && !options.excludeChecks?.includes(c.id)).map((c) => c.id)),
        readOnly: options.readOnly ?? false,
        allowDestructive,
        ...(options.maxResponseTimeMs !== undefined ? { maxResponseTimeMs: options.maxResponseTimeMs } : {}),
      },
      startedAt: new Date(),
    });
    options.onRunStart?.({
      seed,
      target: { baseUrl: redactor.text(baseUrl), embedded: !!server, ...(gateway ? { gateway: redactor.text(gateway) } : {}) },
      contract: { path: redactor.text(contract.path), sha256: contract.sha256 },
      operations: selected.map((op) => op.operationId),
      redactor,
    });
    const interrupted = await runVitest(settings, [reporter, ...(options.reporters ?? [])], selected.length > 0);
    if (interrupted) {
      let problem = 'interrupted; no report written';
      if (journalPath) {
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
        problem = `interrupted; undid ${undone} change(s) the run made on the target${rest}; no report written`;
      }
      return { exitCode: EXIT.INTERRUPTED, problem: redactor.text(problem), redactor, contract };
    }

    if (journalPath) dropJournalIfDone(journalPath);
    const report = reporter.report;
    if (!report) throw new EngineError('INTERNAL', 'the test run ended without a report');
    const diff = options.baseline ? compare(report, options.baseline) : undefined;
    return { report, diff, ...exitOf(report, diff, strict), redactor, contract };
  } finally {
    await server?.close();
  }
}

/** The exit code of a finished run, and the one line to print when it ended without a verdict. */
function exitOf(report: Report, diff: BaselineDiff | undefined, strict: boolean): { exitCode: number; problem?: string } {
  const targetError = report.errors.find((e) => e.code === 'TARGET_UNREACHABLE' || e.code === 'TARGET_UNUSABLE');
  if (targetError) return { exitCode: EXIT.TARGET_UNREACHABLE, problem: targetError.message };
  // With a baseline, only findings not in it (and leftovers) fail the run.
  if (diff ? failingNew(diff, strict).length > 0 || report.leftovers.length > 0 : report.verdict === 'does-not-conform') {
    return { exitCode: EXIT.DOES_NOT_CONFORM };
  }
  const outOfTime = report.errors.find((e) => e.code === 'DURATION_EXCEEDED');
  if (outOfTime) return { exitCode: EXIT.TARGET_UNREACHABLE, problem: `${outOfTime.message}; the report is incomplete` };
  if (report.errors.length) return { exitCode: EXIT.INTERNAL, problem: `internal error: ${report.errors[0]!.message}` };
  return { exitCode: EXIT.CONFORMS };
}

/**
 * Runs the conformance spec with vitest's Node API, the run's settings handed over as one object. Ctrl-C (or
 * SIGTERM) cancels the run (the tests under way finish, the rest are skipped) instead of exiting at once, so
 * that the caller can undo what the run made; a second one exits at once. Returns whether the run was
 * interrupted.
 */
async function runVitest(settings: SpecSettings, reporters: Reporter[], any: boolean): Promise<boolean> {
  const { createVitest } = await import('vitest/node');
  process.env.TEST = 'true';
  process.env.VITEST = 'true';
  process.env.NODE_ENV ??= 'test';
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const theirs = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  const vitest = await createVitest(
    'test',
    {
      root: PACKAGE_ROOT,
      // The compiled package runs the bundled spec (no TypeScript transformed at run time); the sources, theirs.
      config: join(PACKAGE_ROOT, COMPILED ? 'vitest.dist.config.mjs' : 'vitest.config.ts'),
      project: ['conformance'],
      watch: false,
      reporters,
      // A shard may hold nothing of the selection (--include of one tag, --shard 2/2): an empty report.
      passWithNoTests: true,
    } as any,
    {},
    { stdout: process.stdout, stderr: process.stderr },
  );
  vitest.provide('settings', settings);
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
    await vitest.start(any ? undefined : ['specs/none-selected']);
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

export function packageVersion(): string {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;
}
