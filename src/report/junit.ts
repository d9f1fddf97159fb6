import type { Finding } from '../runner/types';
import { checkIdsOf, conformanceScore, coverage, percent } from './score';
import type { OperationReport, Report, ReportFinding } from './types';
import { targetText } from './target-text';

/**
 * The report as JUnit XML, for CI test tabs: one test case per operation × check (classname the tag, name
 * `<operationId> › <check-id>`), grouped in one test suite per tag, plus a `run` suite holding the run's
 * facts as properties and two cases for what fails a run outside any check (resources left behind, run
 * errors).
 *
 * A case fails when the pair has a finding that fails the run (severity error, or any severity with
 * `--strict`); the failure carries each such finding's message, request, status, curl line and replay.
 * Warnings that do not fail the run go to the case's system-out. A case is skipped, with the reason, when
 * its operation was not exercised, or when the check passed or failed no case of it (it only ever did not
 * apply, or was inconclusive).
 */
export function reportJunit(report: Report): string {
  const checkIds = checkIdsOf(report);
  const findings = findingsByPair(report.findings);
  const suites = [runSuite(report)];
  for (const tag of [...new Set(report.operations.map((o) => o.tag))]) {
    const cases = report.operations
      .filter((o) => o.tag === tag)
      .flatMap((op) => checkIds.map((id) => operationCase(report, op, id, findingsOf(findings, op, id))));
    suites.push(suite(tag, cases, report.startedAt));
  }
  const total = suites.reduce(
    (t, s) => ({ tests: t.tests + s.tests, failures: t.failures + s.failures, errors: t.errors + s.errors, skipped: t.skipped + s.skipped }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(report.tool.name)}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="${secs(report.durationMs)}" timestamp="${x(timestamp(report.startedAt))}">`,
    ...suites.map((s) => s.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// escaping

/** Characters XML 1.0 forbids anywhere (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

/**
 * Text as XML character data or a double-quoted attribute value. Markup characters become entities;
 * characters XML cannot hold become their visible Unicode pictures (`\u0000` as `␀`) or U+FFFD; in
 * attributes, line breaks and tabs become character references so parsers keep them.
 */
export function escapeXml(text: unknown, attribute = false): string {
  let s = String(text)
    .replace(NOT_XML, (c) => (c.charCodeAt(0) < 0x20 ? String.fromCharCode(0x2400 + c.charCodeAt(0)) : '\ufffd'))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
  if (attribute) s = s.replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
  return s;
}

const x = (text: unknown) => escapeXml(text, true);

// ---------------------------------------------------------------------------------------------------------
// suites and cases

interface Case {
  xml: string;
  outcome: 'passed' | 'failed' | 'error' | 'skipped';
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function suite(name: string, cases: Case[], startedAt: string, properties: Array<[string, string]> = []): Suite {
  const count = (o: Case['outcome']) => cases.filter((c) => c.outcome === o).length;
  const s = { tests: cases.length, failures: count('failed'), errors: count('error'), skipped: count('skipped') };
  const props = properties.length
    ? [`    <properties>`, ...properties.map(([k, v]) => `      <property name="${x(k)}" value="${x(v)}"/>`), `    </properties>`]
    : [];
  const xml = [
    `  <testsuite name="${x(name)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="${s.skipped}" time="0" timestamp="${x(timestamp(startedAt))}">`,
    ...props,
    ...cases.map((c) => c.xml),
    `  </testsuite>`,
  ].join('\n');
  return { ...s, xml };
}

function testcase(classname: string, name: string, body = ''): string {
  const open = `    <testcase classname="${x(classname)}" name="${x(name)}" time="0"`;
  return body ? `${open}>\n${body}\n    </testcase>` : `${open}/>`;
}

const NOT_EXERCISED: Record<Exclude<OperationReport['status'], 'exercised'>, string> = {
  'not-covered': 'not covered',
  'not-applicable': 'not applicable',
  'no-credential': 'no credential',
  excluded: 'excluded',
};

function skippedReason(op: OperationReport): string {
  if (op.status === 'exercised') return '';
  const detail = op.detail ?? (op.status === 'excluded' ? 'left out by --include/--exclude' : '');
  return `${NOT_EXERCISED[op.status]}${detail ? `: ${detail}` : ''}`;
}

/** Whether a finding fails the run: an error, or anything under `--strict`. */
function failsRun(report: Report, f: Finding): boolean {
  return f.severity === 'error' || report.options.strict === true;
}

function operationCase(report: Report, op: OperationReport, checkId: string, findings: Finding[]): Case {
  const name = `${op.operationId} › ${checkId}`;
  if (op.status !== 'exercised') {
    return { outcome: 'skipped', xml: testcase(op.tag, name, `      <skipped message="${x(skippedReason(op))}"/>`) };
  }
  const failing = findings.filter((f) => failsRun(report, f));
  const others = findings.filter((f) => !failsRun(report, f));
  const out = others.length ? `\n      <system-out>${escapeXml(others.map(evidence).join('\n\n'))}</system-out>` : '';
  const t = op.checks[checkId];
  if (failing.length) {
    const message = failing.length > 1 ? `${failing[0]!.title} (and ${failing.length - 1} more)` : failing[0]!.title;
    const failure = `      <failure message="${x(message)}" type="${x(checkId)}">${escapeXml(failing.map(evidence).join('\n\n'))}</failure>`;
    return { outcome: 'failed', xml: testcase(op.tag, name, failure + out) };
  }
  // One answer, one finding: this check may have failed only on answers another check's finding speaks for.
  const speaking = t && t.failed > 0 && findings.length === 0 ? alsoFailing(report, op, checkId) : [];
  if (speaking.length) {
    const first = speaking[0]!;
    const listed = first.also!.find((a) => a.checkId === checkId)!;
    const fails = speaking.some((f) => f.also!.some((a) => a.checkId === checkId && (a.severity === 'error' || report.options.strict === true)));
    const text = speaking.map((f) => `Failed on the answer of finding ${f.id} (${f.checkId}), which speaks for it.\n\n${evidence(f)}`).join('\n\n');
    if (fails) {
      const failure = `      <failure message="${x(listed.title)}" type="${x(checkId)}">${escapeXml(text)}</failure>`;
      return { outcome: 'failed', xml: testcase(op.tag, name, failure) };
    }
    return { outcome: 'passed', xml: testcase(op.tag, name, `      <system-out>${escapeXml(text)}</system-out>`) };
  }
  if (t && t.failed > 0 && findings.length === 0) {
    // A failed tally always comes with a finding; should one ever be missing, the case still fails.
    const failure = `      <failure message="${x(`${t.failed} case(s) failed`)}" type="${x(checkId)}">${t.failed} case(s) failed; no finding was recorded.</failure>`;
    return { outcome: 'failed', xml: testcase(op.tag, name, failure) };
  }
  if (!t || t.passed + t.failed === 0) {
    const reason = !t
      ? 'the check did not run on this operation'
      : t.inconclusive > 0
        ? `inconclusive on ${t.inconclusive} case(s), did not apply to ${t.skipped}`
        : `did not apply to any of ${t.skipped} case(s)`;
    return { outcome: 'skipped', xml: testcase(op.tag, name, `      <skipped message="${x(reason)}"/>${out}`) };
  }
  return { outcome: 'passed', xml: testcase(op.tag, name, out.trimStart()) };
}

/** One finding as plain text: what, the request, the answer, and how to reproduce it. */
function evidence(f: Finding): string {
  const lines = [
    `[${f.severity}] ${f.title}${f.occurrences > 1 ? ` (${f.occurrences} cases)` : ''}`,
    f.message,
    '',
    `phase ${f.phase}; request ${f.request.method} ${f.request.path}; response ${f.response.status}`,
  ];
  if (f.response.body) lines.push(`response body: ${f.response.body.length > 2000 ? `${f.response.body.slice(0, 2000)}… (cut; see report.json)` : f.response.body}`);
  const r = f.replay;
  lines.push('', f.curl, '', `replay: seed ${r.seed}, phase ${r.phase}, case ${r.index}${r.path ? `, fast-check path ${r.path}` : ''}${r.shrunk ? ', shrunk' : ''}`);
  return lines.join('\n');
}

/**
 * The findings of one operation × check: its own, plus a root-cause finding of the check (operationId
 * `*`, e.g. authentication ignored everywhere) when this operation failed that check.
 */
function findingsOf(findings: Map<string, Finding[]>, op: OperationReport, checkId: string): Finding[] {
  const own = findings.get(`${op.operationId} ${checkId}`) ?? [];
  const failed = (op.checks[checkId]?.failed ?? 0) > 0;
  return failed && own.length === 0 ? (findings.get(`* ${checkId}`) ?? []) : own;
}

/** The findings of an operation that list `checkId` as also failed on their answer. */
function alsoFailing(report: Report, op: OperationReport, checkId: string): ReportFinding[] {
  return report.findings.filter((f) => f.operationId === op.operationId && f.also?.some((a) => a.checkId === checkId));
}

function findingsByPair(findings: Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.operationId} ${f.checkId}`;
    map.set(key, [...(map.get(key) ?? []), f]);
  }
  return map;
}

function runSuite(report: Report): Suite {
  const score = conformanceScore(report);
  const cov = coverage(report);
  const properties: Array<[string, string]> = [
    ['tool', `${report.tool.name} ${report.tool.version}`],
    ['verdict', report.verdict],
    ['contract', `${report.contract.title} ${report.contract.version}`],
    ['contract.sha256', report.contract.sha256],
    ['target', targetText(report.target)],
    ['seed', String(report.options.seed)],
    ['examples', String(report.options.examples)],
    ['edition', report.options.edition],
    ...(report.options.checks ? [['checks', report.options.checks.join(',')] as [string, string]] : []),
    ...(report.options.readOnly ? [['read-only', 'true'] as [string, string]] : []),
    ...(report.options.allowDestructive?.length ? [['allow-destructive', report.options.allowDestructive.join(',')] as [string, string]] : []),
    ['score', `${percent(score)} (${score.passed}/${score.total} operation × check pairs)`],
    ['coverage', `${percent(cov)} (${cov.passed}/${cov.total} operations reached with 2xx/3xx)`],
  ];
  const cleanup: Case = report.leftovers.length
    ? {
        outcome: 'failed',
        xml: testcase('run', 'cleanup', `      <failure message="${x(`${report.leftovers.length} resource(s) the run created are still on the target`)}" type="leftovers">${escapeXml(report.leftovers.join('\n'))}</failure>`),
      }
    : { outcome: 'passed', xml: testcase('run', 'cleanup') };
  const errors: Case = report.errors.length
    ? {
        outcome: 'error',
        xml: testcase('run', 'run errors', `      <error message="${x(report.errors[0]!.message)}" type="${x(report.errors[0]!.code)}">${escapeXml(report.errors.map((e) => `${e.code}: ${e.message}`).join('\n'))}</error>`),
      }
    : { outcome: 'passed', xml: testcase('run', 'run errors') };
  return suite('run', [cleanup, errors], report.startedAt, properties);
}

function secs(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** JUnit's timestamp: ISO 8601 without a zone (the report's times are UTC). */
function timestamp(iso: string): string {
  return iso.replace(/(\.\d+)?Z$/, '');
}
