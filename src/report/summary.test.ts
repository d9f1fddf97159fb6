import { describe, expect, it } from 'vitest';
import { sampleReport } from './__test-helpers__/sample-report';
import { summaryMarkdown, summaryText } from './summary';
import type { Report } from './types';

/** A report at its worst for length: many findings, leftovers and run errors. */
function longReport(): Report {
  const report = sampleReport('failing');
  const f = report.findings[0]!;
  report.findings = Array.from({ length: 60 }, (_, i) => ({ ...f, operationId: `op${i}`, message: `line one ${i}\nline two` }));
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
    ['a run with 60 findings, 30 leftovers and 10 errors', longReport],
  ])('stays within 40 lines for %s', (_name, make) => {
    const md = summaryMarkdown(make());
    expect(md.endsWith('\n')).toBe(true);
    expect(md.trimEnd().split('\n').length).toBeLessThanOrEqual(40);
  });

  it('keeps what matters of a long run: verdict, score, the first findings and the rest counted', () => {
    const md = summaryMarkdown(longReport());
    expect(md.split('\n')[0]).toBe('## OneCLI conformance: DOES NOT CONFORM');
    expect(md).toContain('Score **');
    expect(md).toContain('`op19`');
    expect(md).not.toContain('`op20`');
    expect(md).toContain('- … and 40 more in report.json');
    expect(md).toContain('Left on the target: 30 resource(s)');
    expect(md).toContain('Run errors: TARGET_UNUSABLE: error 0');
  });
});

describe('summaryText', () => {
  it('prints the score and the coverage after the verdict line', () => {
    const lines = summaryText(sampleReport('failing'), 'reports/latest').split('\n');
    expect(lines[0]).toMatch(/^DOES NOT CONFORM: 3 error\(s\), 1 warning\(s\)/);
    expect(lines[1]).toBe('Score 78.9 % (15/19 operation × check pairs passed) · coverage 62.5 % (5/8 operations reached with 2xx/3xx)');
  });
});
