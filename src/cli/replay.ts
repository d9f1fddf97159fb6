import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startReferenceServer, type RunningReferenceServer } from '../../reference-server/index';
import { checks } from '../checks/index';
import type { CaseInfo, CheckContext } from '../checks/types';
import { SchemaCompiler } from '../contract/compile';
import { isUrl, loadContract } from '../contract/load';
import type { Operation } from '../contract/types';
import { EngineError } from '../errors';
import { HttpClient } from '../http/client';
import { Redactor } from '../http/redact';
import type { Exchange, WireRequest } from '../http/types';
import { proveInvalid } from '../oracle/prove-invalid';
import { readReport } from '../report/read-report';
import type { ReportFinding } from '../report/types';
import { authFor, type Credentials, secretsOf } from '../runner/credentials';
import { runChecks } from '../runner/run-checks';
import { familyCreatedBy, resourceGraph } from '../stateful/graph';
import { parseCli } from './args';
import { readEnvFile } from './env-file';
import { EXIT, EXIT_FOR_CODE } from './exit-codes';
import { replaySequence } from './replay-sequence';
import { PACKAGE_ROOT } from '../package-root';


export const REPLAY_HELP = `Usage: onecli-conformance replay REPORT.json FINDING-ID [--target URL] [--api-key KEY] [--org-key KEY] …

Re-sends the evidence request of one finding (its id is in report.json, summary.md and the terminal output)
and runs the finding's check on the new answer. Prints "still fails: …" (exit 1) or "fixed: …" (exit 0).
A finding of the stateful phase re-sends its whole sequence (create → … → the judged request), the ids
the new creates get in place of the run's, judges the same step, and deletes what it made.

The target is --target, else the report's target (for an operation a self-hosted server serves from its
gateway: --gateway-target, else the report's gateway); a report of the embedded reference server replays
against a fresh one. Keys come from the flags, the environment or .env as for a run: the evidence is
redacted, so the current keys go back into Authorization (and X-Project-Id) as the run sent them.

Exit codes: 0 fixed · 1 still fails · 2 usage error or unknown finding id · 3 contract invalid ·
4 target unreachable (or a sequence's create is refused, so the sequence cannot be rebuilt).`;

/** Option flags of parseCli that take no value. */
const BOOLEAN_FLAGS = new Set(['--strict', '--help', '-h']);
/** Finding ids listed when the one asked for is unknown. */
const LISTED_IDS = 10;

/** `onecli-conformance replay`: re-sends a finding's evidence and re-runs its check; returns the exit code. */
export async function replayCommand(argv: string[], cwd = process.cwd()): Promise<number> {
  let redactor = new Redactor([]);
  let server: RunningReferenceServer | undefined;
  let client: HttpClient | undefined;
  try {
    const env = { ...readEnvFile(join(cwd, '.env')), ...process.env };
    const { positionals, flags } = splitArgs(argv);
    const options = parseCli(flags, env);
    if (options.help) {
      process.stdout.write(`${REPLAY_HELP}\n`);
      return EXIT.CONFORMS;
    }
    if (positionals.length !== 2) {
      throw new EngineError('USAGE', `replay needs a report.json and a finding id, got ${positionals.length} argument(s) (see replay --help)`);
    }
    const [reportPath, wanted] = positionals as [string, string];
    redactor = new Redactor(secretsOf(options.credentials));
    const report = readReport(resolve(cwd, reportPath));
    const finding = findingOf(report.findings, wanted, reportPath);

    const contractPath = options.contract
      ? isUrl(options.contract)
        ? options.contract
        : resolve(cwd, options.contract)
      : isUrl(report.contract.path) || existsSync(report.contract.path)
        ? report.contract.path
        : join(PACKAGE_ROOT, 'openapi.yaml');
    const contract = await loadContract(contractPath);
    if (contract.sha256 !== report.contract.sha256) {
      process.stderr.write(
        `onecli-conformance replay: note: ${contractPath} is not the contract of the report (sha256 ${contract.sha256.slice(0, 12)}, report: ${report.contract.sha256.slice(0, 12)})\n`,
      );
    }
    const operation =
      contract.operations.find((o) => o.operationId === finding.operationId) ??
      contract.operations.find((o) => o.method === finding.method && o.path === finding.path);
    if (!operation) throw new EngineError('CONFIG_INVALID', `the contract has no operation ${finding.operationId} (${finding.method} ${finding.path})`);
    const check = checks.find((c) => c.id === finding.checkId);
    if (!check) throw new EngineError('CONFIG_INVALID', `this version has no check ${finding.checkId}`);

    const explicitTarget = flags.some((a) => a === '--target' || a.startsWith('--target='));
    let baseUrl: string;
    let credentials = options.credentials;
    const gateway = operation.servedBy === 'gateway' ? (options.gatewayTarget ?? (explicitTarget ? undefined : report.target.gateway)) : undefined;
    if (gateway) baseUrl = gateway;
    else if (explicitTarget) baseUrl = options.target!;
    else if (!report.target.embedded) baseUrl = report.target.baseUrl;
    else if (options.target) baseUrl = options.target;
    else {
      // An operation the run sent to its embedded companion server is replayed on that edition.
      const companion = report.target.companion;
      const edition = companion?.operations.includes(operation.operationId) ? companion.edition : report.options.edition;
      server = await startReferenceServer({ port: 0, edition: edition as any });
      baseUrl = server.baseUrl;
      credentials = {
        apiKey: server.keys.projectKey,
        orgKey: server.keys.orgKey,
        projectId: server.keys.projectId,
        partnerKey: server.keys.partnerKey,
        memberKey: server.keys.orgMemberKey,
      };
      redactor = new Redactor(secretsOf(credentials));
    }

    client = new HttpClient(baseUrl);
    const compiler = new SchemaCompiler(contract.document);
    const c = finding.case;
    let exchange: Exchange;
    let info: CaseInfo;
    let after = '';
    if (c.kind === 'stateful' && c.steps?.length && c.judgedStep !== undefined) {
      // The failure depends on the whole sequence: re-send its steps, judge the same step.
      const family = familyCreatedBy(resourceGraph(contract.operations, contract.document), operation);
      if (!family) throw new EngineError('CONFIG_INVALID', `the contract has no resource family created by ${operation.operationId}`);
      const creds = credentials;
      const replayed = await replaySequence({
        steps: c.steps,
        judgedStep: c.judgedStep,
        command: c.command,
        family,
        operations: contract.operations,
        client,
        withKeys: (request, op) => evidenceRequest({ ...finding, request }, op, creds),
        auth: (op) => {
          const auth = authFor(op, creds);
          if ('missing' in auth) throw new EngineError('CONFIG_INVALID', `replaying ${finding.id}: ${op.operationId} ${auth.missing}`);
          return auth.headers;
        },
        note: (text) => process.stderr.write(`onecli-conformance replay: note: ${redactor.text(text)}\n`),
      });
      ({ exchange, info } = replayed);
      const earlier = (finding.sequence ?? [...new Set(c.steps.slice(0, c.judgedStep + 1).map((s) => s.command))]).slice(0, -1);
      if (earlier.length) after = `, after ${earlier.join(' → ')}`;
    } else {
      if (c.kind === 'stateful') {
        process.stderr.write(
          `onecli-conformance replay: note: the report records no steps of the sequence (${(finding.sequence ?? [c.command]).join(' → ')}); only its last request is re-sent, which a target without the run's resources may pass\n`,
        );
      }
      const request = evidenceRequest(finding, operation, credentials);
      exchange = { request, response: await client.send(request) };
      info = replayedCase(c, operation, contract.operations, request, compiler);
    }
    const { request, response } = exchange;
    const ctx: CheckContext = {
      operation,
      operations: contract.operations,
      compiler,
      case: info,
      exchange,
      maxResponseTimeMs: options.maxResponseTimeMs ?? configuredMaximum(finding),
    };
    const outcome = runChecks([check], ctx).get(check);
    const what = `${finding.id} ${finding.checkId} ${finding.operationId} (${request.method} ${request.path.split('?')[0]} → ${response.status}${after})`;
    if (outcome?.status === 'failed') {
      process.stdout.write(`${redactor.text(`still fails: ${what}: ${outcome.violation.title}. ${outcome.violation.message.split('\n')[0]}`)}\n`);
      return EXIT.DOES_NOT_CONFORM;
    }
    const why = !outcome ? ' (the check no longer applies to the answer)' : outcome.status === 'inconclusive' ? ` (inconclusive: ${outcome.reason})` : '';
    process.stdout.write(`${redactor.text(`fixed: ${what}: passes ${finding.checkId}${why}`)}\n`);
    return EXIT.CONFORMS;
  } catch (error) {
    if (error instanceof EngineError) {
      process.stderr.write(`onecli-conformance replay: ${redactor.text(error.message)}\n`);
      return EXIT_FOR_CODE[error.code];
    }
    process.stderr.write(`onecli-conformance replay: internal error: ${redactor.text(String((error as Error)?.stack ?? error))}\n`);
    return EXIT.INTERNAL;
  } finally {
    await client?.close().catch(() => undefined);
    await server?.close();
  }
}

/**
 * The positional arguments (report, finding id) apart from the options, which parseCli reads: an option
 * takes the next argument as its value unless it is a boolean flag or written `--name=value`.
 */
export function splitArgs(argv: string[]): { positionals: string[]; flags: string[] } {
  const positionals: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') positionals.push(arg);
    else if (BOOLEAN_FLAGS.has(arg) || arg.includes('=')) flags.push(arg);
    else flags.push(arg, ...(i + 1 < argv.length ? [argv[++i]!] : []));
  }
  return { positionals, flags };
}

/** The finding with this id (or an unambiguous prefix of at least 4 characters); else a usage error listing ids. */
function findingOf(findings: ReportFinding[], wanted: string, reportPath: string): ReportFinding {
  const exact = findings.find((f) => f.id === wanted);
  if (exact) return exact;
  const prefixed = wanted.length >= 4 ? findings.filter((f) => f.id.startsWith(wanted)) : [];
  if (prefixed.length === 1) return prefixed[0]!;
  const known = findings.length
    ? `known ids${findings.length > LISTED_IDS ? ` (first ${LISTED_IDS} of ${findings.length})` : ''}:\n` +
      findings
        .slice(0, LISTED_IDS)
        .map((f) => `  ${f.id}  ${f.checkId} ${f.operationId}: ${f.title}`)
        .join('\n')
    : 'the report has no findings';
  throw new EngineError('CONFIG_INVALID', `no finding ${JSON.stringify(wanted)} in ${reportPath}; ${known}`);
}

/**
 * The evidence request with the current keys put back where the run had them: the redacted Authorization
 * becomes the key authFor picks for the operation (or the variant the case was about: no key, a malformed
 * key, a member's key, an organization key without X-Project-Id), and X-Project-Id the current project.
 */
export function evidenceRequest(finding: ReportFinding, operation: Operation, creds: Credentials): WireRequest {
  const sent = finding.request;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(sent.headers)) {
    if (!/^(content-length|host|connection|transfer-encoding)$/i.test(name)) headers[name.toLowerCase()] = value;
  }
  const hadProject = 'x-project-id' in headers;
  if ('authorization' in headers) {
    const c = finding.case;
    const key = (value: string | undefined, flag: string) => {
      if (!value) throw new EngineError('CONFIG_INVALID', `replaying ${finding.id} needs ${flag} (the evidence is redacted)`);
      return `Bearer ${value}`;
    };
    if (c.kind === 'auth' && c.variant === 'malformed-key') headers.authorization = 'Bearer oc_not-a-valid-key';
    else if (c.kind === 'member-key') headers.authorization = key(creds.memberKey, '--member-key');
    else if (c.kind === 'missing-header') headers.authorization = key(creds.orgKey, '--org-key');
    else {
      const auth = authFor(operation, creds);
      if ('missing' in auth) throw new EngineError('CONFIG_INVALID', `replaying ${finding.id}: ${operation.operationId} ${auth.missing}`);
      Object.assign(headers, auth.headers);
    }
  }
  if (hadProject && creds.projectId) headers['x-project-id'] = creds.projectId;
  return { method: sent.method, path: sent.path, headers, ...(sent.body !== undefined ? { body: sent.body } : {}) };
}

/** The case as the checks judge it now: an invalid request proven again from the bytes sent; no stale reads. */
function replayedCase(c: CaseInfo, operation: Operation, operations: Operation[], request: WireRequest, compiler: SchemaCompiler): CaseInfo {
  if (c.kind === 'invalid') return { ...c, proof: proveInvalid(operation, operations, request, compiler) };
  // The before/after read of a member-key case belongs to the original run.
  if (c.kind === 'member-key') return { kind: 'member-key' };
  return c;
}

/** The threshold a max-response-time finding was judged against, read back from its message. */
function configuredMaximum(finding: ReportFinding): number | undefined {
  const m = finding.checkId === 'max-response-time' ? /configured maximum: (\d+(?:\.\d+)?) ms/.exec(finding.message) : null;
  return m ? Number(m[1]) : undefined;
}
