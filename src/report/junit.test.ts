import { describe, expect, it } from 'vitest';
import { CHECK_IDS, HOSTILE, sampleReport } from './__test-helpers__/sample-report';
import { escapeXml, reportJunit } from './junit';
import type { Report } from './types';

interface ParsedCase {
  classname: string;
  name: string;
  body: string;
}

/** Reads the test cases back (a regex parse: the writer's layout is fixed, one case per element). */
function cases(xml: string): ParsedCase[] {
  return [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)" time="0"(?:\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => ({
    classname: m[1]!,
    name: m[2]!,
    body: m[3] ?? '',
  }));
}

function attr(xml: string, element: string, name: string): string | undefined {
  return new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];
}

/** Minimal well-formedness: every element closes in order, no raw `<` or `&` in text or attributes. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  for (const m of body.matchAll(/<(\/?)([a-z-]+)((?:\s+[a-z.-]+="[^"<]*")*)\s*(\/?)>/g)) {
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else if (!m[4]) stack.push(m[2]!);
  }
  expect(stack).toEqual([]);
  const text = body.replace(/<(\/?)([a-z-]+)((?:\s+[a-z.-]+="[^"<]*")*)\s*(\/?)>/g, '');
  expect(text).not.toMatch(/[<>]/);
  expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  expect(body).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
}

const failing = sampleReport('failing');
const xml = reportJunit(failing);

describe('reportJunit', () => {
  it('is well-formed XML, hostile bodies included', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    assertWellFormed(xml);
    assertWellFormed(reportJunit(sampleReport('conforming')));
    expect(xml).not.toContain(HOSTILE);
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
  });

  it('has one test case per operation × check, classname the tag, name `<operationId> › <check-id>`', () => {
    const all = cases(xml).filter((c) => c.classname !== 'run');
    expect(all).toHaveLength(failing.operations.length * CHECK_IDS.length);
    const names = all.map((c) => c.name);
    for (const op of failing.operations) {
      for (const id of CHECK_IDS) expect(names).toContain(`${op.operationId} › ${id}`);
    }
    expect(all.find((c) => c.name === 'listSecrets › error-shape')!.classname).toBe('Secrets');
    expect([...xml.matchAll(/<testsuite name="([^"]*)"/g)].map((m) => m[1])).toEqual(['run', 'Agents', 'Secrets', 'Partner', 'Billing']);
  });

  it('fails the pairs with an error finding, carrying message, curl and replay', () => {
    const failed = cases(xml).filter((c) => c.body.includes('<failure'));
    expect(failed.map((c) => c.name).sort()).toEqual(['cleanup', 'createAgent › error-shape', 'createSecret › negative-data-rejection', 'listAgents › response-schema-conformance']);
    const schema = failed.find((c) => c.name === 'listAgents › response-schema-conformance')!.body;
    expect(attr(schema, 'failure', 'message')).toBe('Response violates schema');
    expect(attr(schema, 'failure', 'type')).toBe('response-schema-conformance');
    expect(schema).toContain('/0/isDefault must be boolean');
    expect(schema).toContain("curl -sS -X GET &apos;http://127.0.0.1:10254/v1/agents&apos; -H &apos;authorization: Bearer [REDACTED]&apos;");
    expect(schema).toContain('replay: seed 1301727001, phase positive, case 0, fast-check path 0:0:0, shrunk');
  });

  it('skips operations not exercised, with the reason, and pairs the check never assessed', () => {
    const partner = cases(xml).filter((c) => c.name.startsWith('listPartnerOrganizations › '));
    expect(partner).toHaveLength(CHECK_IDS.length);
    for (const c of partner) expect(attr(c.body, 'skipped', 'message')).toBe('no credential: needs a partner key &lt;oc_partner_…&gt; &amp; none was given');
    expect(attr(cases(xml).find((c) => c.name === 'getBilling › ignored-auth')!.body, 'skipped', 'message')).toBe('not applicable: the community edition does not serve /billing');
    expect(attr(cases(xml).find((c) => c.name === 'listAgents › negative-data-rejection')!.body, 'skipped', 'message')).toBe('did not apply to any of 10 case(s)');
    expect(attr(cases(xml).find((c) => c.name === 'deleteAgent › error-shape')!.body, 'skipped', 'message')).toBe('the check did not run on this operation');
  });

  it('keeps warnings out of the failures unless the run is strict', () => {
    const warning = cases(xml).find((c) => c.name === 'listSecrets › error-shape')!.body;
    expect(warning).not.toContain('<failure');
    expect(warning).toContain('<system-out>[warning] Error body not JSON');
    const strict: Report = { ...failing, options: { ...failing.options, strict: true } };
    const strictCase = cases(reportJunit(strict)).find((c) => c.name === 'listSecrets › error-shape')!.body;
    expect(attr(strictCase, 'failure', 'message')).toBe('Error body not JSON');
  });

  it('counts tests, failures, errors and skipped consistently with the cases', () => {
    const all = cases(xml);
    const failures = all.filter((c) => c.body.includes('<failure')).length;
    const errors = all.filter((c) => c.body.includes('<error')).length;
    const skipped = all.filter((c) => c.body.includes('<skipped')).length;
    expect([failures, errors, skipped]).toEqual([4, 1, 29]);
    expect(attr(xml, 'testsuites', 'tests')).toBe(String(all.length));
    expect(attr(xml, 'testsuites', 'failures')).toBe(String(failures));
    expect(attr(xml, 'testsuites', 'errors')).toBe(String(errors));
    expect(attr(xml, 'testsuites', 'skipped')).toBe(String(skipped));
    expect(attr(xml, 'testsuites', 'time')).toBe('54.298');
    const suiteSum = [...xml.matchAll(/<testsuite name="[^"]*" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g)].reduce(
      (s, m) => s.map((v, i) => v + Number(m[i + 1])),
      [0, 0, 0, 0],
    );
    expect(suiteSum).toEqual([all.length, failures, errors, skipped]);
  });

  it('puts the run facts in the run suite: verdict, sha256, seed, score, coverage', () => {
    expect(xml).toContain('<property name="verdict" value="does-not-conform"/>');
    expect(xml).toContain(`<property name="contract.sha256" value="${failing.contract.sha256}"/>`);
    expect(xml).toContain('<property name="seed" value="1"/>');
    expect(xml).toContain('<property name="score" value="78.9 % (15/19 operation × check pairs)"/>');
    expect(xml).toContain('<property name="coverage" value="62.5 % (5/8 operations reached with 2xx/3xx)"/>');
    expect(cases(xml).find((c) => c.name === 'run errors')!.body).toContain('<error message="socket hang up &lt;after 3 s&gt;" type="TARGET_UNUSABLE">');
  });

  it('has no failure and no error for a conforming run', () => {
    const ok = reportJunit(sampleReport('conforming'));
    expect(attr(ok, 'testsuites', 'failures')).toBe('0');
    expect(attr(ok, 'testsuites', 'errors')).toBe('0');
  });
});

describe('escapeXml', () => {
  it('escapes markup, replaces characters XML cannot hold, and keeps line breaks in attributes', () => {
    expect(escapeXml(`<a b="c">&'</a>`)).toBe('&lt;a b=&quot;c&quot;&gt;&amp;&apos;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001bc\ud800d\uffffe')).toBe('a\u2400b\u241bc\ufffdd\ufffde');
    expect(escapeXml('\u{1f600}')).toBe('\u{1f600}');
    expect(escapeXml('a\nb\tc', true)).toBe('a&#10;b&#9;c');
    expect(escapeXml('a\nb', false)).toBe('a\nb');
  });
});

describe('JUnit and one finding per answer', () => {
  it('a check that failed only on an answer another finding speaks for fails its case, pointing to that finding', async () => {
    const report = sampleReport('failing');
    const f = report.findings[0]!;
    const op = report.operations.find((o) => o.operationId === f.operationId)!;
    const other = Object.keys(op.checks).find((id) => id !== f.checkId && !report.findings.some((g) => g.operationId === op.operationId && g.checkId === id))!;
    op.checks[other] = { passed: 0, failed: 1, inconclusive: 0, skipped: 0 };
    f.also = [{ checkId: other, severity: 'error', title: 'Also wrong', message: 'also wrong' }];
    const xml = reportJunit(report);
    const testcase = xml.split('<testcase').find((t) => t.includes(`${op.operationId} › ${other}"`))!;
    expect(testcase).toContain('<failure message="Also wrong"');
    expect(testcase).toContain(`Failed on the answer of finding ${f.id} (${f.checkId})`);
    expect(testcase).not.toContain('no finding was recorded');
  });
});
