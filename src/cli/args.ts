import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import type { Edition } from '../contract/types';
import { EngineError } from '../errors';
import type { Credentials } from '../runner/credentials';
import { checks } from '../checks/index';
import { loadConfig } from '../config/load';
import { optionLayer, runConfigOf } from '../config/merge';
import type { RunConfig } from '../config/types';
import { runLevelChecks } from '../report/run-level/index';

export interface CliOptions {
  target?: string;
  /**
   * Base URL of the gateway of a self-hosted OneCLI, which serves the gateway-served operations (the approval
   * routes) at its own URL; a run sends them there instead of to `target` (and refuses it without `target`).
   */
  gatewayTarget?: string;
  credentials: Credentials;
  seed?: number;
  examples: number;
  reportDir: string;
  /** `--report`: the formats written into `reportDir`, in REPORT_FORMATS order. */
  reports: ReportFormat[];
  include: string[];
  exclude: string[];
  edition: Edition;
  /** --edition (or ONECLI_EDITION) was given: an embedded run then serves that edition only, with no companion. */
  editionGiven: boolean;
  contract?: string;
  checks?: string[];
  excludeChecks: string[];
  /** Warnings count as failures too. */
  strict: boolean;
  maxResponseTimeMs?: number;
  /** A report.json of an earlier run: only findings not in it fail the run. */
  baseline?: string;
  /** `i/n`: run the i-th of n slices of the selected tags (src/runner/shard.ts), for runs spread over CI machines. */
  shard?: string;
  /** Print what would be sent per operation; send nothing. */
  plan: boolean;
  /** Only GET is sent (a smoke check of a production server). */
  readOnly: boolean;
  /** operationIds an external target gets although they change state the run did not create. */
  allowDestructive: string[];
  /**
   * `--no-general-errors`: do not assume the docs' general errors (401, 403, 404, 500, 400) where the contract
   * lists none (src/contract/infer.ts). Also set as ONECLI_CONFORMANCE_NO_GENERAL_ERRORS=1 in the process
   * environment, which loadContract and the spec files read.
   */
  noGeneralErrors: boolean;
  /** Requests in flight at most, across the run's targets. */
  concurrency: number;
  /** Milliseconds a request may wait for its answer. */
  timeoutMs: number;
  /** Requests started per second at most, per target. */
  rate?: number;
  /** Seconds the run may take: then it stops sending, cleans up and reports what it saw (incomplete). */
  maxDurationS?: number;
  help: boolean;
  /** The config file read (`--config`, ONECLI_CONFORMANCE_CONFIG, or found in the working directory), if any. */
  configFile?: string;
  /** The config file's per-operation overrides, fixtures and extra statuses (src/config/). */
  config?: RunConfig;
}

/**
 * The formats `--report` chooses, and the files each writes: json report.json, junit junit.xml, html
 * report.html, md summary.md and coverage.txt, har report.har (the exchanges behind the findings),
 * ndjson events.ndjson (written while the run goes).
 */
export const REPORT_FORMATS = ['json', 'junit', 'html', 'md', 'har', 'ndjson'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
const DEFAULT_REPORTS: ReportFormat[] = ['json', 'junit', 'html', 'md'];

export const HELP = `Usage: onecli-conformance [options]

Checks a OneCLI API server against the OneCLI contract (openapi.yaml). Without --target, the embedded
reference server is started and tested. Every option can also come from the environment or a .env file.

  --target URL          API base URL as OneCLI documents it, e.g. http://localhost:10254/v1   (ONECLI_BASE_URL)
  --gateway-target URL  base URL of a self-hosted server's gateway: the operations OneCLI
                        serves from its gateway (the approval routes) are sent there, not to
                        --target (Cloud serves them at the API base URL; needs --target)      (ONECLI_GATEWAY_URL)
  --api-key KEY         project API key oc_…                                                  (ONECLI_API_KEY)
  --org-key KEY         organization API key oc_org_…                                         (ONECLI_ORG_API_KEY)
  --project-id ID       project for organization-key calls (sent as X-Project-Id)             (ONECLI_PROJECT_ID)
  --partner-key KEY     partner API key oc_partner_…                                          (ONECLI_PARTNER_API_KEY)
  --member-key KEY      organization key of a plain member, for role checks                   (ONECLI_ORG_MEMBER_API_KEY)
  --seed N              seed of the generated requests (same seed, same requests)            (ONECLI_CONFORMANCE_SEED)
  --examples N          generated requests per operation and phase, default 50                (ONECLI_CONFORMANCE_EXAMPLES)
  --include LIST        only these operationIds or tags (comma-separated)                     (ONECLI_CONFORMANCE_INCLUDE)
  --exclude LIST        leave out these operationIds or tags (comma-separated)                (ONECLI_CONFORMANCE_EXCLUDE)
  --edition NAME        cloud | enterprise | community: operations the edition does not serve
                        are reported as not applicable, default cloud. Without it, an
                        embedded run also starts a self-hosted reference server for the
                        operations Cloud does not serve (POST /migrate/export)               (ONECLI_EDITION)
  --checks LIST         only these check ids                                                  (ONECLI_CONFORMANCE_CHECKS)
  --exclude-checks LIST leave out these check ids                                             (ONECLI_CONFORMANCE_EXCLUDE_CHECKS)
  --strict              findings of severity warning fail the run too                         (ONECLI_CONFORMANCE_STRICT=1)
  --max-response-time MS  enable max-response-time: answers slower than MS fail             (ONECLI_CONFORMANCE_MAX_RESPONSE_TIME)
  --contract PATH|URL   contract to test against (a file or an http(s) URL), default the
                        bundled openapi.yaml; x-onecli extensions it lacks are inferred       (ONECLI_CONTRACT)
  --no-general-errors   do not assume the docs' general errors (401, 403, 404, 500, 400)
                        where the contract lists none                    (ONECLI_CONFORMANCE_NO_GENERAL_ERRORS=1)
  --report-dir DIR      where report.json, junit.xml and summary.md go, default reports/latest (ONECLI_REPORT_DIR)
  --report LIST         formats written there: json, junit, html, md (summary.md and coverage.txt),
                        har (report.har), ndjson (events.ndjson, as the run goes);
                        default json,junit,html,md                                            (ONECLI_CONFORMANCE_REPORT)
  --baseline FILE       report.json of an earlier run: exit 1 only for findings not in it     (ONECLI_CONFORMANCE_BASELINE)
  --shard I/N           run the I-th of N slices of the selected tags; merge the
                        reports with \`onecli-conformance merge\`                              (ONECLI_CONFORMANCE_SHARD)
  --plan                print what would be sent per operation (phases, bindings, checks,
                        external-target skips) and send nothing, not even the target probe
  --read-only           send only GET requests: every other method, and the methods phase,
                        is not applicable; nothing is created                                 (ONECLI_CONFORMANCE_READ_ONLY=1)
  --concurrency N       requests in flight at most, default 16; the same seed sends the same
                        requests at any concurrency                                          (ONECLI_CONFORMANCE_CONCURRENCY)
  --timeout MS          milliseconds a request may wait for its answer, default 10000         (ONECLI_CONFORMANCE_TIMEOUT)
  --rate N              requests per second at most, per target, default no cap              (ONECLI_CONFORMANCE_RATE)
  --max-duration S      seconds the run may take; then it stops sending, cleans up and
                        writes a report marked incomplete (exit 1 if something failed,
                        else 4)                                                               (ONECLI_CONFORMANCE_MAX_DURATION)
  --allow-destructive LIST  operationIds to send to an external target although they change
                        state the run did not create (e.g. setDefaultAgent), default none     (ONECLI_CONFORMANCE_ALLOW_DESTRUCTIVE)
  --config FILE         a config file (default: onecli-conformance.config.json or .ts in the
                        working directory); flags, then the environment, win over it          (ONECLI_CONFORMANCE_CONFIG)
  -h, --help            this text

  onecli-conformance replay REPORT.json FINDING-ID [--target URL] [keys]
                        re-send a finding's evidence request; "still fails" (exit 1) or "fixed" (exit 0)
  onecli-conformance merge REPORT.json... [--report-dir DIR] [--baseline FILE]
                        merge the reports of shards of one run into one report
  onecli-conformance cleanup [--target URL] [--report-dir DIR] [keys]
                        undo what an interrupted or crashed run made on the target (its journal)

Exit codes: 0 conforms · 1 does not conform · 2 usage or configuration error · 3 contract invalid ·
4 target unreachable or unusable · 5 internal error · 130 interrupted (what the run made is undone first).`;

const EDITIONS: Edition[] = ['cloud', 'enterprise', 'community'];

/**
 * Parses flags, then fills what they leave open from `env` (the process environment merged over .env), then
 * from the config file (src/config/load.ts; found in `cwd` unless named).
 */
export function parseCli(
  argv: string[],
  env: Record<string, string | undefined>,
  knownChecks: string[] = [...checks, ...runLevelChecks].map((c) => c.id),
  cwd = process.cwd(),
): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        'gateway-target': { type: 'string' },
        'api-key': { type: 'string' },
        'org-key': { type: 'string' },
        'project-id': { type: 'string' },
        'partner-key': { type: 'string' },
        'member-key': { type: 'string' },
        seed: { type: 'string' },
        examples: { type: 'string' },
        include: { type: 'string' },
        exclude: { type: 'string' },
        edition: { type: 'string' },
        checks: { type: 'string' },
        'exclude-checks': { type: 'string' },
        strict: { type: 'boolean' },
        'max-response-time': { type: 'string' },
        contract: { type: 'string' },
        'report-dir': { type: 'string' },
        report: { type: 'string' },
        baseline: { type: 'string' },
        shard: { type: 'string' },
        plan: { type: 'boolean' },
        'read-only': { type: 'boolean' },
        'allow-destructive': { type: 'string' },
        'no-general-errors': { type: 'boolean' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        rate: { type: 'string' },
        'max-duration': { type: 'string' },
        config: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new EngineError('USAGE', `${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const configGiven = typeof values.config === 'string' ? values.config : env.ONECLI_CONFORMANCE_CONFIG || undefined;
  const loaded = values.help === true ? undefined : loadConfig(configGiven, cwd);
  const fromConfig = loaded ? optionLayer(loaded.config) : {};
  // Flags, then the environment, then the config file.
  const pick = (flag: string, ...names: string[]): string | undefined => {
    const v = values[flag];
    if (typeof v === 'string') return v;
    for (const n of names) if (env[n]) return env[n];
    const c = fromConfig[flag];
    return typeof c === 'string' ? c : undefined;
  };
  const on = (flag: string, name: string) =>
    values[flag] === true || (env[name] ? ['1', 'true'].includes(env[name]!) : fromConfig[flag] === true);
  const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);

  const target = pick('target', 'ONECLI_BASE_URL');
  if (target !== undefined) httpUrl('--target', target, 'e.g. http://localhost:10254/v1');
  const gatewayTarget = pick('gateway-target', 'ONECLI_GATEWAY_URL');
  if (gatewayTarget !== undefined) httpUrl('--gateway-target', gatewayTarget, 'the base URL the gateway serves the approval routes under');
  const seedText = pick('seed', 'ONECLI_CONFORMANCE_SEED');
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0 || seed > 0x7fffffff)) {
    throw new EngineError('CONFIG_INVALID', `--seed must be an integer from 0 to 2147483647, got ${JSON.stringify(seedText)}`);
  }
  const examplesText = pick('examples', 'ONECLI_CONFORMANCE_EXAMPLES') ?? '50';
  const examples = Number(examplesText);
  if (!Number.isInteger(examples) || examples < 1 || examples > 10_000) {
    throw new EngineError('CONFIG_INVALID', `--examples must be an integer from 1 to 10000, got ${JSON.stringify(examplesText)}`);
  }
  const editionText = pick('edition', 'ONECLI_EDITION');
  const edition = (editionText ?? 'cloud') as Edition;
  if (!EDITIONS.includes(edition)) {
    throw new EngineError('CONFIG_INVALID', `--edition must be one of ${EDITIONS.join(', ')}, got ${JSON.stringify(edition)}`);
  }
  const credentials: Credentials = {
    apiKey: pick('api-key', 'ONECLI_API_KEY'),
    orgKey: pick('org-key', 'ONECLI_ORG_API_KEY'),
    projectId: pick('project-id', 'ONECLI_PROJECT_ID'),
    partnerKey: pick('partner-key', 'ONECLI_PARTNER_API_KEY'),
    memberKey: pick('member-key', 'ONECLI_ORG_MEMBER_API_KEY', 'ONECLI_MEMBER_API_KEY'),
  };
  const checks = pick('checks', 'ONECLI_CONFORMANCE_CHECKS');
  const excludeChecks = list(pick('exclude-checks', 'ONECLI_CONFORMANCE_EXCLUDE_CHECKS'));
  for (const id of [...list(checks), ...excludeChecks]) {
    if (!knownChecks.includes(id)) {
      throw new EngineError('CONFIG_INVALID', `unknown check ${JSON.stringify(id)}; known: ${knownChecks.join(', ')}`);
    }
  }
  const maxText = pick('max-response-time', 'ONECLI_CONFORMANCE_MAX_RESPONSE_TIME');
  const maxResponseTimeMs = maxText === undefined ? undefined : Number(maxText);
  if (maxResponseTimeMs !== undefined && (!Number.isFinite(maxResponseTimeMs) || maxResponseTimeMs <= 0)) {
    throw new EngineError('CONFIG_INVALID', `--max-response-time must be a positive number of milliseconds, got ${JSON.stringify(maxText)}`);
  }
  const shard = pick('shard', 'ONECLI_CONFORMANCE_SHARD');
  const shardParts = shard?.match(/^(\d+)\/(\d+)$/);
  if (shard !== undefined && (!shardParts || Number(shardParts[1]) < 1 || Number(shardParts[1]) > Number(shardParts[2]))) {
    throw new EngineError('CONFIG_INVALID', `--shard must be I/N with 1 <= I <= N (e.g. 1/3), got ${JSON.stringify(shard)}`);
  }
  const number = (flag: string, name: string, fallback: number | undefined, min: number, max: number, integer: boolean, unit: string) => {
    const text = pick(flag, name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new EngineError('CONFIG_INVALID', `--${flag} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (${unit}), got ${JSON.stringify(text)}`);
    }
    return n;
  };
  const concurrency = number('concurrency', 'ONECLI_CONFORMANCE_CONCURRENCY', 16, 1, 256, true, 'requests in flight')!;
  const timeoutMs = number('timeout', 'ONECLI_CONFORMANCE_TIMEOUT', 10_000, 100, 600_000, true, 'milliseconds')!;
  const rate = number('rate', 'ONECLI_CONFORMANCE_RATE', undefined, 0.1, 100_000, false, 'requests per second');
  const maxDurationS = number('max-duration', 'ONECLI_CONFORMANCE_MAX_DURATION', undefined, 1, 86_400, false, 'seconds');
  const reportsText = pick('report', 'ONECLI_CONFORMANCE_REPORT');
  const reports = reportsText === undefined ? DEFAULT_REPORTS : list(reportsText) as ReportFormat[];
  for (const format of reports) {
    if (!REPORT_FORMATS.includes(format)) {
      throw new EngineError('CONFIG_INVALID', `unknown report format ${JSON.stringify(format)}; known: ${REPORT_FORMATS.join(', ')}`);
    }
  }
  if (!reports.length) throw new EngineError('CONFIG_INVALID', `--report names no format; known: ${REPORT_FORMATS.join(', ')}`);
  const noGeneralErrors = on('no-general-errors', 'ONECLI_CONFORMANCE_NO_GENERAL_ERRORS');
  // The loader reads it from the process environment (the CLI's own loadContract and the spec files' alike),
  // which the flag and a .env file do not reach by themselves.
  if (noGeneralErrors) process.env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS = '1';
  return {
    target,
    ...(gatewayTarget !== undefined ? { gatewayTarget } : {}),
    credentials,
    seed,
    examples,
    reportDir: pick('report-dir', 'ONECLI_REPORT_DIR') ?? 'reports/latest',
    reports: REPORT_FORMATS.filter((f) => reports.includes(f)),
    include: list(pick('include', 'ONECLI_CONFORMANCE_INCLUDE')),
    exclude: list(pick('exclude', 'ONECLI_CONFORMANCE_EXCLUDE')),
    edition,
    editionGiven: editionText !== undefined,
    contract: pick('contract', 'ONECLI_CONTRACT'),
    checks: checks ? list(checks) : undefined,
    excludeChecks,
    strict: on('strict', 'ONECLI_CONFORMANCE_STRICT'),
    maxResponseTimeMs,
    baseline: pick('baseline', 'ONECLI_CONFORMANCE_BASELINE'),
    shard: shard && `${Number(shardParts![1])}/${Number(shardParts![2])}`,
    plan: values.plan === true || fromConfig.plan === true,
    readOnly: on('read-only', 'ONECLI_CONFORMANCE_READ_ONLY'),
    allowDestructive: list(pick('allow-destructive', 'ONECLI_CONFORMANCE_ALLOW_DESTRUCTIVE')),
    noGeneralErrors,
    concurrency,
    timeoutMs,
    ...(rate !== undefined ? { rate } : {}),
    ...(maxDurationS !== undefined ? { maxDurationS } : {}),
    help: values.help === true,
    ...(loaded ? { configFile: loaded.path, config: runConfigOf(loaded.config, relative(cwd, loaded.path) || loaded.path) } : {}),
  };
}

/** Refuses a value of a URL option that is not an http(s) URL, in one line naming the option. */
function httpUrl(flag: string, value: string, hint: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EngineError('CONFIG_INVALID', `${flag} ${JSON.stringify(value)} is not a URL (${hint})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EngineError('CONFIG_INVALID', `${flag} must be an http(s) URL, got ${url.protocol}`);
  }
}
