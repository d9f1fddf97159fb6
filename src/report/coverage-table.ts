import type { Report } from './types';

/**
 * The operation × (2xx, 4xx seen) table a run prints: one row per operation of the contract, grouped by
 * tag, with the statuses it answered, then the totals. Plain text, aligned, for a terminal or a log.
 */
export function coverageTable(report: Report): string {
  const mark = (b: boolean) => (b ? 'yes' : ' - ');
  const companion = report.target.companion;
  const width = Math.max(...report.operations.map((o) => o.operationId.length), 'operation'.length);
  const lines = [`${'operation'.padEnd(width)}  2xx  4xx  statuses`];
  let tag = '';
  for (const op of report.operations) {
    if (op.tag !== tag) {
      tag = op.tag;
      lines.push(`[${tag}]`);
    }
    const statuses = Object.entries(op.statuses)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const where = companion?.operations.includes(op.operationId) ? `  (embedded ${companion.edition} server)` : '';
    const note = op.status === 'exercised' ? statuses + where : `(${op.status}${op.detail ? `: ${op.detail}` : ''})`;
    lines.push(`${op.operationId.padEnd(width)}  ${mark(op.reached2xx)}  ${mark(op.seen4xx)}  ${note}`);
  }
  const { reached2xx, seen4xx } = report.summary.coverage;
  const total = report.summary.operations.total;
  lines.push(`${reached2xx}/${total} operations answered 2xx/3xx; ${seen4xx}/${total} answered 4xx`);
  return lines.join('\n');
}
