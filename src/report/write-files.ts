import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../http/redact';
import type { BaselineDiff } from './baseline';
import { coverageTable } from './coverage-table';
import { reportHtml } from './html';
import { reportJunit } from './junit';
import { summaryMarkdown } from './summary';
import type { Report } from './types';

/**
 * Writes the files of a run into `dir`, each through the redactor: report.json, summary.md, junit.xml,
 * report.html and coverage.txt. Returns the coverage table, which the CLI also prints.
 */
export function writeReportFiles(dir: string, report: Report, redactor: Redactor, baseline?: BaselineDiff): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), redactor.text(`${JSON.stringify(report, null, 2)}\n`));
  writeFileSync(join(dir, 'summary.md'), redactor.text(summaryMarkdown(report, baseline)));
  writeFileSync(join(dir, 'junit.xml'), redactor.text(reportJunit(report)));
  writeFileSync(join(dir, 'report.html'), redactor.text(reportHtml(report)));
  const table = coverageTable(report);
  writeFileSync(join(dir, 'coverage.txt'), redactor.text(`${table}\n`));
  return table;
}
