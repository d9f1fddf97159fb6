import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestCase } from 'vitest/node';
import { Redactor } from '../http/redact';
import type { PhaseResult } from '../runner/types';
import { samplePhaseResults, sampleReport } from './__test-helpers__/sample-report';
import { findingId } from './finding-id';
import { NdjsonReporter } from './ndjson-reporter';

const KEY = 'oc_ABCDEFGHIJKLMNOPQRSTUVWX';

/** A finished vitest test case as a reporter sees it: name, meta, state. */
function testCase(name: string, meta: Record<string, unknown>, state = 'passed'): TestCase {
  return { name, meta: () => meta, result: () => ({ state }) } as unknown as TestCase;
}

function phaseTest(result: PhaseResult, state = 'passed'): TestCase {
  return testCase(`${result.tag} ${result.operationId} ${result.method} ${result.path} › ${result.phase}`, { conformance: result }, state);
}

function lines(file: string): Array<Record<string, any>> {
  return readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
}

function reporter() {
  const file = join(mkdtempSync(join(tmpdir(), 'occ-ndjson-')), 'nested', 'events.ndjson');
  const r = new NdjsonReporter(file, new Redactor([]), { now: () => new Date('2026-12-05T04:00:00.000Z') });
  const start = {
    seed: 42,
    target: { baseUrl: `http://127.0.0.1:1/v1?key=${KEY}`, embedded: false },
    contract: { path: '/x/openapi.yaml', sha256: 'ab'.repeat(32) },
    operations: ['listAgents', 'createAgent'],
    redactor: new Redactor([KEY]),
  };
  return { file, r, start };
}

describe('NdjsonReporter', () => {
  it('writes run-start, a phase-result per phase test as each finishes, cleanup and run-end, one object a line', () => {
    const { file, r, start } = reporter();
    r.start(start);
    expect(lines(file).map((l) => l.event)).toEqual(['run-start']);
    const results = samplePhaseResults('failing');
    for (const result of results) r.onTestCaseResult(phaseTest(result, result.findings.length ? 'failed' : 'passed'));
    // written as it goes: every test's line is there before the run ends
    expect(lines(file)).toHaveLength(1 + results.length);
    r.onTestCaseResult(testCase('Agents › cleanup', { leftovers: [], givenAway: ['x'] }));
    r.onTestCaseResult(testCase('run › cleanup', { leftovers: ['deleteAgent /agents/1'] }, 'failed'));
    r.end({ report: sampleReport('failing'), exitCode: 1 });

    const events = lines(file);
    expect(events.map((e) => e.event)).toEqual(['run-start', ...results.map(() => 'phase-result'), 'cleanup', 'cleanup', 'run-end']);
    expect(events.every((e) => e.time === '2026-12-05T04:00:00.000Z')).toBe(true);
    expect(events[0]).toMatchObject({ seed: 42, contract: { sha256: 'ab'.repeat(32) }, operations: ['listAgents', 'createAgent'] });

    const listAgents = events[1]!;
    expect(listAgents).toMatchObject({
      operationId: 'listAgents',
      tag: 'Agents',
      method: 'GET',
      path: '/agents',
      phase: 'positive',
      state: 'failed',
      cases: 10,
      requests: 10,
      statuses: { 200: 10 },
      totals: { passed: 20, failed: 10, inconclusive: 0, skipped: 30 },
    });
    const f = results[0]!.findings[0]!;
    expect(listAgents.findings).toEqual([{ id: findingId(f), checkId: f.checkId, severity: 'error', title: f.title }]);
    // the id is the report's
    expect(sampleReport('failing').findings.map((x) => x.id)).toContain(listAgents.findings[0].id);

    const skipped = events.find((e) => e.operationId === 'getBilling')!;
    expect(skipped.notRun).toMatchObject({ reason: 'not-applicable' });
    expect(events.at(-3)).toMatchObject({ event: 'cleanup', scope: 'Agents', state: 'passed', leftovers: [], givenAway: ['x'] });
    expect(events.at(-2)).toMatchObject({ event: 'cleanup', scope: 'run', state: 'failed', leftovers: ['deleteAgent /agents/1'] });
    expect(events.at(-1)).toMatchObject({
      event: 'run-end',
      verdict: 'does-not-conform',
      exitCode: 1,
      findings: { error: 3, warning: 1 },
      operations: { total: 8 },
      errors: ['TARGET_UNUSABLE'],
    });
  });

  it('redacts every line with the run redactor that start brings', () => {
    const { file, r, start } = reporter();
    r.start(start);
    const [result] = samplePhaseResults('failing');
    result!.findings[0]!.title = `leaked ${KEY}`;
    r.onTestCaseResult(phaseTest(result!));
    r.end({ exitCode: 130, problem: `interrupted on ${start.target.baseUrl}` });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).toContain('[REDACTED]');
    expect(lines(file).at(-1)).toMatchObject({ event: 'run-end', verdict: 'incomplete', exitCode: 130 });
  });

  it('a phase test without a result (crashed, cancelled) is still a phase-result, named from the test; a tag may hold spaces', () => {
    const { file, r, start } = reporter();
    r.start(start);
    r.onTestCaseResult(
      testCase('Organization Secrets listOrgSecrets GET /organization/secrets › auth', { engineError: { code: 'TARGET_UNREACHABLE', message: 'gone' } }, 'failed'),
    );
    r.onTestCaseResult(testCase('not a conformance test', {}));
    expect(lines(file).slice(1)).toEqual([
      {
        event: 'phase-result',
        time: '2026-12-05T04:00:00.000Z',
        operationId: 'listOrgSecrets',
        tag: 'Organization Secrets',
        method: 'GET',
        path: '/organization/secrets',
        phase: 'auth',
        state: 'failed',
        error: { code: 'TARGET_UNREACHABLE', message: 'gone' },
      },
    ]);
  });

  it('start empties what an earlier run left in the file', () => {
    const { file, r, start } = reporter();
    r.start(start);
    r.end({ exitCode: 0 });
    r.start(start);
    expect(lines(file).map((e) => e.event)).toEqual(['run-start']);
  });
});
