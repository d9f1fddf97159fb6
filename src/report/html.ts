import { createHash } from 'node:crypto';
import type { CheckTally, Finding } from '../runner/types';
import { checkIdsOf, conformanceScore, coverage, isSuccessStatus, pairPassed, percent, type Share } from './score';
import { causesOf } from './causes';
import { REASON_TEXT, scorecardIn, scorecardLine, withoutSuccess, type DocumentedStatus, type Scorecard } from './scorecard';
import type { Cause, OperationReport, Report, ReportFinding } from './types';
import { targetText } from './target-text';

/**
 * The certification report as one self-contained HTML file: verdict, contract and target, score and
 * coverage, the causes (findings grouped by what went wrong, each opening to its operations and its
 * evidence), an operation × status matrix, a check × operation matrix, response coverage (each documented
 * status seen or why not, src/report/scorecard.ts), and every finding with its evidence.
 * Nothing is fetched: CSS and the filter script are inline, and a Content-Security-Policy forbids any
 * network access and any script but the one the file was written with (its sha256 is in the policy).
 * Every piece of text from the report is escaped; bodies and headers come from the server under test.
 */
export function reportHtml(report: Report): string {
  const tags = tagsOf(report);
  const checkIds = checkIdsOf(report);
  const anchors = findingAnchors(report);
  const causes = Array.isArray(report.causes) ? report.causes : causesOf(report.findings, report.operations);
  const scriptHash = createHash('sha256').update(SCRIPT).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${report.tool.name} ${report.tool.version}`)}">
<title>${esc(`${report.contract.title} ${report.contract.version}: ${VERDICT_TEXT[report.verdict]}`)}</title>
<style>${CSS}</style>
</head>
<body>
${header(report)}
<main>
${cards(report, causes)}
${runProblems(report)}
${causesSection(report, causes)}
${filters(report, tags, checkIds)}
<div class="matrices">
${coverageMatrix(report, tags)}
${checkMatrix(report, tags, checkIds, anchors)}
</div>
${responseCoverage(report, tags)}
${checkTable(report, checkIds)}
${findingsSection(report, causes)}
</main>
<footer>Written by ${esc(report.tool.name)} ${esc(report.tool.version)} from report.json. This file is self-contained and loads nothing.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------------
// escaping

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text as HTML (content or a quoted attribute value): markup characters become entities, and control
 * characters (which HTML forbids) their visible Unicode pictures, so `\u0000` shows as `␀`.
 */
export function escapeHtml(text: unknown): string {
  return String(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(CONTROL, (c) => (c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0))));
}

const esc = escapeHtml;

// ---------------------------------------------------------------------------------------------------------
// header and figures

const VERDICT_TEXT: Record<Report['verdict'], string> = {
  conforms: 'Conforms',
  'does-not-conform': 'Does not conform',
  incomplete: 'Incomplete',
};

const VERDICT_LINE: Record<Report['verdict'], string> = {
  conforms: 'Every check passed on every request the run sent.',
  'does-not-conform': 'At least one request proves a departure from the contract (see the causes below).',
  incomplete: 'The run could not finish; what it saw conforms, but it did not see everything.',
};

function header(report: Report): string {
  const facts: Array<[string, string]> = [
    ['Contract', `${esc(report.contract.title)} ${esc(report.contract.version)} · ${report.contract.operations} operations`],
    ['sha256', `<code class="sha">${esc(report.contract.sha256)}</code>`],
    ['Target', `<code>${esc(report.target.baseUrl)}</code>${esc(targetText(report.target).slice(report.target.baseUrl.length))}`],
    ['Date', `${esc(utc(report.startedAt))} · ${esc(seconds(report.durationMs))}`],
    ['Seed', `<code>${esc(report.options.seed)}</code> · ${esc(report.options.examples)} examples per operation and phase`],
    ['Edition', esc(report.options.edition) + (report.options.strict ? ' · strict (warnings fail)' : '')],
  ];
  if (report.options.include.length) facts.push(['Include', esc(report.options.include.join(', '))]);
  if (report.options.exclude.length) facts.push(['Exclude', esc(report.options.exclude.join(', '))]);
  if (report.options.checks) facts.push(['Checks', esc(report.options.checks.join(', '))]);
  if (report.options.maxResponseTimeMs !== undefined) facts.push(['Max response time', `${esc(report.options.maxResponseTimeMs)} ms`]);
  if (report.options.readOnly) facts.push(['Mode', 'read-only (only GET was sent)']);
  if (report.options.allowDestructive?.length) {
    facts.push(['Allowed destructive', esc(report.options.allowDestructive.join(', '))]);
  }
  return `<header class="verdict v-${report.verdict}">
<p class="kicker">OneCLI conformance report</p>
<h1 id="verdict">${VERDICT_TEXT[report.verdict]}</h1>
<p class="verdict-line">${VERDICT_LINE[report.verdict]}</p>
<dl class="facts">${facts.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>
</header>`;
}

function utc(iso: string): string {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(iso) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : iso;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function meter(s: Share): string {
  const width = s.total ? Math.round(s.ratio * 1000) / 10 : 0;
  return `<div class="meter" role="img" aria-label="${esc(percent(s))}"><span style="width:${width}%"></span></div>`;
}

function cards(report: Report, causes: Cause[]): string {
  const score = conformanceScore(report);
  const cov = coverage(report);
  const ops = report.summary.operations;
  const f = report.summary.findings;
  return `<section class="cards" aria-label="Figures">
<div class="card" id="score"><h2>Conformance score</h2><p class="big">${esc(percent(score))}</p>${meter(score)}
<p>${score.passed} of ${score.total} operation × check pairs passed (no failed case); pairs never assessed are left out.</p></div>
<div class="card" id="coverage"><h2>Coverage</h2><p class="big">${esc(percent(cov))}</p>${meter(cov)}
<p>${cov.passed} of ${cov.total} operations reached with a 2xx or 3xx answer.</p></div>
<div class="card" id="causes-card"><h2>Causes</h2><p class="big"><span class="n-error">${causeTotal(causes, 'error')}</span> <small>errors</small> · <span class="n-warning">${causeTotal(causes, 'warning')}</span> <small>warnings</small></p>
<p>From ${report.findings.length} findings (${f.error} errors, ${f.warning} warnings); ${report.requests} requests sent.</p></div>
<div class="card"><h2>Operations</h2><p class="big">${ops.exercised}<small> / ${ops.total} exercised</small></p>
<p>${ops['not-covered']} not covered · ${ops['not-applicable']} not applicable · ${ops['no-credential']} without credential · ${ops.excluded} excluded</p></div>
</section>`;
}

function runProblems(report: Report): string {
  if (!report.errors.length && !report.leftovers.length) return '';
  const parts: string[] = [];
  if (report.errors.length) {
    parts.push(`<h2>Run errors</h2><ul>${report.errors.map((e) => `<li><code>${esc(e.code)}</code> ${esc(e.message)}</li>`).join('')}</ul>`);
  }
  if (report.leftovers.length) {
    parts.push(`<h2>Left on the target</h2><p>Resources the run created and could not delete:</p><ul>${report.leftovers.map((l) => `<li><code>${esc(l)}</code></li>`).join('')}</ul>`);
  }
  return `<section class="problems" id="problems">${parts.join('\n')}</section>`;
}

// ---------------------------------------------------------------------------------------------------------
// causes

function causeTotal(causes: Cause[], severity: Cause['severity']): number {
  return causes.filter((c) => c.severity === severity).length;
}

/**
 * The causes, first thing after the figures: one line each (severity, headline, check, how many findings),
 * opening to the evidence finding and the operations, each linked to its finding further down.
 */
function causesSection(report: Report, causes: Cause[]): string {
  const index = new Map(report.findings.map((f, i) => [f.id, i]));
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const method = new Map(report.operations.map((o) => [o.operationId, o]));
  const item = (c: Cause) => {
    const evidence = byId.get(c.evidence);
    const firstOf = new Map<string, number>();
    for (const id of c.findings) {
      const f = byId.get(id);
      if (f && !firstOf.has(f.operationId)) firstOf.set(f.operationId, index.get(id)!);
    }
    const ops = c.operations.map((op) => {
      const o = method.get(op);
      const name = `<code>${esc(op)}</code>`;
      const at = firstOf.get(op);
      const where = o ? ` <span class="method m-${esc(o.method.toLowerCase())}">${esc(o.method)}</span> <code>${esc(o.path)}</code>` : '';
      return `<li>${at === undefined ? name : `<a href="#finding-${at}">${name}</a>`}${where}</li>`;
    });
    const proof = evidence
      ? `<p class="cause-evidence">Evidence: <a href="#finding-${index.get(evidence.id)}">finding <code>${esc(evidence.id)}</code></a> · <strong>${esc(evidence.operationId)}</strong> <code>${esc(`${evidence.request.method} ${evidence.request.path}`)}</code> → <span class="status ${statusFamily(String(evidence.response.status))}">${esc(evidence.response.status)}</span>: ${esc(evidence.message.split('\n')[0])}</p>`
      : '';
    const counts = `${c.findings.length} finding${c.findings.length === 1 ? '' : 's'} · ${c.occurrences} case${c.occurrences === 1 ? '' : 's'}`;
    return `<details class="cause sev-${esc(c.severity)}" id="cause-${esc(c.id)}" data-check="${esc(c.checkId)}" data-severity="${esc(c.severity)}">
<summary><span class="sev">${esc(c.severity)}</span> <strong class="cause-title">${esc(c.title)}</strong> <code class="check-id">${esc(c.checkId)}</code> <span class="occ">${counts}</span> <code class="cause-id">${esc(c.id)}</code></summary>
${proof}
<p class="cause-key">Cause key <code>${esc(c.key)}</code></p>
<h4>Operations <small>${c.operations.length}</small></h4>
<ul class="cause-ops">${ops.join('')}</ul>
</details>`;
  };
  const body = causes.length
    ? causes.map(item).join('\n')
    : '<p class="none" id="no-causes">No causes: no request sent proves a departure from the contract.</p>';
  return `<section id="causes" aria-labelledby="causes-h"><h2 id="causes-h">Causes <small>${causes.length}</small></h2>
<p class="note">Findings grouped by what went wrong: one check, one kind of departure, on any number of operations. Errors first, then the causes that reach the most operations.</p>
${body}
</section>`;
}

// ---------------------------------------------------------------------------------------------------------
// filters

function filters(report: Report, tags: string[], checkIds: string[]): string {
  const select = (id: string, label: string, all: string, values: string[]) =>
    `<label>${label} <select id="${id}"><option value="">${all}</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join('')}</select></label>`;
  return `<section class="filters" id="filters" aria-label="Filters">
${select('filter-tag', 'Tag', 'all tags', tags)}
${select('filter-check', 'Check', 'all checks', checkIds)}
${select('filter-severity', 'Severity', 'all severities', ['error', 'warning'])}
<button type="button" id="filter-reset">Reset</button>
<output id="filter-count" aria-live="polite">${report.findings.length} of ${report.findings.length} findings</output>
</section>`;
}

// ---------------------------------------------------------------------------------------------------------
// matrices

function tagsOf(report: Report): string[] {
  return [...new Set(report.operations.map((o) => o.tag))];
}

/** Index of the first finding per `operationId checkId`, for links from the matrix. */
function findingAnchors(report: Report): Map<string, number> {
  const anchors = new Map<string, number>();
  report.findings.forEach((f, i) => {
    const key = `${f.operationId} ${f.checkId}`;
    if (!anchors.has(key)) anchors.set(key, i);
  });
  return anchors;
}

const STATUS_TEXT: Record<OperationReport['status'], string> = {
  exercised: 'exercised',
  'not-covered': 'not covered',
  'not-applicable': 'not applicable',
  'no-credential': 'no credential',
  excluded: 'excluded',
};

function operationCell(op: OperationReport): string {
  const reached = Object.entries(op.statuses).some(([s, n]) => n > 0 && isSuccessStatus(s));
  const note = op.status === 'exercised' ? '' : ` <span class="op-status">${STATUS_TEXT[op.status]}</span>`;
  const title = `${op.method} ${op.path} · ${STATUS_TEXT[op.status]}${op.detail ? `: ${op.detail}` : ''} · ${op.requests} requests`;
  return `<div class="m-op${reached ? ' reached' : ''} s-${op.status}" title="${esc(title)}"><span class="method m-${esc(op.method.toLowerCase())}">${esc(op.method)}</span> ${esc(op.operationId)}${note}</div>`;
}

function byTag(report: Report, tags: string[], row: (op: OperationReport) => string, width: number): string {
  return tags
    .map((tag) => {
      const ops = report.operations.filter((o) => o.tag === tag);
      return `<div class="m-row" data-tag="${esc(tag)}"><div class="m-tag" style="grid-column:1 / span ${width}">${esc(tag)} <small>${ops.length}</small></div></div>
${ops.map((op) => `<div class="m-row" data-tag="${esc(tag)}" data-operation="${esc(op.operationId)}">${row(op)}</div>`).join('\n')}`;
    })
    .join('\n');
}

function statusFamily(status: string): string {
  return /^[1-5]\d\d$/.test(status) ? `s${status[0]}xx` : 'sother';
}

function coverageMatrix(report: Report, tags: string[]): string {
  const statuses = [...new Set(report.operations.flatMap((o) => Object.keys(o.statuses)))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const max = Math.max(1, ...report.operations.flatMap((o) => Object.values(o.statuses)));
  const cell = (op: OperationReport, s: string) => {
    const n = op.statuses[s] ?? 0;
    if (!n) return `<div class="m-cell empty" title="${esc(`${op.operationId} · ${s}: none`)}"></div>`;
    const alpha = (0.3 + (0.7 * Math.log1p(n)) / Math.log1p(max)).toFixed(2);
    return `<div class="m-cell ${statusFamily(s)}" style="--a:${alpha}" title="${esc(`${op.operationId} · ${s} × ${n}`)}">${compact(n)}</div>`;
  };
  const width = statuses.length + 1;
  return `<section class="matrix-box" id="coverage-matrix" aria-labelledby="coverage-matrix-h">
<h2 id="coverage-matrix-h">Operations × status codes</h2>
<p class="legend"><span class="sw s2xx"></span>2xx <span class="sw s3xx"></span>3xx <span class="sw s4xx"></span>4xx <span class="sw s5xx"></span>5xx <span class="sw empty"></span>none · darker = more answers · <span class="sw reached-sw"></span>operation reached with 2xx/3xx</p>
<div class="matrix" style="grid-template-columns:minmax(12rem,max-content) repeat(${statuses.length}, 2.4rem)">
<div class="m-row m-head"><div class="m-corner">operation</div>${statuses.map((s) => `<div class="m-col ${statusFamily(s)}-h">${esc(s)}</div>`).join('')}</div>
${byTag(report, tags, (op) => operationCell(op) + statuses.map((s) => cell(op, s)).join(''), width)}
</div>
</section>`;
}

// ---------------------------------------------------------------------------------------------------------
// response coverage

/**
 * The scorecard (src/report/scorecard.ts) for a vendor: per operation, each documented status as a chip
 * (green with the answers it stood for; grey with why it was not seen; dashed when assumed from the docs'
 * general errors), the statuses answered but not documented in amber, then the operations that never
 * answered 2xx with why. Nothing for a report without a scorecard (merged, older) or an empty one.
 */
function responseCoverage(report: Report, tags: string[]): string {
  const scorecard = scorecardIn(report);
  if (!scorecard) return '';
  const rows = new Map(scorecard.operations.map((o) => [o.operationId, o]));
  const chip = (op: string, d: DocumentedStatus) => {
    const assumed = d.assumed ? ' sc-assumed' : '';
    const origin = d.assumed ? " (assumed from the docs' general errors)" : '';
    if (d.seen > 0) {
      return `<span class="sc sc-seen${assumed}" data-status="${esc(d.status)}" title="${esc(`${op} · ${d.status}${origin}: seen, ${d.seen} answer${d.seen === 1 ? '' : 's'}`)}">${esc(d.status)} <small>×${compact(d.seen)}</small></span>`;
    }
    const why = d.notSeen!;
    return `<span class="sc sc-not${assumed}" data-status="${esc(d.status)}" data-reason="${esc(why.reason)}" title="${esc(`${op} · ${d.status}${origin}: not seen, ${REASON_TEXT[why.reason]}: ${why.detail}`)}">${esc(d.status)} <small>${esc(REASON_TEXT[why.reason])}</small></span>`;
  };
  const row = (op: OperationReport) => {
    const r = rows.get(op.operationId);
    const documented = r?.documented.map((d) => chip(op.operationId, d)) ?? [];
    const undocumented = (r?.undocumented ?? []).map(
      (u) => `<span class="sc sc-undoc" data-status="${esc(u.status)}" title="${esc(`${op.operationId} · ${u.status}: answered ${u.seen} time${u.seen === 1 ? '' : 's'}, not documented`)}">${esc(u.status)} <small>×${compact(u.seen)} undocumented</small></span>`,
    );
    return `${operationCell(op)}<div class="sc-list">${[...documented, ...undocumented].join('') || '<span class="none">no documented status</span>'}</div>`;
  };
  return `<section class="matrix-box" id="response-coverage" aria-labelledby="response-coverage-h">
<h2 id="response-coverage-h">Response coverage</h2>
<p class="sc-totals">${esc(scorecardLine(scorecard.totals))}.</p>
<p class="legend"><span class="sc sc-seen">200 <small>×n</small></span> documented, seen n times <span class="sc sc-not">404 <small>reason</small></span> documented, not seen (hover for why) <span class="sc sc-not sc-assumed">500 <small>reason</small></span> assumed from the docs' general errors <span class="sc sc-undoc">418 <small>×n undocumented</small></span> answered, not documented</p>
<div class="matrix" style="grid-template-columns:minmax(12rem,max-content) minmax(0,1fr)">
${byTag(report, tags, row, 2)}
</div>
${noSuccessList(report, scorecard)}
</section>`;
}

/** The selected operations that never answered 2xx, the most telling reasons first, each with why. */
function noSuccessList(report: Report, scorecard: Scorecard): string {
  const none = withoutSuccess(scorecard);
  if (!none.length) return '<p class="none" id="no-success-none">Every operation the run selected answered 2xx at least once.</p>';
  const method = new Map(report.operations.map((o) => [o.operationId, o]));
  const items = none.map((o) => {
    const op = method.get(o.operationId);
    const where = op ? ` <span class="method m-${esc(op.method.toLowerCase())}">${esc(op.method)}</span> <code>${esc(op.path)}</code>` : '';
    return `<li data-operation="${esc(o.operationId)}" data-reason="${esc(o.noSuccess.reason)}"><code>${esc(o.operationId)}</code>${where}: <strong>${esc(REASON_TEXT[o.noSuccess.reason])}</strong> · ${esc(o.noSuccess.detail)}</li>`;
  });
  return `<h3 id="no-success-h">Never answered 2xx <small>${none.length}</small></h3>
<ul id="no-success">${items.join('')}</ul>`;
}

type CellState = 'failed' | 'passed' | 'inconclusive' | 'skipped' | 'none';

/** What one operation × check pair shows: any failure wins, then a pass, then inconclusive, then skipped. */
export function cellState(t: CheckTally | undefined): CellState {
  if (!t) return 'none';
  if (t.failed > 0) return 'failed';
  if (pairPassed(t)) return 'passed';
  if (t.inconclusive > 0) return 'inconclusive';
  if (t.skipped > 0) return 'skipped';
  return 'none';
}

const CELL_GLYPH: Record<CellState, string> = { failed: '✗', passed: '✓', inconclusive: '?', skipped: '–', none: '' };

function checkMatrix(report: Report, tags: string[], checkIds: string[], anchors: Map<string, number>): string {
  const cell = (op: OperationReport, id: string) => {
    const t = op.checks[id];
    const state = cellState(t);
    const counts = t ? `${t.passed} passed, ${t.failed} failed, ${t.inconclusive} inconclusive, ${t.skipped} skipped` : 'not run';
    const title = esc(`${op.operationId} × ${id}: ${counts}`);
    const text = state === 'failed' ? `${CELL_GLYPH.failed}${compact(t!.failed)}` : CELL_GLYPH[state];
    const anchor = anchors.get(`${op.operationId} ${id}`);
    const inner = anchor === undefined ? esc(text) : `<a href="#finding-${anchor}">${esc(text)}</a>`;
    return `<div class="m-cell c-${state}" data-check-col="${esc(id)}" title="${title}">${inner}</div>`;
  };
  const width = checkIds.length + 1;
  return `<section class="matrix-box" id="check-matrix" aria-labelledby="check-matrix-h">
<h2 id="check-matrix-h">Operations × checks</h2>
<p class="legend"><span class="sw c-passed"></span>passed <span class="sw c-failed"></span>failed <span class="sw c-inconclusive"></span>inconclusive <span class="sw c-skipped"></span>skipped (did not apply) <span class="sw c-none"></span>not run</p>
<div class="matrix" style="grid-template-columns:minmax(12rem,max-content) repeat(${checkIds.length}, 2.4rem)">
<div class="m-row m-head"><div class="m-corner">operation</div>${checkIds.map((id) => `<div class="m-col vertical" data-check-col="${esc(id)}">${esc(id)}</div>`).join('')}</div>
${byTag(report, tags, (op) => operationCell(op) + checkIds.map((id) => cell(op, id)).join(''), width)}
</div>
</section>`;
}

function checkTable(report: Report, checkIds: string[]): string {
  const rows = checkIds.map((id) => {
    const t = report.summary.checks[id] ?? { passed: 0, failed: 0, inconclusive: 0, skipped: 0 };
    const pairs = report.operations.map((o) => o.checks[id]).filter((x): x is CheckTally => !!x && x.passed + x.failed > 0);
    const ok = pairs.filter(pairPassed).length;
    return `<tr data-check="${esc(id)}"><th scope="row"><code>${esc(id)}</code></th><td>${t.passed}</td><td class="${t.failed ? 'bad' : ''}">${t.failed}</td><td>${t.inconclusive}</td><td>${t.skipped}</td><td>${ok} / ${pairs.length}</td></tr>`;
  });
  return `<section id="checks" aria-labelledby="checks-h"><h2 id="checks-h">Checks</h2>
<table class="checks"><thead><tr><th>check</th><th>passed</th><th>failed</th><th>inconclusive</th><th>skipped</th><th>operations passed</th></tr></thead>
<tbody>${rows.join('')}</tbody></table>
<p class="note">Counts are cases (one request and its answer); "operations passed" counts operations where the check passed at least once and never failed, among those where it passed or failed at all.</p></section>`;
}

function compact(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
}

// ---------------------------------------------------------------------------------------------------------
// findings

/** Longest body shown; report.json keeps the whole one. */
const BODY_LIMIT = 20_000;

function pretty(body: string): string {
  let text = body;
  if (body.length <= 200_000) {
    try {
      text = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // not JSON: shown as sent
    }
  }
  if (text.length > BODY_LIMIT) return `${esc(text.slice(0, BODY_LIMIT))}\n<span class="cut">… ${text.length - BODY_LIMIT} more characters in report.json</span>`;
  return esc(text);
}

function headersTable(headers: Record<string, string>): string {
  const entries = Object.entries(headers);
  if (!entries.length) return '<p class="none">no headers</p>';
  return `<table class="headers">${entries.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>`;
}

function caseText(f: Finding): string {
  const c = f.case;
  if (c.kind === 'valid') return `valid request${c.label ? ` (${c.label})` : ''}`;
  if (c.kind === 'auth') return `authentication: ${c.variant}`;
  if (c.kind === 'missing-header') return `valid request without ${c.header}`;
  if (c.kind === 'member-key') return `valid request with a plain member's key${c.state ? `; ${c.state.read} ${c.state.changed ? 'changed' : 'unchanged'}` : ''}`;
  if (c.kind === 'unlisted-method') return `method ${c.method}, not listed for the path`;
  if (c.kind === 'stateful') return `stateful sequence: ${(f.sequence ?? [c.command]).join(' → ')}`;
  if (c.kind === 'served') {
    const answers = c.answers.map((a) => `${a.status} ${a.authenticated ? 'with' : 'without'} the key`).join(', ');
    return `every answer so far alike: ${answers}${c.hint ? `; ${c.hint}` : ''}`;
  }
  if (c.kind === 'invalid') {
    return `invalid request: ${c.mutation} at ${c.location} ${c.pointer}${c.name ? ` (${c.name})` : ''}; proof: ${c.proof.verdict}, ${c.proof.reason}`;
  }
  // A kind this writer does not know yet: named, not described.
  return `${(c as { kind: string }).kind} case`;
}

/** A shell word, single-quoted when it needs to be. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function rerunCommand(report: Report, f: Finding): string {
  const o = report.options;
  const args = ['npx', 'onecli-conformance'];
  if (!report.target.embedded) args.push('--target', shellWord(report.target.baseUrl));
  args.push('--seed', String(o.seed), '--examples', String(o.examples), '--edition', shellWord(o.edition));
  // A root-cause finding (operationId `*`) spans the run: no --include.
  if (f.operationId !== '*') args.push('--include', shellWord(f.operationId));
  return args.join(' ');
}

function findingArticle(report: Report, f: ReportFinding, i: number, tagOf: Map<string, string>, causeOf: Map<string, Cause>): string {
  const r = f.replay;
  const replay: Array<[string, string]> = [
    ['finding id', f.id],
    ['seed', String(r.seed)],
    ['phase', r.phase],
    ['case', String(r.index)],
    ...(r.path ? ([['fast-check path', r.path]] as Array<[string, string]>) : []),
    ['shrunk', r.shrunk ? 'yes' : 'no'],
  ];
  const request = `${f.request.method} ${f.request.path}`;
  const cause = causeOf.get(f.id);
  const also = f.also?.length
    ? `<div class="also"><h4>Also failed on this answer</h4><ul>${f.also.map((a) => `<li><span class="sev sev-${esc(a.severity)}">${esc(a.severity)}</span> <code class="check-id">${esc(a.checkId)}</code> ${esc(a.title)}: ${esc(a.message)}</li>`).join('')}</ul></div>`
    : '';
  return `<article class="finding sev-${esc(f.severity)}" id="finding-${i}" data-tag="${esc(tagOf.get(f.operationId) ?? '')}" data-check="${esc(f.checkId)}" data-severity="${esc(f.severity)}" data-operation="${esc(f.operationId)}">
<header><span class="sev">${esc(f.severity)}</span> <code class="check-id">${esc(f.checkId)}</code> <strong class="op-id">${esc(f.operationId)}</strong> <code>${esc(f.method)} ${esc(f.path)}</code> <span class="phase">${esc(f.phase)}</span>${f.occurrences > 1 ? ` <span class="occ" title="cases of this phase that failed this check the same way">× ${f.occurrences}</span>` : ''}</header>
<h3>${esc(f.title)}</h3>
<p class="message">${esc(f.message)}</p>
<p class="case">${esc(caseText(f))}</p>
${cause ? `<p class="cause-of">Cause: <a href="#cause-${esc(cause.id)}">${esc(cause.title)}</a></p>` : ''}
${also}
<div class="exchange">
<section class="request"><h4>Request</h4><p><code>${esc(request)}</code></p>${headersTable(f.request.headers)}${f.request.body !== undefined ? `<pre class="body">${pretty(f.request.body)}</pre>` : '<p class="none">no body</p>'}</section>
<section class="response"><h4>Response <span class="status ${statusFamily(String(f.response.status))}">${esc(f.response.status)}</span></h4>${headersTable(f.response.headers)}${f.response.body ? `<pre class="body">${pretty(f.response.body)}</pre>` : '<p class="none">empty body</p>'}</section>
</div>
${f.schemaErrors !== undefined ? `<details class="schema-errors"><summary>Schema errors</summary><pre>${esc(JSON.stringify(f.schemaErrors, null, 2))}</pre></details>` : ''}
<div class="repro">
<h4>curl <button type="button" class="copy" data-copy="curl-${i}">copy</button></h4><pre class="curl" id="curl-${i}">${esc(f.curl)}</pre>
<h4>Replay</h4><dl class="replay">${replay.map(([k, v]) => `<div><dt>${k}</dt><dd><code>${esc(v)}</code></dd></div>`).join('')}</dl>
<p class="rerun">Re-send this request and re-check the answer: <code>npx onecli-conformance replay report.json ${esc(f.id)}</code></p>
<p class="rerun">Re-run the operation alone (the phase seed derives from the run seed): <code>${esc(rerunCommand(report, f))}</code></p>
</div>
</article>`;
}

function findingsSection(report: Report, causes: Cause[]): string {
  const tagOf = new Map(report.operations.map((o) => [o.operationId, o.tag]));
  const causeOf = new Map(causes.flatMap((c) => c.findings.map((id) => [id, c] as const)));
  const body = report.findings.length
    ? report.findings.map((f, i) => findingArticle(report, f, i, tagOf, causeOf)).join('\n')
    : '<p class="none" id="no-findings">No findings: no request sent proves a departure from the contract.</p>';
  return `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings <small>${report.findings.length}</small></h2>
<p class="none" id="findings-filtered" hidden>No finding matches the filters.</p>
${body}
</section>`;
}

// ---------------------------------------------------------------------------------------------------------
// inline CSS and script

const CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--panel:#f6f8fa;
--ok:22 163 74;--info:37 99 235;--warn:217 119 6;--bad:220 38 38;--other:107 114 128;}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:12.5px}
main{padding:0 2rem 2rem;max-width:1600px;margin:0 auto}
h2{font-size:1.15rem;margin:1.6rem 0 .6rem}
[hidden]{display:none!important}
.verdict{padding:1.6rem 2rem 1.2rem;color:#fff}
.v-conforms{background:#15803d}.v-does-not-conform{background:#b91c1c}.v-incomplete{background:#b45309}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;opacity:.85}
.verdict h1{margin:.1rem 0;font-size:3.2rem;line-height:1.1;letter-spacing:-.01em}
.verdict-line{margin:.2rem 0 1rem;font-size:1.05rem;opacity:.95}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:.3rem 2rem;margin:0}
.facts div{display:flex;gap:.6rem;min-width:0}.facts dt{opacity:.8;min-width:5.5rem}.facts dd{margin:0;overflow-wrap:anywhere}
.facts code{color:#fff}.sha{word-break:break-all}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:1rem;margin:1.2rem 0}
.card{border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;background:var(--panel)}
.card h2{margin:0;font-size:.85rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.card .big{font-size:2rem;font-weight:650;margin:.2rem 0}.card p{margin:.3rem 0}.card small{font-size:.9rem;font-weight:400;color:var(--muted)}
.n-error{color:rgb(var(--bad))}.n-warning{color:rgb(var(--warn))}
.meter{height:8px;background:#e5e7eb;border-radius:4px;overflow:hidden}.meter span{display:block;height:100%;background:rgb(var(--ok))}
.problems{border:1px solid rgb(var(--bad));border-radius:8px;padding:0 1rem .6rem;background:#fef2f2}
.filters{position:sticky;top:0;z-index:5;display:flex;flex-wrap:wrap;gap:.6rem 1.2rem;align-items:center;padding:.6rem 1rem;margin:1rem 0;background:#fffffff2;border:1px solid var(--line);border-radius:8px}
.filters select,.filters button{font:inherit;padding:.15rem .4rem}
#filter-count{margin-left:auto;color:var(--muted)}
.matrices{display:flex;flex-wrap:wrap;gap:2rem;align-items:flex-start}
.matrix-box{min-width:0;max-width:100%}
.legend{color:var(--muted);font-size:12px;display:flex;flex-wrap:wrap;gap:.3rem .5rem;align-items:center}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;border:1px solid #0001;vertical-align:middle}
.matrix{display:grid;gap:2px;font-size:11px}
.m-row{display:contents}
.m-head>div{position:sticky;top:3.2rem;background:var(--bg);z-index:2}
.m-corner{color:var(--muted);align-self:end}
.m-col{text-align:center;font-weight:600;align-self:end;padding-bottom:2px}
.m-col.vertical{writing-mode:vertical-rl;transform:rotate(180deg);text-align:left;justify-self:center;font-weight:500;padding:2px 0}
.m-tag{font-weight:650;padding:.5rem 0 .1rem;border-bottom:1px solid var(--line)}.m-tag small{color:var(--muted);font-weight:400}
.m-op{white-space:nowrap;padding:1px .4rem 1px 0;border-left:3px solid transparent;padding-left:.3rem}
.m-op.reached{border-left-color:rgb(var(--ok))}
.m-op:not(.s-exercised){color:var(--muted)}
.op-status{font-size:10px;border:1px solid var(--line);border-radius:3px;padding:0 3px}
.method{display:inline-block;min-width:3.4em;font-family:ui-monospace,monospace;font-size:10px;font-weight:700;color:var(--muted)}
.m-cell{display:flex;align-items:center;justify-content:center;min-height:18px;border-radius:2px;font-variant-numeric:tabular-nums;color:#fff}
.m-cell a{color:inherit;text-decoration:none;display:block;width:100%;text-align:center}
.m-cell.empty,.sw.empty{background:#f3f4f6;color:var(--muted)}
.s2xx,.sw.s2xx{background:rgb(var(--ok) / var(--a,1))}.s3xx,.sw.s3xx{background:rgb(var(--info) / var(--a,1))}
.s4xx,.sw.s4xx{background:rgb(var(--warn) / var(--a,1))}.s5xx,.sw.s5xx{background:rgb(var(--bad) / var(--a,1))}
.sother{background:rgb(var(--other) / var(--a,1))}
.s2xx-h{color:rgb(var(--ok))}.s3xx-h{color:rgb(var(--info))}.s4xx-h{color:rgb(var(--warn))}.s5xx-h{color:rgb(var(--bad))}.sother-h{color:rgb(var(--other))}
.sw.reached-sw{background:transparent;border:0;border-left:3px solid rgb(var(--ok));border-radius:0}
.c-passed{background:rgb(var(--ok))}.c-failed{background:rgb(var(--bad));font-weight:700}
.c-inconclusive{background:#f59e0b}.c-skipped{background:#d1d5db;color:#6b7280}.c-none{background:#fff;border:1px dashed var(--line)}
.m-cell.dim,.m-col.dim{opacity:.15}
table.checks{border-collapse:collapse}table.checks th,table.checks td{border-bottom:1px solid var(--line);padding:.25rem .8rem;text-align:right}
table.checks th[scope=row],table.checks thead th:first-child{text-align:left}td.bad{color:rgb(var(--bad));font-weight:700}
.note{color:var(--muted);font-size:12px}
.finding{border:1px solid var(--line);border-left:6px solid rgb(var(--bad));border-radius:8px;padding:.7rem 1rem;margin:0 0 1rem;background:var(--bg)}
.finding.sev-warning{border-left-color:rgb(var(--warn))}
.finding header{display:flex;flex-wrap:wrap;gap:.3rem .6rem;align-items:baseline}
.sev{text-transform:uppercase;font-size:11px;font-weight:700;color:#fff;background:rgb(var(--bad));border-radius:3px;padding:0 .35rem}
.sev-warning .sev{background:rgb(var(--warn))}
.check-id{font-weight:700}.phase,.occ{color:var(--muted)}
.finding h3{margin:.4rem 0 .2rem;font-size:1rem}
.message{white-space:pre-wrap;margin:.2rem 0;overflow-wrap:anywhere}.case{color:var(--muted);margin:.2rem 0 .6rem}
.exchange{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1rem}
.exchange section{min-width:0}
h4{margin:.5rem 0 .3rem;font-size:.85rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.status{color:#fff;border-radius:3px;padding:0 .35rem;--a:1}
table.headers{border-collapse:collapse;font-size:12px;margin-bottom:.4rem}table.headers th{text-align:left;padding-right:.8rem;color:var(--muted);font-weight:500;vertical-align:top}
table.headers td{overflow-wrap:anywhere}
pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:.5rem .7rem;margin:.2rem 0;white-space:pre-wrap;overflow-wrap:anywhere;max-height:24rem;overflow:auto}
.cut{color:var(--muted);font-style:italic}
.none{color:var(--muted);font-style:italic}
.replay{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;margin:0}.replay div{display:flex;gap:.4rem}.replay dt{color:var(--muted)}.replay dd{margin:0}
.rerun{font-size:12px;color:var(--muted)}.rerun code{color:var(--fg);overflow-wrap:anywhere}
.copy{font-size:11px;margin-left:.4rem;text-transform:none}
.cause{border:1px solid var(--line);border-left:6px solid rgb(var(--bad));border-radius:8px;padding:.4rem 1rem;margin:0 0 .5rem;background:var(--bg)}
.cause.sev-warning{border-left-color:rgb(var(--warn))}
.cause summary{cursor:pointer;display:list-item}
.cause-title{font-size:1rem}.cause-id,.cause-key{color:var(--muted)}.cause-key{font-size:12px;margin:.2rem 0}
.cause-evidence{margin:.5rem 0 .2rem;overflow-wrap:anywhere}
.cause-ops{columns:22rem;margin:.2rem 0 .4rem;padding-left:1.2rem}.cause-ops li{break-inside:avoid}
.cause-of{margin:.2rem 0}.also ul{margin:.2rem 0;padding-left:1.2rem}.also .sev-error{background:rgb(var(--bad))}.also .sev-warning{background:rgb(var(--warn))}
.sc-totals{margin:.2rem 0}
.sc-list{display:flex;flex-wrap:wrap;gap:3px;align-items:center;padding:1px 0}
.sc{display:inline-flex;gap:.3em;align-items:baseline;border:1px solid transparent;border-radius:3px;padding:0 .35rem;font-size:11px;font-variant-numeric:tabular-nums;white-space:nowrap}
.sc small{font-size:10px;opacity:.9}
.sc-seen{background:rgb(var(--ok));color:#fff}.sc-not{background:#f3f4f6;color:var(--muted);border-color:var(--line)}
.sc-undoc{background:rgb(var(--warn));color:#fff;font-weight:600}.sc-assumed{border-style:dashed;border-color:#0006}
#no-success-h{font-size:1rem;margin:1rem 0 .4rem}#no-success{columns:30rem;padding-left:1.2rem}#no-success li{break-inside:avoid;margin-bottom:.15rem}
footer{color:var(--muted);font-size:12px;padding:1rem 2rem;border-top:1px solid var(--line)}
@media print{.filters,.copy{display:none}.cause{break-inside:avoid}.finding{break-inside:avoid}.m-head>div{position:static}}
`;

/** The filters and the copy buttons. Data comes from the DOM (data-* attributes), never from interpolation. */
const SCRIPT = `
(function () {
  var tag = document.getElementById('filter-tag');
  var check = document.getElementById('filter-check');
  var severity = document.getElementById('filter-severity');
  var count = document.getElementById('filter-count');
  var findings = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  function all(selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); }
  function apply() {
    var t = tag.value, c = check.value, s = severity.value, shown = 0;
    findings.forEach(function (el) {
      var show = (!t || el.dataset.tag === t) && (!c || el.dataset.check === c) && (!s || el.dataset.severity === s);
      el.hidden = !show;
      if (show) shown++;
    });
    all('.m-row[data-tag]').forEach(function (el) { el.hidden = !!t && el.dataset.tag !== t; });
    all('[data-check-col]').forEach(function (el) { el.classList.toggle('dim', !!c && el.dataset.checkCol !== c); });
    all('table.checks tr[data-check]').forEach(function (el) { el.hidden = !!c && el.dataset.check !== c; });
    count.textContent = shown + ' of ' + findings.length + ' findings';
    document.getElementById('findings-filtered').hidden = shown > 0 || findings.length === 0;
  }
  [tag, check, severity].forEach(function (el) { el.addEventListener('change', apply); });
  document.getElementById('filter-reset').addEventListener('click', function () {
    tag.value = ''; check.value = ''; severity.value = ''; apply();
  });
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#finding-"]');
    if (link) {
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (target && target.hidden) { tag.value = ''; check.value = ''; severity.value = ''; apply(); }
    }
    var causeLink = event.target.closest && event.target.closest('a[href^="#cause-"]');
    if (causeLink) openCause(causeLink.getAttribute('href').slice(1));
    var button = event.target.closest && event.target.closest('button.copy');
    if (button) {
      var text = document.getElementById(button.dataset.copy).textContent;
      var done = function () { button.textContent = 'copied'; setTimeout(function () { button.textContent = 'copy'; }, 1500); };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () {});
    }
  });
  function openCause(id) {
    var cause = document.getElementById(id);
    if (cause && cause.tagName === 'DETAILS') cause.open = true;
  }
  if (location.hash.indexOf('#cause-') === 0) openCause(location.hash.slice(1));
  apply();
})();
`;
