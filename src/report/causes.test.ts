import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../runner/types';
import { AT_LEAST_ONE, FLAT_404, GONE, atLeastOne, driftReport, findingOn, flat404, gone, reportOf } from './__test-helpers__/drift-report';
import { withIds } from './build-report';
import { causeId, causesOf, fallbackCauseKey } from './causes';
import { mergeReports } from './merge';
import { readReport } from './read-report';
import { summaryMarkdown, summaryText } from './summary';

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('./report.schema.json', import.meta.url), 'utf8')));

describe('causesOf', () => {
  it('makes one cause of the same departure on many operations: 40 findings, 3 causes', () => {
    const report = driftReport();
    expect(report.findings).toHaveLength(40);
    expect(report.causes.map((c) => [c.severity, c.checkId, c.key, c.operations.length, c.findings.length, c.occurrences])).toEqual([
      ['error', 'status-code-conformance', '410', 25, 25, 25],
      ['error', 'error-shape', '404 flat', 9, 9, 9],
      ['warning', 'positive-data-acceptance', '400 flat: at least one field must be provided', 6, 6, 6],
    ]);
    expect(report.causes.map((c) => c.title)).toEqual([
      '25 operations answer 410 Gone',
      '9 operations answer 404 in the flat shape',
      '6 operations: valid request refused (400 flat "At least one field must be provided")',
    ]);
    expect(report.summary.causes).toEqual({ error: 2, warning: 1 });
    expect(report.summary.findings).toEqual({ error: 34, warning: 6 });
    // Every finding is in exactly one cause, and keeps its own id.
    expect(report.causes.flatMap((c) => c.findings).sort()).toEqual(report.findings.map((f) => f.id).sort());
  });

  it('lists a cause\'s operations and findings in the report\'s order of operations', () => {
    const report = driftReport();
    const [goneCause] = report.causes;
    expect(goneCause!.operations).toEqual(GONE.map((o) => o.operationId));
    const shuffled = [...report.findings].reverse();
    const again = causesOf(shuffled, report.operations);
    expect(again).toEqual(report.causes);
  });

  it('keeps different cause keys apart', () => {
    const [a, b] = GONE;
    const findings = withIds([
      gone(a!),
      { ...gone(b!), cause: '404', message: 'Received 404; documented: 200, 401.', response: { status: 404, headers: {}, body: '' } },
      flat404(FLAT_404[0]!),
      { ...flat404(FLAT_404[1]!), cause: '404 other', message: 'Received a body of neither shape (Not Found); expected the envelope.' },
    ]);
    const causes = causesOf(findings);
    expect(causes).toHaveLength(4);
    expect(new Set(causes.map((c) => c.id)).size).toBe(4);
    expect(causes.map((c) => c.title).sort()).toEqual([
      '1 operation answers 404 Not Found',
      '1 operation answers 404 in the flat shape',
      '1 operation answers 404 with a body of neither error shape',
      '1 operation answers 410 Gone',
    ]);
  });

  it('gives a cause an id that depends on check, severity and key only: not on which operations, how many, or their order', () => {
    const whole = driftReport().causes[0]!;
    expect(whole.id).toBe(causeId('status-code-conformance', 'error', '410'));
    expect(whole.id).toMatch(/^[0-9a-f]{10}$/);
    const few = causesOf(withIds([gone(GONE[7]!), gone(GONE[3]!)]));
    const one = causesOf(withIds([gone(GONE[20]!)]));
    expect(few[0]!.id).toBe(whole.id);
    expect(one[0]!.id).toBe(whole.id);
    expect(few[0]!.title).toBe('2 operations answer 410 Gone');
    expect(one[0]!.title).toBe('1 operation answers 410 Gone');
    // Also when the check sets no cause: the fallback key drops what names the operation.
    const fallback = driftReport(false).causes.map((c) => c.id);
    expect(causesOf(withIds([...GONE].reverse().slice(0, 4).map((op) => gone(op, false))))[0]!.id).toBe(fallback[0]);
  });

  it('takes as evidence the finding with the smallest request (path and body)', () => {
    const findings = withIds(
      AT_LEAST_ONE.map((op, i) => {
        const f = atLeastOne(op);
        return { ...f, request: { ...f.request, body: i === 4 ? '{}' : `{"note":"${'x'.repeat(10 + i)}"}` } };
      }),
    );
    const [cause] = causesOf(findings);
    expect(cause!.evidence).toBe(findings[4]!.id);
    // The drift report's 410: /rules is the shortest path sent.
    const report = driftReport();
    const evidence = report.findings.find((f) => f.id === report.causes[0]!.evidence)!;
    expect(evidence.request.path).toBe('/rules');
  });

  it('keeps warnings and errors of the same check and key apart, errors first', () => {
    const error = atLeastOne(AT_LEAST_ONE[0]!);
    const findings = withIds([
      ...AT_LEAST_ONE.slice(1).map((op) => atLeastOne(op)),
      { ...error, severity: 'error', title: 'Documented example refused' },
    ]);
    const causes = causesOf(findings);
    expect(causes.map((c) => [c.severity, c.operations.length])).toEqual([
      ['error', 1],
      ['warning', 5],
    ]);
    expect(causes[0]!.id).not.toBe(causes[1]!.id);
    expect(causes[0]!.title).toBe('1 operation: documented example refused (400 flat "At least one field must be provided")');
  });

  it('sorts errors first, then by operations (most first), then by id', () => {
    const report = reportOf(
      [...GONE.slice(0, 3), ...FLAT_404.slice(0, 5), ...AT_LEAST_ONE],
      [...GONE.slice(0, 3).map((op) => gone(op)), ...FLAT_404.slice(0, 5).map((op) => flat404(op)), ...AT_LEAST_ONE.map((op) => atLeastOne(op))],
    );
    expect(report.causes.map((c) => [c.severity, c.operations.length])).toEqual([
      ['error', 5],
      ['error', 3],
      ['warning', 6],
    ]);
  });

  it('makes a root-cause finding (operation *) a cause of its own, naming the operations whose tally failed', () => {
    const ops = GONE.slice(0, 5);
    const ignored = (op: (typeof ops)[number]): Finding =>
      findingOn(op, { checkId: 'ignored-auth', title: 'Authentication ignored', message: 'Received 200 to a request with no Authorization header; documented: 401.', phase: 'auth' }, 200);
    const report = reportOf(ops, [...ops.map(ignored), gone(ops[0]!)]);
    const root = report.causes.find((c) => c.checkId === 'ignored-auth')!;
    expect(report.findings.filter((f) => f.checkId === 'ignored-auth').map((f) => f.operationId)).toEqual(['*']);
    expect(root).toMatchObject({ title: 'Authentication ignored on every operation', operations: ops.map((o) => o.operationId), key: '* Authentication ignored on every operation' });
    expect(root.findings).toHaveLength(1);
  });

  it('groups findings without a cause by title and message, without the operation\'s path, id, method or documented statuses', () => {
    const report = driftReport(false);
    expect(report.causes.map((c) => [c.severity, c.checkId, c.operations.length])).toEqual([
      ['error', 'status-code-conformance', 25],
      ['error', 'error-shape', 9],
      ['warning', 'positive-data-acceptance', 6],
    ]);
    expect(report.causes.map((c) => c.title)).toEqual(driftReport().causes.map((c) => c.title));
    expect(report.causes[0]!.key).toBe('Undocumented status code: Received 410; documented: <statuses>.');
    const [a, b] = [GONE[1]!, FLAT_404[0]!];
    const says = (op: typeof a, text: string) =>
      fallbackCauseKey({ ...findingOn(op, { checkId: 'x', title: 'T', message: text }), operationId: op.operationId });
    expect(says(a, `${a.operationId}: GET ${a.path} answered 200 or 201 at /rules/3f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f`)).toBe(
      says(b, `${b.operationId}: GET ${b.path} answered 200 or 201 at /agents/3f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f`),
    );
    expect(says(a, 'Received 410; documented: 200.')).toBe(says(a, 'Received 410; documented: 200, 404 and 5XX.'));
    expect(says(a, 'Received 410; documented: 200.')).not.toBe(says(a, 'Received 409; documented: 200.'));
  });
});

describe('causes in the report', () => {
  it('are in report.json as the schema describes, with a finding\'s cause and also', () => {
    const report = driftReport();
    report.findings[0]!.also = [{ checkId: 'response-schema-conformance', severity: 'error', title: 'Response violates schema', message: '/error must be object' }];
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
    const bad = JSON.parse(JSON.stringify(report));
    bad.causes[0].extra = 1;
    expect(validate(bad)).toBe(false);
  });

  it('are recomputed when shards merge: one cause over the operations of both', () => {
    const all = [...GONE, ...FLAT_404, ...AT_LEAST_ONE].map((o) => o.operationId);
    const first = driftReport(true, all.filter((_, i) => i % 2 === 0));
    const second = driftReport(true, all.filter((_, i) => i % 2 === 1));
    expect(first.causes[0]!.operations).toHaveLength(13);
    expect(second.causes[0]!.operations).toHaveLength(12);
    const { report } = mergeReports([first, second]);
    const whole = driftReport();
    expect(report.causes).toEqual(whole.causes);
    expect(report.summary.causes).toEqual({ error: 2, warning: 1 });
  });

  it('are computed for a report.json written before causes', () => {
    const report = JSON.parse(JSON.stringify(driftReport()));
    const expected = report.causes;
    delete report.causes;
    delete report.summary.causes;
    const dir = mkdtempSync(join(tmpdir(), 'occ-causes-'));
    try {
      writeFileSync(join(dir, 'report.json'), JSON.stringify(report));
      const read = readReport(join(dir, 'report.json'));
      expect(read.causes).toEqual(expected);
      expect(read.summary.causes).toEqual({ error: 2, warning: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('summaries lead with causes', () => {
  it('the terminal\'s first line counts causes, then the causes are listed, not the findings', () => {
    const report = driftReport();
    const lines = summaryText(report, 'reports/latest').split('\n');
    expect(lines[0]).toMatch(/^DOES NOT CONFORM: 3 causes \(2 errors, 1 warning\) from 40 findings; 40\/40 operations exercised/);
    const [c410, c404, cWarn] = report.causes;
    expect(lines.slice(2, 5)).toEqual([
      `  ✗ [${c410!.id}] status-code-conformance: 25 operations answer 410 Gone — e.g. listRules [${c410!.evidence}]: Received 410; documented: 200, 401, 404, 500.`,
      `  ✗ [${c404!.id}] error-shape: 9 operations answer 404 in the flat shape — e.g. getAgent [${c404!.evidence}]: Received the flat shape {"error": "..."}; expected the envelope {"error": {"message", "type"}} because the docs give 404 the envelope.`,
      `  ! [${cWarn!.id}] positive-data-acceptance: 6 operations: valid request refused (400 flat "At least one field must be provided") — e.g. updateApp [${cWarn!.evidence}]: Received 400 flat "At least one field must be provided" to a request that satisfies the contract; the server is stricter than the contract.`,
    ]);
    expect(lines[5]).toBe('Report: reports/latest/report.json');
  });

  it('the terminal lists 10 causes at most, then how many more', () => {
    const ops = GONE.slice(0, 12);
    const findings = ops.map((op, i) => ({ ...gone(op), cause: String(400 + i), message: `Received ${400 + i}; documented: 200.` }));
    const lines = summaryText(reportOf(ops, findings), 'out').split('\n');
    expect(lines[0]).toMatch(/^DOES NOT CONFORM: 12 causes \(12 errors, 0 warnings\) from 12 findings;/);
    expect(lines.filter((l) => l.startsWith('  ✗ ['))).toHaveLength(10);
    expect(lines).toContain('  … 2 more');
  });

  it('summary.md opens with the causes: severity, headline, operations (first three, +N), evidence', () => {
    const report = driftReport();
    const md = summaryMarkdown(report);
    const lines = md.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(40);
    expect(lines.slice(0, 9)).toEqual([
      '## OneCLI conformance: DOES NOT CONFORM',
      '',
      '**3 causes (2 errors, 1 warning) from 40 findings**',
      '',
      '### Causes',
      '',
      '| | cause | operations | evidence |',
      '|---|---|---|---|',
      `| ✗ error | 25 operations answer 410 Gone · \`status-code-conformance\` | \`listRules\`, \`getRule\`, \`createRule\` +22 | \`${report.causes[0]!.evidence}\` (\`listRules\`) |`,
    ]);
    expect(md).toContain('| ⚠ warning | 6 operations: valid request refused (400 flat "At least one field must be provided") · `positive-data-acceptance` |');
    expect(md).not.toContain('### Findings');
  });
});

describe('headlines', () => {
  it('an operation not served: "N operations are not served at this base URL (every request answered 410 Gone)"', () => {
    const report = driftReport();
    const served = report.findings.slice(0, 3).map((f, i) => ({
      ...f,
      id: `f${i}`,
      operationId: `op${i}`,
      checkId: 'operation-served',
      title: 'Operation not served (410 Gone)',
      cause: 'not served: 410',
      response: { ...f.response, status: 410 },
    }));
    const [cause] = causesOf(served);
    expect(cause!.title).toBe('3 operations are not served at this base URL (every request answered 410 Gone)');
  });
});
