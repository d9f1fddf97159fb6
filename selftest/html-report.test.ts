import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sampleReport } from '../src/report/__test-helpers__/sample-report';
import { withScorecard } from '../src/report/__test-helpers__/sample-scorecard';
import { reportHtml } from '../src/report/html';
import { ROOT } from './_support/run-cli';

// The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core. CI installs
// Chromium (.ci/run); without it this file fails, it does not skip.

const SCREENSHOT = join(ROOT, 'reports', 'selftest', 'report.png');
/** The response-coverage section alone, for a reader of the issue (reports/ is git-ignored output). */
const SCORECARD_SCREENSHOT = join(ROOT, 'reports', 'screenshots', 'scorecard.png');

const MISSING =
  'Chromium is not installed, and the HTML report test needs it. Install it with ' +
  '`apt-get update && apt-get install -y chromium` (CI does so in .ci/run), then run the self-tests again.';

/** Chromium on PATH, as `which chromium` finds it. */
function chromiumPath(): string | undefined {
  const out = spawnSync('/bin/sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).stdout;
  return out?.trim() || undefined;
}

describe('HTML report in Chromium', () => {
  // The sample's contract with documented statuses, so that the response-coverage section has every kind of cell.
  const report = withScorecard(sampleReport('failing'));
  const executablePath = chromiumPath();
  let dir: string;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];
  const requests: string[] = [];

  let setupError: unknown;

  // A failure in beforeAll would leave the tests reported as skipped, which `npm run selftest` does not count
  // as failed; so setup problems (no Chromium, a launch that fails) are thrown by each test instead.
  beforeAll(async () => {
    if (!executablePath) return;
    try {
      await open();
    } catch (error) {
      setupError = error;
    }
  });

  async function open(): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'occ-html-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, reportHtml(report));
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
  }

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    if (!executablePath) throw new Error(MISSING);
    if (setupError) throw setupError;
  });

  const visibleFindings = () =>
    page.$$eval('article.finding', (els) => els.filter((el) => (el as HTMLElement).offsetParent !== null).map((el) => `${(el as HTMLElement).dataset.operation} ${(el as HTMLElement).dataset.check} ${(el as HTMLElement).dataset.severity}`));

  it('renders the verdict, runs its script under its own CSP, loads nothing and runs nothing from the report', async () => {
    await expect(page.textContent('#verdict')).resolves.toBe('Does not conform');
    await expect(page.textContent('#filter-count')).resolves.toBe('4 of 4 findings');
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    // The hostile body is on the page as text, not as markup.
    await expect(page.locator('#finding-0 .response pre.body').textContent()).resolves.toContain('<script>alert(\\"x\\")</script>');
    await expect(page.locator('#finding-0 .response img').count()).resolves.toBe(0);
  });

  it('takes a screenshot to reports/selftest/report.png', async () => {
    mkdirSync(join(ROOT, 'reports', 'selftest'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it('keeps only the findings of the check chosen in the filter, and dims the other checks in the matrix', async () => {
    await page.selectOption('#filter-check', 'error-shape');
    expect(await visibleFindings()).toEqual(['createAgent error-shape error', 'listSecrets error-shape warning']);
    await expect(page.textContent('#filter-count')).resolves.toBe('2 of 4 findings');
    const dimmed = await page.$$eval('#check-matrix .m-head [data-check-col]', (els) => els.filter((el) => el.classList.contains('dim')).map((el) => (el as HTMLElement).dataset.checkCol));
    expect(dimmed).not.toContain('error-shape');
    expect(dimmed).toHaveLength(Object.keys(report.summary.checks).length - 1);
  });

  it('combines check, severity and tag filters, hides matrix rows of other tags, and resets', async () => {
    await page.selectOption('#filter-severity', 'warning');
    expect(await visibleFindings()).toEqual(['listSecrets error-shape warning']);
    await page.selectOption('#filter-tag', 'Agents');
    expect(await visibleFindings()).toEqual([]);
    await expect(page.isVisible('#findings-filtered')).resolves.toBe(true);
    await page.selectOption('#filter-check', '');
    await page.selectOption('#filter-severity', '');
    expect(await visibleFindings()).toEqual(['listAgents response-schema-conformance error', 'createAgent error-shape error']);
    const rows = await page.$$eval('#coverage-matrix .m-row[data-operation]', (els) =>
      els.filter((el) => !(el as HTMLElement).hidden).map((el) => (el as HTMLElement).dataset.operation),
    );
    expect(rows).toEqual(report.operations.filter((o) => o.tag === 'Agents').map((o) => o.operationId));
    await page.click('#filter-reset');
    expect(await visibleFindings()).toHaveLength(4);
    await expect(page.isVisible('#findings-filtered')).resolves.toBe(false);
  });

  it('follows a failed cell of the check matrix to its finding, clearing filters that hide it', async () => {
    await page.selectOption('#filter-check', 'negative-data-rejection');
    await page.click('#check-matrix .m-row[data-operation="listAgents"] .c-failed a');
    expect(await visibleFindings()).toHaveLength(4);
    expect(new URL(page.url()).hash).toBe('#finding-0');
  });

  // The error-shape error on createAgent: one cause, its evidence the finding behind it.
  const cause = report.causes.find((c) => c.checkId === 'error-shape' && c.severity === 'error')!;
  const evidence = report.findings.findIndex((f) => f.id === cause.evidence);

  it('shows the causes above the filters and the matrices, closed, one line each', async () => {
    await page.click('#filter-reset');
    const titles = await page.$$eval('#causes details.cause .cause-title', (els) => els.map((el) => el.textContent));
    expect(titles).toEqual(report.causes.map((c) => c.title));
    const top = (selector: string) => page.$eval(selector, (el) => el.getBoundingClientRect().top + window.scrollY);
    expect(await top('#causes')).toBeLessThan(await top('#filters'));
    expect(await top('#causes')).toBeLessThan(await top('#coverage-matrix'));
    await expect(page.isVisible(`#cause-${cause.id} .cause-ops`)).resolves.toBe(false);
  });

  it('opens a cause to its operations, and follows its evidence link to the finding, clearing filters that hide it', async () => {
    await page.selectOption('#filter-check', 'negative-data-rejection');
    await page.click(`#cause-${cause.id} summary`);
    await expect(page.isVisible(`#cause-${cause.id} .cause-ops`)).resolves.toBe(true);
    await expect(page.textContent(`#cause-${cause.id} .cause-ops`)).resolves.toContain('createAgent');
    await page.click(`#cause-${cause.id} .cause-evidence a`);
    expect(new URL(page.url()).hash).toBe(`#finding-${evidence}`);
    expect(await visibleFindings()).toHaveLength(4);
    await expect(page.isVisible(`#finding-${evidence}`)).resolves.toBe(true);
  });

  it('leads from a finding back to its cause, opening it', async () => {
    await page.$eval(`#cause-${cause.id}`, (el) => ((el as HTMLDetailsElement).open = false));
    await page.click(`#finding-${evidence} .cause-of a`);
    expect(new URL(page.url()).hash).toBe(`#cause-${cause.id}`);
    await expect(page.$eval(`#cause-${cause.id}`, (el) => (el as HTMLDetailsElement).open)).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('shows response coverage: documented statuses seen in green with their count, not seen in grey with why, undocumented in amber', async () => {
    await page.click('#filter-reset');
    await expect(page.textContent('#response-coverage .sc-totals')).resolves.toBe(
      'Response coverage: 11/25 documented statuses seen; not seen: 8 not provoked, 2 safety rule, 2 no credential, 2 not applicable; 1 undocumented status seen.',
    );
    const chips = (operation: string) =>
      page.$$eval(`#response-coverage .m-row[data-operation="${operation}"] .sc`, (els) =>
        els.map((el) => `${el.className.replace('sc ', '')} ${el.textContent}`),
      );
    expect(await chips('createAgent')).toEqual(['sc-seen 201 ×4', 'sc-seen 400 ×9', 'sc-seen 401 ×2', 'sc-seen 409 ×1', 'sc-not sc-assumed 500 not provoked']);
    // 404 is documented through the 4XX range; 400 to listSecrets is not documented at all.
    expect(await chips('deleteAgent')).toEqual(['sc-seen 204 ×3', 'sc-not 401 not provoked', 'sc-seen 4XX ×1', 'sc-not sc-assumed 500 not provoked']);
    expect(await chips('listSecrets')).toEqual(['sc-seen 200 ×10', 'sc-not 401 not provoked', 'sc-not sc-assumed 500 not provoked', 'sc-undoc 400 ×3 undocumented']);
    const background = (selector: string) => page.$eval(selector, (el) => getComputedStyle(el).backgroundColor);
    await expect(background('#response-coverage [data-operation="listAgents"] .sc-seen')).resolves.toBe('rgb(22, 163, 74)');
    await expect(background('#response-coverage [data-operation="listSecrets"] .sc-undoc')).resolves.toBe('rgb(217, 119, 6)');
    await expect(background('#response-coverage [data-operation="setDefaultAgent"] .sc-not')).resolves.toBe('rgb(243, 244, 246)');
    // Why a status was not seen is on hover.
    await expect(page.getAttribute('#response-coverage [data-operation="setDefaultAgent"] .sc-not[data-status="200"]', 'title')).resolves.toBe(
      'setDefaultAgent · 200: not seen, safety rule: setDefaultAgent changes project-wide state; such calls run only against the embedded reference server',
    );
  });

  it('lists the operations that never answered 2xx with why, and follows the tag filter', async () => {
    const items = await page.$$eval('#no-success li', (els) => els.map((el) => `${(el as HTMLElement).dataset.operation}: ${(el as HTMLElement).dataset.reason}`));
    expect(items).toEqual(['setDefaultAgent: safety-rule', 'listPartnerOrganizations: no-credential', 'getBilling: not-applicable']);
    await expect(page.textContent('#no-success li[data-operation="listPartnerOrganizations"]')).resolves.toContain('no credential · needs a partner key <oc_partner_…> & none was given');
    await page.selectOption('#filter-tag', 'Secrets');
    const rows = await page.$$eval('#response-coverage .m-row[data-operation]', (els) => els.filter((el) => !(el as HTMLElement).hidden).map((el) => (el as HTMLElement).dataset.operation));
    expect(rows).toEqual(['listSecrets', 'createSecret']);
    await page.click('#filter-reset');
    expect(pageErrors).toEqual([]);
  });

  it('takes a screenshot of the response coverage to reports/screenshots/scorecard.png', async () => {
    mkdirSync(join(ROOT, 'reports', 'screenshots'), { recursive: true });
    await page.locator('#response-coverage').screenshot({ path: SCORECARD_SCREENSHOT });
    expect(statSync(SCORECARD_SCREENSHOT).size).toBeGreaterThan(10_000);
  });
});
