import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * Sub-resource families (set on a resource the binder made, named by it): the stateful phase judges them like
 * the others. A partner budget set on a partner secret is listed with the values set and gone after a 2xx
 * clear; an agent's secret assignments replaced by PUT are what GET on the same path lists. Each fault is
 * caught by its check on the family's set operation, with a shrunk sequence; the correct server passes.
 */
const COMMON = ['--examples', '6', '--seed', '424242'];
const BUDGETS = 'setPartnerOrgBudget,listPartnerOrgBudgets,clearPartnerOrgBudget';
const ASSIGNMENTS = 'updateAgentSecrets,getAgentSecrets';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../src/report/report.schema.json'), 'utf8')));

const CASES = [
  {
    fault: 'budget-clear-kept',
    checkId: 'use-after-free',
    operationId: 'setPartnerOrgBudget',
    first: /^set partner budget/,
    last: /^(find partner budget in list|list partner budgets)/,
    title: 'Deleted resource still listed',
  },
  {
    fault: 'assignment-not-persisted',
    checkId: 'ensure-resource-availability',
    operationId: 'updateAgentSecrets',
    first: /^assign agent secret/,
    last: /^(find agent secret in list|list agent secrets)/,
    title: 'Created resource not listed',
  },
];

const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function run(faults: string[]) {
  const server = await startReferenceServer({ faults });
  servers.push(server);
  return runCli(['--include', `${BUDGETS},${ASSIGNMENTS}`, ...COMMON], { env: targetEnv(server) });
}

// The two faults touch different families (different operations), so one run carries both: two CLI runs in all.
const faulty = run(CASES.map((c) => c.fault));
const correct = run([]);

describe.concurrent('the stateful phase judges sub-resource families', () => {
  it('the faulty run fails, with a valid report, and only the sequences of the two families fail', async () => {
    const cli = await faulty;
    expect(cli.code, cli.stderr).toBe(1);
    const report = cli.report!;
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(new Set(report.findings.map((f) => f.phase))).toEqual(new Set(['stateful']));
    expect(new Set(report.findings.map((f) => f.operationId))).toEqual(new Set(CASES.map((c) => c.operationId)));
    expect(report.leftovers).toEqual([]);
  });

  it.each(CASES)('fault $fault is caught by $checkId on $operationId, with a minimal sequence', async ({ checkId, operationId, first, last, title }) => {
    const report = (await faulty).report!;
    const finding = report.findings.find((f) => f.checkId === checkId && f.operationId === operationId);
    expect(finding, JSON.stringify(report.findings.map((f) => [f.checkId, f.operationId, f.sequence]))).toBeDefined();
    expect(finding!.phase).toBe('stateful');
    expect(finding!.title).toBe(title);
    const sequence = finding!.sequence!;
    expect(sequence.length).toBeGreaterThanOrEqual(2);
    expect(sequence.length).toBeLessThanOrEqual(4);
    expect(sequence[0]).toMatch(first);
    expect(sequence.at(-1)).toMatch(last);
    expect(finding!.message).toContain(`Sequence: ${sequence.join(' → ')}.`);
    // the set's step records the resource it made (named by its request, not its answer), so that a replay
    // whose set is refused (the run's parents are gone) says the sequence cannot be rebuilt, not "fixed"
    const steps = (finding!.case as { steps?: Array<{ of: string; created?: string }> }).steps!;
    expect(steps[0]).toMatchObject({ of: 'create', created: expect.any(String) });
  });

  it.each([
    ['setPartnerOrgBudget', ['use-after-free', 'ensure-resource-availability', 'update-persisted', 'list-consistency']],
    ['updateAgentSecrets', ['use-after-free', 'ensure-resource-availability', 'list-consistency']],
  ])('the correct server passes the sequences on %s, each lifecycle check judging some answers', async (set, judged) => {
    const cli = await correct;
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.report!.findings).toEqual([]);
    expect(cli.report!.leftovers).toEqual([]);
    const operation = cli.report!.operations.find((o) => o.operationId === set)!;
    expect(operation.phases.stateful).toMatchObject({ cases: 6 });
    for (const check of judged) expect(operation.checks[check as string]!.passed, check as string).toBeGreaterThan(0);
  });
});
