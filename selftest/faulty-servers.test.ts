import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import { runCli, targetEnv } from './_support/run-cli';
import { expectCauseShown } from './_support/causes';

/**
 * The suite must catch each deliberate fault of the reference server: exit 1, and a finding of the right
 * check on the right operation. The correct server must conform (exit 0).
 */
const SLICE = ['--include', 'Agents,getHealth', '--examples', '10', '--seed', '424242'];

const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateReport = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '../src/report/report.schema.json'), 'utf8')));

/** Every file the run wrote, as text: reports must never carry the keys the run used. */
function writtenText(reportDir: string): string {
  return readdirSync(reportDir).map((f) => readFileSync(join(reportDir, f), 'utf8')).join('\n');
}

async function runAgainst(faults: string[]) {
  const server = await startReferenceServer({ faults });
  servers.push(server);
  const run = await runCli(SLICE, { env: targetEnv(server) });
  return { run, server };
}

describe('faulty reference servers', () => {
  it('the correct server conforms: exit 0, no findings', async () => {
    const { run } = await runAgainst([]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.report!.verdict).toBe('conforms');
    expect(run.report!.findings).toEqual([]);
    expect(validateReport(run.report), JSON.stringify(validateReport.errors)).toBe(true);
    expect(readdirSync(run.reportDir).sort()).toEqual(['coverage.txt', 'junit.xml', 'report.html', 'report.json', 'summary.md']);
    // An external target: the default agent is state the run did not create, so it is read first, set, and
    // put back (and read back) at the end.
    expect(run.report!.summary.operations.exercised).toBe(14);
    expect(run.report!.operations.find((o) => o.operationId === 'setDefaultAgent')).toMatchObject({
      status: 'exercised',
      reached2xx: true,
    });
    expect(run.report!.leftovers).toEqual([]);
  });

  it.each([
    ['auth-401-flat', 'error-shape', 'listAgents', 'auth'],
    ['validation-400-envelope', 'error-shape', 'createAgent', 'negative'],
    ['accepts-invalid-body', 'negative-data-rejection', 'createAgent', 'negative'],
    ['wrong-property-type', 'response-schema-conformance', 'listAgents', 'positive'],
    ['undocumented-status', 'status-code-conformance', 'getDefaultAgent', 'positive'],
    ['500-on-long-names', 'not-a-server-error', 'createAgent', 'coverage'],
  ])('fault %s is caught by %s on %s', async (fault, checkId, operationId, phase) => {
    const { run, server } = await runAgainst([fault]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.report!.verdict).toBe('does-not-conform');
    expect(run.report!.findings).toContainEqual(expect.objectContaining({ checkId, operationId, phase }));
    expectCauseShown(run, checkId, operationId);
    // each fault is one departure: one cause, however many operations and requests show it
    expect(run.report!.causes.map((c) => `${c.checkId} ${c.key}`)).toHaveLength(1);
    expect(validateReport(run.report), JSON.stringify(validateReport.errors)).toBe(true);
    // Evidence never carries the keys it was sent with: not in any file the run wrote, not on the terminal.
    const text = writtenText(run.reportDir) + run.stdout + run.stderr;
    for (const key of [server.keys.projectKey, server.keys.orgKey, server.keys.partnerKey]) expect(text).not.toContain(key);
  });
});
