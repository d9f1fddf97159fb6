import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sampleReport } from './__test-helpers__/sample-report';
import type { Report } from './types';

const schema = JSON.parse(readFileSync(new URL('./report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The report as report.json holds it (JSON round trip: no undefined, no Date). */
function asWritten(report: Report): any {
  return JSON.parse(JSON.stringify(report));
}

function errorsOf(data: unknown): string[] {
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('report.schema.json', () => {
  it('is a draft 2020-12 schema Ajv compiles in strict mode', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof validate).toBe('function');
  });

  it.each(['conforming', 'failing'] as const)('accepts the %s report buildReport writes', (kind) => {
    const report = asWritten(sampleReport(kind));
    expect(report.verdict).toBe(kind === 'conforming' ? 'conforms' : 'does-not-conform');
    expect(errorsOf(report)).toEqual([]);
  });

  it.each([
    ['an unknown verdict', (r: any) => (r.verdict = 'mostly-conforms'), '/verdict'],
    ['a contract hash that is not sha256 hex', (r: any) => (r.contract.sha256 = 'abc'), '/contract/sha256'],
    ['a missing seed', (r: any) => delete r.options.seed, '/options'],
    ['a field the schema does not know', (r: any) => (r.extra = 1), ''],
    ['an unknown severity', (r: any) => (r.findings[0].severity = 'fatal'), '/findings/0/severity'],
    ['an unknown phase', (r: any) => (r.findings[0].replay.phase = 'fuzz'), '/findings/0/replay/phase'],
    ['an unknown operation status', (r: any) => (r.operations[0].status = 'done'), '/operations/0/status'],
    ['a negative tally', (r: any) => (r.summary.checks['error-shape'].failed = -1), '/summary/checks/error-shape/failed'],
    ['a status key that is not a status', (r: any) => (r.operations[0].statuses.ok = 1), '/operations/0/statuses'],
    ['a not-exercised operation without its reason', (r: any) => delete r.operations.find((o: any) => o.status === 'not-covered').detail, '/operations/'],
    ['a finding without its curl line', (r: any) => delete r.findings[0].curl, '/findings/0'],
    ['an auth case with an unknown variant', (r: any) => (r.findings[1].case.variant = 'expired-key'), '/findings/1/case'],
    ['a start time that is not a date-time', (r: any) => (r.startedAt = 'yesterday'), '/startedAt'],
  ])('rejects %s', (_name, mutate, where) => {
    const report = asWritten(sampleReport('failing'));
    mutate(report);
    const errors = errorsOf(report);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.some((e) => e.startsWith(where))).toBe(true);
  });
});
