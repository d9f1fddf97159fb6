import { describe, expect, it } from 'vitest';
import { sampleReport } from './__test-helpers__/sample-report';
import { compare, failingNew } from './baseline';
import { summaryMarkdown, summaryText } from './summary';
import type { Report, ReportFinding } from './types';

const ids = (fs: ReportFinding[]) => fs.map((f) => f.id).sort();

/** The failing sample report without the findings of the given checks. */
function without(report: Report, ...checkIds: string[]): Report {
  return { ...report, findings: report.findings.filter((f) => !checkIds.includes(f.checkId)) };
}

describe('compare', () => {
  it('against itself: everything still present, nothing new or fixed', () => {
    const report = sampleReport('failing');
    const diff = compare(report, sampleReport('failing'));
    expect(diff.new).toEqual([]);
    expect(ids(diff.present)).toEqual(ids(report.findings));
    expect(diff.fixed).toEqual([]);
    expect(diff.unchecked).toEqual([]);
  });

  it('a finding not in the baseline is new; one gone from an exercised operation is fixed', () => {
    const current = without(sampleReport('failing'), 'negative-data-rejection');
    const baseline = without(sampleReport('failing'), 'response-schema-conformance');
    const diff = compare(current, baseline);
    expect(diff.new.map((f) => f.checkId)).toEqual(['response-schema-conformance']);
    expect(diff.fixed.map((f) => f.checkId)).toEqual(['negative-data-rejection']);
    expect(diff.present).toHaveLength(current.findings.length - 1);
  });

  it('a baseline finding on an operation this run did not exercise (excluded, other shard) is unchecked, not fixed', () => {
    const baseline = sampleReport('failing');
    const current = without(sampleReport('failing'), 'negative-data-rejection');
    const op = current.operations.find((o) => o.operationId === 'createSecret')!;
    op.status = 'excluded';
    op.checks = {};
    const diff = compare(current, baseline);
    expect(diff.fixed).toEqual([]);
    expect(diff.unchecked.map((f) => f.operationId)).toEqual(['createSecret']);
  });

  it('gives baseline findings of reports written before ids their id', () => {
    const baseline = sampleReport('failing');
    for (const f of baseline.findings) delete (f as Partial<ReportFinding>).id;
    expect(compare(sampleReport('failing'), baseline).new).toEqual([]);
  });

  it('only errors among the new findings fail the run, warnings too with --strict', () => {
    const diff = compare(sampleReport('failing'), { ...sampleReport('failing'), findings: [] });
    expect(diff.new).toHaveLength(4);
    expect(failingNew(diff, false).map((f) => f.severity)).toEqual(['error', 'error', 'error']);
    expect(failingNew(diff, true)).toHaveLength(4);
    const report = sampleReport('failing');
    const onlyWarning = compare(report, { ...report, findings: report.findings.filter((f) => f.severity === 'error') });
    expect(failingNew(onlyWarning, false)).toEqual([]);
    expect(failingNew(onlyWarning, true).map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('summary against a baseline', () => {
  const current = without(sampleReport('failing'), 'negative-data-rejection');
  const diff = compare(current, without(sampleReport('failing'), 'response-schema-conformance'));

  it('summary.md lists new, still present and fixed findings by id, within 40 lines', () => {
    const md = summaryMarkdown(current, diff);
    expect(md).toContain('**Against the baseline:** 1 new, 2 still present, 1 fixed');
    expect(md).toContain(`New:\n- \`${diff.new[0]!.id}\` **response-schema-conformance** \`listAgents\``);
    expect(md).toContain(`Fixed:\n- \`${diff.fixed[0]!.id}\` **negative-data-rejection** \`createSecret\``);
    expect(md).toContain(`Still present: \`${diff.present[0]!.id}\``);
    expect(md.trimEnd().split('\n').length).toBeLessThanOrEqual(40);
    expect(summaryMarkdown(current)).not.toContain('baseline');
  });

  it('the terminal summary lists them too', () => {
    const text = summaryText(current, 'reports/latest', diff);
    expect(text).toContain('Against the baseline: 1 new, 2 still present, 1 fixed');
    expect(text).toContain(`+ new     ${diff.new[0]!.id} response-schema-conformance listAgents`);
    expect(text).toContain(`- fixed   ${diff.fixed[0]!.id} negative-data-rejection createSecret`);
  });
});
