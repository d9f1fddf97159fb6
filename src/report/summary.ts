import { conformanceScore, coverage, percent } from './score';
import type { Report } from './types';

const VERDICT_TEXT: Record<Report['verdict'], string> = {
  conforms: 'CONFORMS',
  'does-not-conform': 'DOES NOT CONFORM',
  incomplete: 'INCOMPLETE',
};

/** A Markdown summary for a pull-request comment: verdict, counts and the top findings (≤ 40 lines). */
export function summaryMarkdown(report: Report): string {
  const ops = report.summary.operations;
  const score = conformanceScore(report);
  const cov = coverage(report);
  const lines = [
    `## OneCLI conformance: ${VERDICT_TEXT[report.verdict]}`,
    '',
    `Target \`${report.target.baseUrl}\`${report.target.embedded ? ' (embedded reference server)' : ''} · contract sha256 \`${report.contract.sha256.slice(0, 12)}\` · seed ${report.options.seed}`,
    '',
    `Score **${percent(score)}** (${score.passed}/${score.total} operation × check pairs passed) · coverage **${percent(cov)}** (${cov.passed}/${cov.total} operations reached with 2xx/3xx)`,
    '',
    `| operations | exercised | not covered | not applicable | no credential | excluded | requests | errors | warnings |`,
    `|---|---|---|---|---|---|---|---|---|`,
    `| ${ops.total} | ${ops.exercised} | ${ops['not-covered']} | ${ops['not-applicable']} | ${ops['no-credential']} | ${ops.excluded} | ${report.requests} | ${report.summary.findings.error} | ${report.summary.findings.warning} |`,
  ];
  if (report.findings.length) {
    lines.push('', '### Findings', '');
    for (const f of report.findings.slice(0, 20)) {
      lines.push(`- **${f.checkId}** \`${f.operationId}\` ${f.method} ${f.path}: ${f.title}. ${f.message.split('\n')[0]}`);
    }
    if (report.findings.length > 20) lines.push(`- … and ${report.findings.length - 20} more in report.json`);
  }
  if (report.leftovers.length) lines.push('', `Left on the target: ${report.leftovers.length} resource(s) the run created.`);
  if (report.errors.length) lines.push('', `Run errors: ${report.errors.map((e) => `${e.code}: ${e.message}`).join('; ').slice(0, 300)}`);
  return `${lines.slice(0, 40).join('\n')}\n`;
}

/** The lines the CLI prints when a run ends. */
export function summaryText(report: Report, reportDir: string): string {
  const ops = report.summary.operations;
  const out = [
    `${VERDICT_TEXT[report.verdict]}: ${report.summary.findings.error} error(s), ${report.summary.findings.warning} warning(s); ` +
      `${ops.exercised}/${ops.total} operations exercised (${ops['not-covered']} not covered, ${ops['not-applicable']} not applicable, ${ops['no-credential']} without credential, ${ops.excluded} excluded); ` +
      `${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s; seed ${report.options.seed}`,
    scoreLine(report),
  ];
  for (const f of report.findings.slice(0, 10)) out.push(`  ✗ ${f.checkId} ${f.operationId} (${f.phase}): ${f.title}. ${f.message.split('\n')[0]}`);
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
