import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Contract } from '../contract/load';
import type { Operation } from '../contract/types';
import { EngineError } from '../errors';
import type { PhaseResult } from '../runner/types';
import { samplePhaseResults, sampleReport } from './__test-helpers__/sample-report';
import { buildReport } from './build-report';
import { mergeReports } from './merge';
import { conformanceScore, coverage } from './score';
import type { Report } from './types';

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(new URL('./report.schema.json', import.meta.url), 'utf8')));

/** The sample run split like vitest shards split spec files: by tag. */
function shard(tags: string[] | undefined, shardName?: string, started = 0): Report {
  const whole = sampleReport('failing');
  const contract: Contract = {
    ...whole.contract,
    document: {},
    operations: whole.operations.map((o) => ({ operationId: o.operationId, method: o.method, path: o.path, tag: o.tag }) as Operation),
  };
  const tagOf = new Map(whole.operations.map((o) => [o.operationId, o.tag]));
  const results: PhaseResult[] = samplePhaseResults('failing').filter((r) => !tags || tags.includes(tagOf.get(r.operationId)!));
  return buildReport(
    {
      tool: whole.tool,
      contract,
      target: whole.target,
      options: { ...whole.options, ...(shardName ? { shard: shardName } : {}) },
      startedAt: new Date(started),
      finishedAt: new Date(started + 1000),
    },
    results,
    { leftovers: [], errors: [] },
  );
}

const OTHER_TAGS = ['Secrets', 'Partner', 'Billing'];

describe('mergeReports', () => {
  it('merges shards into the report of the whole run: operations, tallies, findings, score and coverage', () => {
    const whole = shard(undefined);
    const { report, notes } = mergeReports([shard(['Agents'], '1/2'), shard(OTHER_TAGS, '2/2', 500)]);
    expect(notes).toEqual([]);
    expect(report.operations).toEqual(whole.operations);
    expect(report.summary).toEqual(whole.summary);
    expect(report.requests).toBe(whole.requests);
    expect(report.findings.map((f) => f.id).sort()).toEqual(whole.findings.map((f) => f.id).sort());
    expect(conformanceScore(report)).toEqual(conformanceScore(whole));
    expect(coverage(report)).toEqual(coverage(whole));
    expect(report.verdict).toBe('does-not-conform');
    expect(report.options.shard).toBeUndefined();
    expect(report).toMatchObject({ startedAt: '1970-01-01T00:00:00.000Z', finishedAt: '1970-01-01T00:00:01.500Z', durationMs: 1500 });
    expect(validate(JSON.parse(JSON.stringify(report))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('each shard alone leaves the other operations excluded; merged, none is', () => {
    const a = shard(['Agents'], '1/2');
    expect(a.summary.operations.excluded).toBeGreaterThan(0);
    const { report } = mergeReports([a, shard(OTHER_TAGS, '2/2')]);
    expect(report.summary.operations.excluded).toBe(0);
  });

  it('takes an operation from the report that exercised it, and deduplicates findings by id', () => {
    const whole = shard(undefined);
    const { report } = mergeReports([shard(['Agents']), whole, whole]);
    expect(report.findings).toHaveLength(whole.findings.length);
    expect(report.summary).toEqual(whole.summary);
  });

  it('says which shards are missing', () => {
    const { notes, report } = mergeReports([shard(['Agents'], '1/3'), shard(['Billing'], '3/3')]);
    expect(notes).toEqual(['shard(s) 2/3 missing: their operations are reported as excluded']);
    expect(report.operations.find((o) => o.operationId === 'listSecrets')!.status).toBe('excluded');
  });

  it('refuses reports of different contracts or seeds (CONFIG_INVALID, exit 2)', () => {
    const other = shard(OTHER_TAGS);
    other.contract = { ...other.contract, sha256: 'f'.repeat(64) };
    const error = (() => {
      try {
        mergeReports([shard(['Agents']), other], ['a.json', 'b.json']);
      } catch (e) {
        return e as EngineError;
      }
    })();
    expect(error).toBeInstanceOf(EngineError);
    expect(error!.code).toBe('CONFIG_INVALID');
    expect(error!.message).toContain('b.json tested another contract');
    const seeded = shard(OTHER_TAGS);
    seeded.options = { ...seeded.options, seed: 2 };
    expect(() => mergeReports([shard(['Agents']), seeded])).toThrow(/same --seed/);
    expect(() => mergeReports([])).toThrow(EngineError);
  });

  it('conforms when no shard has a failing finding; --strict counts warnings', () => {
    const a = shard(['Agents']);
    const b = shard(OTHER_TAGS);
    for (const r of [a, b]) r.findings = r.findings.filter((f) => f.severity === 'warning');
    expect(mergeReports([a, b]).report.verdict).toBe('conforms');
    expect(mergeReports([a, b], undefined, { strict: true }).report.verdict).toBe('does-not-conform');
  });
});
