import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';
import { expectCauseShown } from './_support/causes';

/**
 * The stateful phase catches each lifecycle fault: the CLI, run on the family's operations against the
 * reference server with the fault, exits 1 with a finding of the expected check on the family's create
 * operation, carrying the shrunk sequence of commands (at most 4) that ends in the failure; the same run
 * against the correct server exits 0.
 */
const COMMON = ['--examples', '10', '--seed', '424242'];
const AGENTS = 'createAgent,listAgents,renameAgent,deleteAgent';
const SECRETS = 'createSecret,listSecrets,updateSecret,deleteSecret';

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../src/report/report.schema.json'), 'utf8')));

const CASES = [
  { fault: 'delete-keeps-resource', checkId: 'use-after-free', operationId: 'createAgent', include: AGENTS, last: /^(find agent in list|list agents)/ },
  { fault: 'created-not-readable', checkId: 'ensure-resource-availability', operationId: 'createSecret', include: SECRETS, last: /^(update secret|find secret in list)/ },
  { fault: 'update-not-persisted', checkId: 'update-persisted', operationId: 'createAgent', include: AGENTS, last: /^find agent in list/ },
  { fault: 'list-omits-created', checkId: 'list-consistency', operationId: 'createAgent', include: AGENTS, last: /^list agents/ },
];

const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function run(faults: string[], include: string) {
  const server = await startReferenceServer({ faults });
  servers.push(server);
  return runCli(['--include', include, ...COMMON], { env: targetEnv(server) });
}

describe.concurrent('the stateful phase catches lifecycle faults', () => {
  it.each(CASES)('fault $fault is caught by $checkId on $operationId, with a minimal sequence', async ({ fault, checkId, operationId, include, last }) => {
    const cli = await run([fault], include);
    expect(cli.code, cli.stderr).toBe(1);
    const report = cli.report!;
    expect(report.verdict).toBe('does-not-conform');
    expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
    const finding = report.findings.find((f) => f.checkId === checkId && f.operationId === operationId);
    expect(finding, JSON.stringify(report.findings.map((f) => [f.checkId, f.operationId, f.sequence]))).toBeDefined();
    expect(finding!.phase).toBe('stateful');
    const sequence = finding!.sequence!;
    expect(sequence.length).toBeGreaterThanOrEqual(2);
    expect(sequence.length).toBeLessThanOrEqual(4);
    expect(sequence[0]).toMatch(/^create /);
    expect(sequence.at(-1)).toMatch(last);
    expect(finding!.message).toContain(`Sequence: ${sequence.join(' → ')}.`);
    expect(finding!.replay).toMatchObject({ phase: 'stateful', seed: expect.any(Number), path: expect.stringMatching(/^\d+(:\d+)*$/) });
    expectCauseShown(cli, checkId, operationId);
    if (fault === 'delete-keeps-resource') {
      // the cleanup's deletes are answered 204 too: listing the collection afterwards is what tells
      expect(report.leftovers.length).toBeGreaterThan(0);
      expect(report.leftovers[0]).toMatch(/^deleteAgent \/agents\/[^ ]+: deleted, but GET \/agents still lists it$/);
    } else {
      expect(report.leftovers).toEqual([]);
    }
  });

  it.each([AGENTS, SECRETS])('the correct server passes the run on %s', async (include) => {
    const cli = await run([], include);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.report!.findings).toEqual([]);
    const create = cli.report!.operations.find((o) => o.operationId === include.split(',')[0])!;
    expect(create.phases.stateful).toMatchObject({ cases: 10 });
    expect(create.checks['ensure-resource-availability']!.passed).toBeGreaterThan(0);
    expect(create.checks['list-consistency']!.passed).toBeGreaterThan(0);
  });
});
