import { readFileSync } from 'node:fs';
import { EngineError } from '../errors';
import { withIds } from './build-report';
import { causeCounts, causesOf } from './causes';
import type { Report } from './types';

/**
 * Reads a report.json a run wrote (for --baseline, replay and merge). Checks the fields those read, not
 * the whole schema, so reports of older versions still load; findings written before ids get theirs, and
 * reports written before causes get them computed from their findings.
 */
export function readReport(path: string, flag = 'report'): Report {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new EngineError('CONFIG_INVALID', `cannot read ${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let data: any;
  try {
    data = JSON.parse(text);
  } catch {
    throw new EngineError('CONFIG_INVALID', `${flag} ${path} is not JSON`);
  }
  const ok =
    data !== null &&
    typeof data === 'object' &&
    typeof data.contract?.sha256 === 'string' &&
    typeof data.options?.seed === 'number' &&
    Array.isArray(data.operations) &&
    Array.isArray(data.findings) &&
    data.summary !== null &&
    typeof data.summary === 'object';
  if (!ok) throw new EngineError('CONFIG_INVALID', `${flag} ${path} is not a report.json of onecli-conformance`);
  const report = data as Report;
  report.findings = withIds(report.findings);
  report.leftovers ??= [];
  report.givenAway ??= [];
  report.errors ??= [];
  if (!Array.isArray(report.causes)) {
    report.causes = causesOf(report.findings, report.operations);
    report.summary.causes = causeCounts(report.causes);
  }
  return report;
}
