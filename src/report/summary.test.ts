import { describe, expect, it } from 'vitest';
import { findingOn, reportOf } from './__test-helpers__/drift-report';
import { sampleReport } from './__test-helpers__/sample-report';
import { summaryMarkdown, summaryText } from './summary';
import type { Report } from './types';

/** A report at its worst for length: 60 causes on as many operations, leftovers and run errors. */
function longReport(): Report {
  const ops = Array.from({ length: 60 }, (_, i) => ({ operationId: `op${i}`, method: 'GET' as const, path: `/r${i}`, tag: 'T' }));
  const findings = ops.map((op) => findingOn(op, { checkId: 'response-schema-conformance', title: 'Response violates schema', message: `line one ${op.operationId}\nline two`, cause: `/${op.operationId} must be boolean` }, 200));
  const report = reportOf(ops, findings);
  report.leftovers = Array.from({ length: 30 }, (_, i) => `deleteAgent /agents/${i}`);
  report.errors = Array.from({ length: 10 }, (_, i) => ({ code: 'TARGET_UNUSABLE', message: `error ${i} ${'x'.repeat(80)}` }));
  return report;
}

describe('summaryMarkdown', () => {
  it('states the score and the coverage', () => {
    const md = summaryMarkdown(sampleReport('failing'));
    expect(md).toContain('Score **78.9 %** (15/19 operation × check pairs passed) · coverage **62.5 %** (5/8 operations reached with 2xx/3xx)');
    expect(summaryMarkdown(sampleReport('conforming'))).toContain('Score **100.0 %** (19/19');
  });

  it.each([
    ['a conforming run', () => sampleReport('conforming')],
    ['a failing run', () => sampleReport('failing')],
    ['a run with 60 causes, 30 leftovers and 10 errors', longReport],
  ])('stays within 40 lines for %s', (_name, make) => {
    const md = summaryMarkdown(make());
    expect(md.endsWith('\n')).toBe(true);
    expect(md.trimEnd().split('\n').length).toBeLessThanOrEqual(40);
  });

  it('keeps what matters of a long run: verdict, the first causes and the rest counted, score, leftovers, errors', () => {
    const report = longReport();
    const md = summaryMarkdown(report);
    expect(md.split('\n').slice(0, 3)).toEqual(['## OneCLI conformance: DOES NOT CONFORM', '', '**60 causes (60 errors, 0 warnings) from 60 findings**']);
    expect(md).toContain('Score **');
    // Causes of equal size come by id.
    for (const c of report.causes.slice(0, 10)) expect(md).toContain(`| \`${c.operations[0]}\` |`);
    expect(md).not.toContain(`\`${report.causes[10]!.operations[0]}\``);
    expect(md).toContain('… and 50 more causes in report.json (`causes`).');
    expect(md).toContain('Left on the target: 30 resource(s)');
    expect(md).toContain('Run errors: TARGET_UNUSABLE: error 0');
  });
});

describe('summaryText', () => {
  it('prints the score and the coverage after the verdict line', () => {
    const lines = summaryText(sampleReport('failing'), 'reports/latest').split('\n');
    expect(lines[0]).toMatch(/^DOES NOT CONFORM: 4 causes \(3 errors, 1 warning\) from 4 findings; 5\/8 operations exercised/);
    expect(lines[1]).toBe('Score 78.9 % (15/19 operation × check pairs passed) · coverage 62.5 % (5/8 operations reached with 2xx/3xx)');
  });
});
