import { describe, expect, it } from 'vitest';
import type { TestCase, TestModule } from 'vitest/node';
import { PHASES, type PhaseResult } from '../runner/types';
import { ProgressReporter } from './progress';

/** Just what the reporter reads of vitest's test objects. */
function testCase(name: string, conformance?: Partial<PhaseResult>): TestCase {
  return { name, meta: () => ({ conformance }) } as unknown as TestCase;
}

function testModule(tests: TestCase[]): TestModule {
  return { children: { allTests: () => tests.values() } } as unknown as TestModule;
}

const phaseTests = (op: string) => PHASES.map((p) => testCase(`Agents ${op} GET /agents › ${p}`, { requests: 3, findings: [] }));

function setup() {
  const out: string[] = [];
  let now = 0;
  const reporter = new ProgressReporter({ write: (t) => out.push(t), columns: 200 }, { intervalMs: 100, now: () => now });
  return { out, reporter, tick: (ms: number) => (now += ms) };
}

describe('ProgressReporter', () => {
  it('counts operations done / total, requests and findings, redrawing one line in place', () => {
    const { out, reporter, tick } = setup();
    const list = phaseTests('listAgents');
    const create = phaseTests('createAgent');
    reporter.onTestModuleCollected(testModule([...list, ...create, testCase('Agents › cleanup')]));
    expect(out.at(-1)).toBe('\r0/2 operations · 0 requests · 0 findings · 0 s\x1b[K');
    for (const t of list) reporter.onTestCaseResult(t);
    reporter.onTestCaseResult(testCase('Agents createAgent GET /agents › coverage', { requests: 5, findings: [{} as never] }));
    tick(2000);
    reporter.onTestCaseResult(testCase('Agents › cleanup'));
    expect(out.at(-1)).toBe(`\r1/2 operations · ${3 * PHASES.length + 5} requests · 1 finding · 2 s\x1b[K`);
    expect(out.every((l) => l.startsWith('\r') && !l.includes('\n'))).toBe(true);
  });

  it('redraws at most once per interval', () => {
    const { out, reporter, tick } = setup();
    reporter.onTestModuleCollected(testModule(phaseTests('listAgents')));
    for (const t of phaseTests('listAgents')) reporter.onTestCaseResult(t);
    expect(out).toHaveLength(1);
    tick(150);
    reporter.onTestCaseResult(testCase(`Agents listAgents GET /agents › ${PHASES[0]}`));
    expect(out).toHaveLength(2);
  });

  it('clears the line when the run ends, and writes nothing more if nothing was drawn', () => {
    const { out, reporter } = setup();
    reporter.onTestModuleCollected(testModule(phaseTests('listAgents')));
    reporter.onTestRunEnd();
    expect(out.at(-1)).toBe('\r\x1b[K');
    const quiet = setup();
    quiet.reporter.onTestRunEnd();
    expect(quiet.out).toEqual([]);
  });

  it('fits the terminal width', () => {
    const out: string[] = [];
    const reporter = new ProgressReporter({ write: (t) => out.push(t), columns: 20 });
    reporter.onTestModuleCollected(testModule(phaseTests('listAgents')));
    expect(out[0]!.replace('\x1b[K', '').length).toBeLessThanOrEqual(20);
  });
});
