import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readFacts, renderYaml, stripContract } from '../scripts/strip-contract';
import { ROOT, runCli } from './_support/run-cli';

/**
 * The document as OneCLI publishes it (no x-onecli extensions, only the errors each operation documents;
 * scripts/strip-contract.ts makes it from ours): the engine infers what the extensions said, assumes the
 * docs' general errors, and the embedded server conforms; with --no-general-errors, what the document leaves
 * out is one cause per missing status.
 */
const dir = mkdtempSync(join(tmpdir(), 'published-'));
const published = join(dir, 'onecli-openapi.yml');
const { document } = stripContract(parse(readFileSync(join(ROOT, 'openapi.yaml'), 'utf8')), readFacts());
writeFileSync(published, renderYaml(document, 'openapi.yaml'));
const SLICE = ['--contract', published, '--include', 'Agents,Projects,Migration,Team,Organization Secrets,getHealth', '--examples', '5', '--seed', '1'];

describe('a contract as OneCLI publishes it', async () => {
  const [assumed, bare] = await Promise.all([runCli(SLICE), runCli([...SLICE, '--no-general-errors'])]);

  it('with the general errors assumed, the embedded server conforms and every operation of the slice reaches 2xx', () => {
    expect(assumed.code, assumed.stderr).toBe(0);
    expect(assumed.report!.summary.findings.error).toBe(0);
    const exercised = assumed.report!.operations.filter((o) => o.status === 'exercised');
    expect(exercised.length).toBeGreaterThan(20);
    expect(exercised.filter((o) => !o.reached2xx).map((o) => o.operationId)).toEqual([]);
    // what was inferred and assumed is recorded
    expect(assumed.report!.contract.inferred).toBeDefined();
    expect(assumed.report!.contract.assumed).toBeDefined();
  });

  it('with --no-general-errors, each status the document leaves out is one cause, whatever the number of operations', () => {
    expect(bare.code, bare.stderr).toBe(1);
    const errors = bare.report!.causes.filter((c) => c.severity === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const c of errors) expect(c.checkId).toBe('status-code-conformance');
    expect(new Set(errors.map((c) => c.key)).size).toBe(errors.length);
    expect(errors.find((c) => c.key === '401')!.operations.length).toBeGreaterThan(10);
  });
});
