import type { BaselineDiff } from './baseline';
import { conformanceScore, coverage, percent } from './score';
import type { Report, ReportFinding } from './types';
import { targetText } from './target-text';

const VERDICT_TEXT: Record<Report['verdict'], string> = {
  conforms: 'CONFORMS',
  'does-not-conform': 'DOES NOT CONFORM',
  incomplete: 'INCOMPLETE',
};

/**
 * A Markdown summary for a pull-request comment: verdict, counts, what changed against the baseline when
 * there is one, and the top findings (≤ 40 lines).
 */
export function summaryMarkdown(report: Report, baseline?: BaselineDiff): string {
  const ops = report.summary.operations;
  const score = conformanceScore(report);
  const cov = coverage(report);
  const lines = [
    `## OneCLI conformance: ${VERDICT_TEXT[report.verdict]}`,
    '',
    `Target \`${targetText(report.target)}\` · contract sha256 \`${report.contract.sha256.slice(0, 12)}\` · seed ${report.options.seed}` +
      (report.options.readOnly ? ' · read-only (GET only)' : '') +
      (report.options.allowDestructive?.length ? ` · allowed destructive: ${report.options.allowDestructive.join(', ')}` : ''),
    '',
    `Score **${percent(score)}** (${score.passed}/${score.total} operation × check pairs passed) · coverage **${percent(cov)}** (${cov.passed}/${cov.total} operations reached with 2xx/3xx)`,
    '',
    `| operations | exercised | not covered | not applicable | no credential | excluded | requests | errors | warnings |`,
    `|---|---|---|---|---|---|---|---|---|`,
    `| ${ops.total} | ${ops.exercised} | ${ops['not-covered']} | ${ops['not-applicable']} | ${ops['no-credential']} | ${ops.excluded} | ${report.requests} | ${report.summary.findings.error} | ${report.summary.findings.warning} |`,
  ];
  if (baseline) lines.push('', ...baselineMarkdown(baseline));
  if (report.findings.length) {
    lines.push('', '### Findings', '');
    for (const f of report.findings.slice(0, 20)) {
      lines.push(`- **${f.checkId}** \`${f.operationId}\` ${f.method} ${f.path}: ${f.title}. ${f.message.split('\n')[0]} (\`${f.id}\`)`);
    }
    if (report.findings.length > 20) lines.push(`- … and ${report.findings.length - 20} more in report.json`);
  }
  if (report.leftovers.length) lines.push('', `Left on the target: ${report.leftovers.length} resource(s) the run created.`);
  if (report.errors.length) lines.push('', `Run errors: ${report.errors.map((e) => `${e.code}: ${e.message}`).join('; ').slice(0, 300)}`);
  return `${lines.slice(0, 40).join('\n')}\n`;
}

/** The lines the CLI prints when a run ends. */
export function summaryText(report: Report, reportDir: string, baseline?: BaselineDiff): string {
  const ops = report.summary.operations;
  const out = [
    `${VERDICT_TEXT[report.verdict]}: ${report.summary.findings.error} error(s), ${report.summary.findings.warning} warning(s); ` +
      `${ops.exercised}/${ops.total} operations exercised (${ops['not-covered']} not covered, ${ops['not-applicable']} not applicable, ${ops['no-credential']} without credential, ${ops.excluded} excluded); ` +
      `${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s; seed ${report.options.seed}`,
    scoreLine(report),
  ];
  if (baseline) out.push(...baselineText(baseline));
  for (const f of report.findings.slice(0, 10)) out.push(`  ✗ ${f.checkId} ${f.operationId} (${f.phase}) [${f.id}]: ${f.title}. ${f.message.split('\n')[0]}`);
  if (report.findings.length > 10) out.push(`  … ${report.findings.length - 10} more`);
  out.push(`Report: ${reportDir}/report.json`);
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
