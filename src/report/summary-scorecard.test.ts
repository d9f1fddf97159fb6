import { describe, expect, it } from 'vitest';
import { sampleReport } from './__test-helpers__/sample-report';
import { withScorecard } from './__test-helpers__/sample-scorecard';
import type { Scorecard, ScorecardOperation } from './scorecard';
import { summaryMarkdown, summaryText } from './summary';
import type { Report } from './types';

/** The sample report with a scorecard of `n` operations that never reached a 2xx, every fourth (op0, op4, …) excluded. */
function manyWithout(n: number): Report {
  const operations: ScorecardOperation[] = Array.from({ length: n }, (_, i) => ({
    operationId: `op${i}`,
    tag: 'T',
    documented: [{ status: '200', seen: 0, notSeen: { reason: i % 4 ? 'answered-otherwise' : 'excluded', detail: `why ${i}` } }],
    undocumented: [],
    reached2xx: false,
    noSuccess: { reason: i % 4 ? 'answered-otherwise' : 'excluded', detail: `why ${i}` },
  }));
  const scorecard: Scorecard = { operations, totals: { documented: n, seen: 0, notSeen: { 'answered-otherwise': n - Math.ceil(n / 4), excluded: Math.ceil(n / 4) }, undocumented: 0, withoutSuccess: n - Math.ceil(n / 4) } };
  return { ...sampleReport('failing'), scorecard };
}

describe('response coverage in summary.md and the terminal', () => {
  const report = withScorecard(sampleReport('failing'));
  const totals = 'Response coverage: 11/25 documented statuses seen; not seen: 8 not provoked, 2 safety rule, 2 no credential, 2 not applicable; 1 undocumented status seen';

  it('gives the totals and the operations that never answered 2xx with the reason', () => {
    const md = summaryMarkdown(report);
    expect(md).toContain(`\n${totals}\n`);
    expect(md).toContain('Never answered 2xx (3): `setDefaultAgent` (safety rule), `listPartnerOrganizations` (no credential), `getBilling` (not applicable)\n');
    const text = summaryText(report, 'reports/latest').split('\n');
    const at = text.indexOf(totals);
    expect(at).toBeGreaterThan(1);
    expect(text.slice(at + 1, at + 4)).toEqual([
      '  no 2xx: setDefaultAgent: safety rule (setDefaultAgent changes project-wide state; such calls run only against the embedded reference server)',
      '  no 2xx: listPartnerOrganizations: no credential (needs a partner key <oc_partner_…> & none was given)',
      '  no 2xx: getBilling: not applicable (the community edition does not serve /billing)',
    ]);
  });

  it('lists at most 10, leaves out the operations not selected, and counts the rest', () => {
    // 16 operations: op0, op4, op8 and op12 excluded, 12 answered otherwise.
    const md = summaryMarkdown(manyWithout(16));
    const line = md.split('\n').find((l) => l.startsWith('Never answered 2xx'))!;
    expect(line).toMatch(/^Never answered 2xx \(12\): `op1` \(answered otherwise\), `op2` .* and 2 more$/);
    expect(line.match(/`op\d+`/g)).toHaveLength(10);
    expect(line).not.toContain('excluded');
    const text = summaryText(manyWithout(16), 'r').split('\n');
    expect(text.filter((l) => l.startsWith('  no 2xx: '))).toHaveLength(10);
    expect(text.some((l) => /no 2xx: op(0|4|8|12):/.test(l))).toBe(false);
    expect(text).toContain('  … and 2 more without a 2xx');
    expect(md.trimEnd().split('\n').length).toBeLessThanOrEqual(40);
  });

  it('says nothing of response coverage for a report without a scorecard (merged, older), or a contract that documents no status', () => {
    const { scorecard: _none, ...older } = report;
    // sampleReport's own contract carries no responses: its scorecard documents nothing.
    const empty = sampleReport('failing');
    expect(empty.scorecard!.totals.documented).toBe(0);
    for (const r of [older, empty]) {
      expect(summaryMarkdown(r)).not.toContain('Response coverage');
      expect(summaryText(r, 'r')).not.toContain('Response coverage');
      expect(summaryMarkdown(r)).not.toContain('Never answered 2xx');
    }
  });
});
