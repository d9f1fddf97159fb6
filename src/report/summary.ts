import type { BaselineDiff } from './baseline';
import { causeCounts, causesOf } from './causes';
import { REASON_TEXT, scorecardIn, scorecardLine, withoutSuccess } from './scorecard';
import { conformanceScore, coverage, percent } from './score';
import type { Cause, Report, ReportFinding } from './types';
import { targetText } from './target-text';

const VERDICT_TEXT: Record<Report['verdict'], string> = {
  conforms: 'CONFORMS',
  'does-not-conform': 'DOES NOT CONFORM',
  incomplete: 'INCOMPLETE',
};

/** Causes listed in the terminal, at most. */
const CAUSES_PRINTED = 10;
/** Causes listed in summary.md, at most (fewer when the rest of it needs the lines). */
const CAUSES_LISTED = 10;
/** Lines of summary.md, at most. */
const MARKDOWN_LINES = 40;
/** Operations named per cause in summary.md before `+N`. */
const OPERATIONS_NAMED = 3;
/** Operations without a 2xx listed in summary.md and in the terminal, at most. */
const WITHOUT_SUCCESS_LISTED = 10;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The report's causes; computed from its findings for a report that has none (written by an older version). */
function causesIn(report: Report): Cause[] {
  return Array.isArray(report.causes) ? report.causes : causesOf(report.findings, report.operations);
}

/** `3 causes (2 errors, 1 warning) from 41 findings`: the headline number is causes. */
function causesCount(report: Report, causes: Cause[]): string {
  const { error, warning } = causeCounts(causes);
  return `${plural(causes.length, 'cause')} (${plural(error, 'error')}, ${plural(warning, 'warning')}) from ${plural(report.findings.length, 'finding')}`;
}

/** The first line of a finding's message. */
function firstLine(f: ReportFinding): string {
  return f.message.split('\n')[0]!;
}

/** Text for a Markdown table cell: no line breaks, no pipes that would end the cell. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
}

/** `code` in Markdown, whatever backticks the text holds. */
function code(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return fence.length > 1 ? `${fence} ${text} ${fence}` : `\`${text}\``;
}

/**
 * A Markdown summary for a pull-request comment (≤ 40 lines): the verdict, the causes (severity, headline,
 * operations affected, one evidence finding), then target, score and counts, what changed against the
 * baseline when there is one, and what went wrong with the run. Single findings are in the report.
 */
export function summaryMarkdown(report: Report, baseline?: BaselineDiff): string {
  const ops = report.summary.operations;
  const score = conformanceScore(report);
  const cov = coverage(report);
  const causes = causesIn(report);
  const head = [`## OneCLI conformance: ${VERDICT_TEXT[report.verdict]}`, '', `**${causesCount(report, causes)}**`];
  const f = report.summary.findings;
  const tail = [
    '',
    `Target \`${targetText(report.target)}\` · contract sha256 \`${report.contract.sha256.slice(0, 12)}\` · seed ${report.options.seed}` +
      (report.options.readOnly ? ' · read-only (GET only)' : '') +
      (report.options.allowDestructive?.length ? ` · allowed destructive: ${report.options.allowDestructive.join(', ')}` : ''),
    '',
    `Score **${percent(score)}** (${score.passed}/${score.total} operation × check pairs passed) · coverage **${percent(cov)}** (${cov.passed}/${cov.total} operations reached with 2xx/3xx)`,
    '',
    `| operations | exercised | not covered | not applicable | no credential | excluded | requests | findings (errors / warnings) |`,
    `|---|---|---|---|---|---|---|---|`,
    `| ${ops.total} | ${ops.exercised} | ${ops['not-covered']} | ${ops['not-applicable']} | ${ops['no-credential']} | ${ops.excluded} | ${report.requests} | ${f.error} / ${f.warning} |`,
    ...scorecardMarkdown(report),
  ];
  if (baseline) tail.push('', ...baselineMarkdown(baseline));
  if (report.leftovers.length) tail.push('', `Left on the target: ${report.leftovers.length} resource(s) the run created.`);
  if (report.errors.length) tail.push('', `Run errors: ${report.errors.map((e) => `${e.code}: ${e.message}`).join('; ').slice(0, 300)}`);
  const lines = [...head, ...causesMarkdown(report, causes, MARKDOWN_LINES - head.length - tail.length), ...tail];
  return `${lines.slice(0, MARKDOWN_LINES).join('\n')}\n`;
}

/** The Causes section: a table of as many causes as `room` lines allow (3 at least, 10 at most). */
function causesMarkdown(report: Report, causes: Cause[], room: number): string[] {
  if (!causes.length) return [];
  const frame = 5; // blank, heading, blank, table head, separator
  const fits = Math.min(CAUSES_LISTED, room - frame);
  const listed = causes.length <= fits ? causes.length : Math.max(3, Math.min(CAUSES_LISTED, room - frame - 2));
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  const rows = causes.slice(0, listed).map((c) => {
    const named = c.operations.slice(0, OPERATIONS_NAMED).map(code).join(', ');
    const more = c.operations.length > OPERATIONS_NAMED ? ` +${c.operations.length - OPERATIONS_NAMED}` : '';
    const evidence = byId.get(c.evidence);
    const where = evidence && evidence.operationId !== '*' ? ` (${code(evidence.operationId)})` : '';
    return `| ${c.severity === 'error' ? '✗ error' : '⚠ warning'} | ${cell(c.title)} · ${code(c.checkId)} | ${cell(named + more)} | ${code(c.evidence)}${where} |`;
  });
  const out = ['', '### Causes', '', '| | cause | operations | evidence |', '|---|---|---|---|', ...rows];
  if (causes.length > listed) out.push('', `… and ${plural(causes.length - listed, 'more cause')} in report.json (\`causes\`).`);
  return out;
}

/**
 * Response coverage in two lines: the totals, then the operations that never reached a 2xx with the reason
 * (at most 10, the most telling reasons first; the details are in report.json and report.html).
 */
function scorecardMarkdown(report: Report): string[] {
  const scorecard = scorecardIn(report);
  if (!scorecard) return [];
  const out = ['', scorecardLine(scorecard.totals)];
  const none = withoutSuccess(scorecard);
  if (!none.length) return out;
  const listed = none.slice(0, WITHOUT_SUCCESS_LISTED).map((o) => `${code(o.operationId)} (${REASON_TEXT[o.noSuccess.reason]})`);
  const more = none.length > WITHOUT_SUCCESS_LISTED ? ` and ${none.length - WITHOUT_SUCCESS_LISTED} more` : '';
  out.push('', `Never answered 2xx (${none.length}): ${cell(listed.join(', '))}${more}`);
  return out;
}

/**
 * The lines the CLI prints when a run ends: the verdict counting causes, score, baseline, the causes, then
 * response coverage (totals, and the operations that never reached a 2xx with why, at most 10).
 */
export function summaryText(report: Report, reportDir: string, baseline?: BaselineDiff, file = 'report.json'): string {
  const ops = report.summary.operations;
  const causes = causesIn(report);
  const out = [
    `${VERDICT_TEXT[report.verdict]}: ${causesCount(report, causes)}; ` +
      `${ops.exercised}/${ops.total} operations exercised (${ops['not-covered']} not covered, ${ops['not-applicable']} not applicable, ${ops['no-credential']} without credential, ${ops.excluded} excluded); ` +
      `${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s; seed ${report.options.seed}`,
    scoreLine(report),
  ];
  if (baseline) out.push(...baselineText(baseline));
  const byId = new Map(report.findings.map((f) => [f.id, f]));
  for (const c of causes.slice(0, CAUSES_PRINTED)) {
    const mark = c.severity === 'error' ? '✗' : '!';
    const f = byId.get(c.evidence);
    // The finding id in brackets is what `replay` takes; the cause id what a reviewer quotes.
    const example = !f ? '' : f.operationId === '*' ? ` — see [${f.id}]: ${firstLine(f)}` : ` — e.g. ${f.operationId} [${f.id}]: ${firstLine(f)}`;
    out.push(`  ${mark} [${c.id}] ${c.checkId}: ${c.title}${example}`);
  }
  if (causes.length > CAUSES_PRINTED) out.push(`  … ${causes.length - CAUSES_PRINTED} more`);
  const scorecard = scorecardIn(report);
  if (scorecard) {
    out.push(scorecardLine(scorecard.totals));
    const none = withoutSuccess(scorecard);
    for (const o of none.slice(0, WITHOUT_SUCCESS_LISTED)) out.push(`  no 2xx: ${o.operationId}: ${REASON_TEXT[o.noSuccess.reason]} (${o.noSuccess.detail})`);
    if (none.length > WITHOUT_SUCCESS_LISTED) out.push(`  … and ${none.length - WITHOUT_SUCCESS_LISTED} more without a 2xx`);
  }
  out.push(`Report: ${reportDir}/${file}`);
  return out.join('\n');
}

/** `Score 80.2 % (381/475 operation × check pairs passed) · coverage 74.1 % (…)`, for the terminal. */
function scoreLine(report: Report): string {
  const score = conformanceScore(report);
  const cov = coverage(report);
  return `Score ${percent(score)} (${score.passed}/${score.total} operation × check pairs passed) · coverage ${percent(cov)} (${cov.passed}/${cov.total} operations reached with 2xx/3xx)`;
}

/** Baseline lines listed per kind in the Markdown summary, at most. */
const BASELINE_LISTED = 5;

function baselineCounts(diff: BaselineDiff): string {
  const unchecked = diff.unchecked.length ? `, ${diff.unchecked.length} not rechecked (operation or check not run)` : '';
  return `${diff.new.length} new, ${diff.present.length} still present, ${diff.fixed.length} fixed${unchecked}`;
}

function baselineMarkdown(diff: BaselineDiff): string[] {
  const lines = [`**Against the baseline:** ${baselineCounts(diff)}`];
  const list = (label: string, findings: ReportFinding[]) => {
    if (!findings.length) return;
    lines.push('', `${label}:`);
    for (const f of findings.slice(0, BASELINE_LISTED)) lines.push(`- \`${f.id}\` **${f.checkId}** \`${f.operationId}\`: ${f.title}`);
    if (findings.length > BASELINE_LISTED) lines.push(`- … and ${findings.length - BASELINE_LISTED} more`);
  };
  list('New', diff.new);
  list('Fixed', diff.fixed);
  if (diff.present.length) lines.push('', `Still present: ${diff.present.slice(0, 8).map((f) => `\`${f.id}\``).join(', ')}${diff.present.length > 8 ? ', …' : ''}`);
  return lines;
}

function baselineText(diff: BaselineDiff): string[] {
  const out = [`Against the baseline: ${baselineCounts(diff)}`];
  for (const f of diff.new.slice(0, 10)) out.push(`  + new     ${f.id} ${f.checkId} ${f.operationId}: ${f.title}`);
  for (const f of diff.present.slice(0, 10)) out.push(`  = present ${f.id} ${f.checkId} ${f.operationId}: ${f.title}`);
  for (const f of diff.fixed.slice(0, 10)) out.push(`  - fixed   ${f.id} ${f.checkId} ${f.operationId}: ${f.title}`);
  return out;
}
