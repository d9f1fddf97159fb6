import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AT_LEAST_ONE, GONE, atLeastOne, driftReport, gone, reportOf } from './__test-helpers__/drift-report';
import { HOSTILE, sampleReport } from './__test-helpers__/sample-report';
import { cellState, escapeHtml, reportHtml } from './html';

const failing = sampleReport('failing');
const conforming = sampleReport('conforming');
const html = reportHtml(failing);

function options(doc: string, selectId: string): string[] {
  const select = new RegExp(`<select id="${selectId}">(.*?)</select>`, 's').exec(doc)?.[1] ?? '';
  return [...select.matchAll(/<option value="([^"]*)">/g)].map((m) => m[1]!);
}

describe('escapeHtml', () => {
  it('turns markup characters into entities and control characters into their pictures', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u0007c\u007fd\te\nf')).toBe('a\u2400b\u2407c\u2421d\te\nf');
    expect(escapeHtml(404)).toBe('404');
  });
});

describe('reportHtml', () => {
  it('is one HTML document', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('escapes everything the server under test controls: bodies, headers, messages', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<i>x</i>');
    expect(html).not.toContain('\u0000');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('socket hang up &lt;after 3 s&gt;');
    // The only elements are the ones the writer made: one script, one style.
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html.match(/<style\b/g)).toHaveLength(1);
  });

  it('loads nothing: no external resource, and a CSP that allows only its own script by hash', () => {
    expect(html).not.toMatch(/<(link|iframe|img|object|embed|base)\b/);
    expect(html).not.toMatch(/\b(src|href)="(?!#)/);
    expect(html).not.toMatch(/@import|url\(/);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).toContain("default-src 'none'");
  });

  it('states the verdict, the contract with its full sha256, the target, the date and the seed', () => {
    expect(html).toContain('class="verdict v-does-not-conform"');
    expect(html).toMatch(/<h1 id="verdict">Does not conform<\/h1>/);
    expect(html).toContain(failing.contract.sha256);
    expect(html).toContain('OneCLI API 1.0.0');
    expect(html).toContain('http://127.0.0.1:10254/v1');
    expect(html).toContain('2026-11-23 03:03:02 UTC');
    expect(html).toMatch(/Seed<\/dt><dd><code>1<\/code>/);
    const ok = reportHtml(conforming);
    expect(ok).toContain('class="verdict v-conforms"');
    expect(ok).toContain('id="no-findings"');
    expect(ok).toContain('(embedded reference server)');
  });

  it('shows the score and the coverage from score.ts', () => {
    expect(html).toMatch(/id="score"><h2>Conformance score<\/h2><p class="big">78\.9 %<\/p>/);
    expect(html).toContain('15 of 19 operation × check pairs passed');
    expect(html).toMatch(/id="coverage"><h2>Coverage<\/h2><p class="big">62\.5 %<\/p>/);
  });

  it('offers filters by tag, check and severity, and marks every finding with what they filter on', () => {
    expect(options(html, 'filter-tag')).toEqual(['', 'Agents', 'Secrets', 'Partner', 'Billing']);
    expect(options(html, 'filter-check')).toEqual(expect.arrayContaining(['', 'error-shape', 'response-schema-conformance', 'negative-data-rejection']));
    expect(options(html, 'filter-severity')).toEqual(['', 'error', 'warning']);
    const articles = [...html.matchAll(/<article class="finding sev-(\w+)" id="finding-(\d+)" data-tag="([^"]*)" data-check="([^"]*)" data-severity="(\w+)"/g)];
    expect(articles.map((m) => [m[3], m[4], m[5]])).toEqual(failing.findings.map((f) => [f.operationId.endsWith('Secret') || f.operationId.endsWith('Secrets') ? 'Secrets' : 'Agents', f.checkId, f.severity]));
    expect(html).toContain("addEventListener('change', apply)");
  });

  it('draws both matrices: operations grouped by tag, status columns seen, check cells by state', () => {
    const coverageMatrix = /<section class="matrix-box" id="coverage-matrix"[\s\S]*?<\/section>/.exec(html)![0];
    const columns = [...coverageMatrix.matchAll(/<div class="m-col [^"]*">(\d+)<\/div>/g)].map((m) => m[1]);
    expect(columns).toEqual(['200', '201', '204', '400', '401', '404', '409']);
    expect(coverageMatrix.match(/class="m-op/g)).toHaveLength(failing.operations.length);
    expect(coverageMatrix).toMatch(/class="m-tag"[^>]*>Agents <small>4<\/small>/);
    const checkMatrix = /<section class="matrix-box" id="check-matrix"[\s\S]*?<\/section>/.exec(html)![0];
    expect(checkMatrix).toContain('title="listAgents × response-schema-conformance: 0 passed, 10 failed, 0 inconclusive, 0 skipped"><a href="#finding-0">✗10</a>');
    expect(checkMatrix.match(/c-failed/g)!.length).toBe(1 + 4); // the legend and the four failing pairs
  });

  it('gives every finding its evidence: request, response, curl and replay', () => {
    const first = /<article[\s\S]*?<\/article>/.exec(html)![0];
    expect(first).toContain('<code class="check-id">response-schema-conformance</code>');
    expect(first).toContain('<code>GET /agents</code>');
    expect(first).toContain('authorization</th><td>Bearer [REDACTED]</td>');
    expect(first).toContain('<span class="status s2xx">200</span>');
    expect(first).toContain('&quot;isDefault&quot;: &quot;true&quot;'); // pretty-printed JSON body
    expect(first).toContain("curl -sS -X GET &#39;http://127.0.0.1:10254/v1/agents&#39;");
    expect(first).toContain('<dt>seed</dt><dd><code>1301727001</code>');
    expect(first).toContain('<dt>fast-check path</dt><dd><code>0:0:0</code>');
    expect(first).toContain('Schema errors');
    expect(first).toContain('--seed 1 --examples 10 --edition cloud --include listAgents');
  });

  it('cuts very long bodies and says where the rest is', () => {
    const report = sampleReport('failing');
    report.findings[0]!.response.body = 'y'.repeat(50_000);
    expect(reportHtml(report)).toContain('… 30000 more characters in report.json');
  });

  it('leads with the causes, before the filters and the matrices, each opening to its evidence and operations', () => {
    const causes = /<section id="causes"[\s\S]*?<\/section>/.exec(html)![0];
    expect(html.indexOf('id="causes"')).toBeLessThan(html.indexOf('id="filters"'));
    expect(html.indexOf('id="causes"')).toBeLessThan(html.indexOf('id="coverage-matrix"'));
    expect(causes).toContain('Causes <small>4</small>');
    const items = [...causes.matchAll(/<details class="cause sev-(\w+)" id="cause-([0-9a-f]{10})"/g)].map((m) => [m[1], m[2]]);
    expect(items).toEqual(failing.causes.map((c) => [c.severity, c.id]));
    const createAgent = failing.causes.find((c) => c.checkId === 'error-shape' && c.severity === 'error')!;
    const item = new RegExp(`<details[^>]*id="cause-${createAgent.id}"[\\s\\S]*?</details>`).exec(causes)![0];
    const index = failing.findings.findIndex((f) => f.id === createAgent.evidence);
    expect(item).toContain('<strong class="cause-title">1 operation answers 401 in the flat shape</strong>');
    expect(item).toContain(`Evidence: <a href="#finding-${index}">finding <code>${createAgent.evidence}</code></a>`);
    expect(item).toContain(`<li><a href="#finding-${index}"><code>createAgent</code></a> <span class="method m-post">POST</span> <code>/agents</code></li>`);
    // The finding links back to its cause.
    const article = new RegExp(`<article[^>]*id="finding-${index}"[\\s\\S]*?</article>`).exec(html)![0];
    expect(article).toContain(`Cause: <a href="#cause-${createAgent.id}">1 operation answers 401 in the flat shape</a>`);
    expect(html).toMatch(/id="causes-card"><h2>Causes<\/h2><p class="big"><span class="n-error">3<\/span> <small>errors<\/small> · <span class="n-warning">1<\/span>/);
    expect(reportHtml(conforming)).toContain('id="no-causes"');
  });

  it('groups a drift into few causes, and escapes what a cause quotes from the server', () => {
    const drift = reportHtml(driftReport());
    expect(drift.match(/<details class="cause /g)).toHaveLength(3);
    expect(drift).toContain('<strong class="cause-title">25 operations answer 410 Gone</strong>');
    expect(drift).toContain('Operations <small>25</small>');
    const hostile = atLeastOne(AT_LEAST_ONE[0]!);
    hostile.response.body = JSON.stringify({ error: HOSTILE });
    const doc = reportHtml(reportOf([AT_LEAST_ONE[0]!], [hostile]));
    expect(doc).not.toContain('<script>alert');
    expect(doc).toContain('valid request refused (400 flat &quot;&lt;script&gt;alert');
  });

  it('lists the other checks that failed on the same answer', () => {
    const f = gone(GONE[0]!);
    f.also = [{ checkId: 'response-schema-conformance', severity: 'error', title: 'Response violates schema', message: `/error must be string ${HOSTILE}` }];
    const doc = reportHtml(reportOf([GONE[0]!], [f]));
    expect(doc).toContain('<h4>Also failed on this answer</h4><ul><li><span class="sev sev-error">error</span> <code class="check-id">response-schema-conformance</code> Response violates schema: /error must be string &lt;script&gt;');
  });

  it('is the same for the same report', () => {
    expect(reportHtml(sampleReport('failing'))).toBe(html);
  });
});

describe('cellState', () => {
  it.each([
    [{ passed: 3, failed: 1, inconclusive: 2, skipped: 0 }, 'failed'],
    [{ passed: 3, failed: 0, inconclusive: 2, skipped: 5 }, 'passed'],
    [{ passed: 0, failed: 0, inconclusive: 2, skipped: 5 }, 'inconclusive'],
    [{ passed: 0, failed: 0, inconclusive: 0, skipped: 5 }, 'skipped'],
    [{ passed: 0, failed: 0, inconclusive: 0, skipped: 0 }, 'none'],
    [undefined, 'none'],
  ])('%j is %s', (tally, state) => {
    expect(cellState(tally)).toBe(state);
  });
});
