import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ROOT, runCommand } from './_support/run-cli';

/**
 * `onecli-conformance diff` on the bundled contract and an edited copy of it: exactly the edits are
 * reported, breaking ones fail (exit 1), the same contract is no change (exit 0), and a file that is not
 * OpenAPI is one line and exit 3.
 */
const BUNDLED = join(ROOT, 'openapi.yaml');
const dir = mkdtempSync(join(tmpdir(), 'occ-diff-'));

/** The bundled contract with three edits: one operation removed, a required request field, a response property retyped. */
const edited = join(dir, 'edited.yaml');
const doc = parse(readFileSync(BUNDLED, 'utf8'));
delete doc.paths['/agents/{agentId}'].delete;
const createAgentBody = doc.paths['/agents'].post.requestBody.content['application/json'].schema;
createAgentBody.properties.team = { type: 'string' };
createAgentBody.required.push('team');
doc.paths['/agents'].post.responses['201'].content['application/json'].schema.properties.createdAt.type = 'integer';
writeFileSync(edited, stringify(doc));

const EXPECTED = [
  'DELETE /agents/{agentId}: operation removed (breaking)',
  'POST /agents request body /team: required property added (breaking)',
  'POST /agents 201 /createdAt: type string → integer (breaking)',
];

describe.concurrent('onecli-conformance diff', () => {
  it('reports exactly the three edits, all breaking, and exits 1', async () => {
    const run = await runCommand(['diff', BUNDLED, edited]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n').filter((l) => l.trim());
    expect(lines).toEqual([...EXPECTED, '0 operations added, 1 removed, 1 changed; 3 breaking changes']);
  });

  it('a contract against itself: no change, exit 0', async () => {
    const run = await runCommand(['diff', BUNDLED, BUNDLED]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('0 operations added, 0 removed, 0 changed; 0 breaking changes');
  });

  it('--format md gives a table with the three changes', async () => {
    const run = await runCommand(['diff', BUNDLED, edited, '--format', 'md']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('| | Operation | Where | Change |');
    const rows = run.stdout.split('\n').filter((l) => l.startsWith('| **breaking**'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(/`DELETE \/agents\/\{agentId\}`.*operation removed/);
    expect(rows[1]).toMatch(/`POST \/agents`.*`request body \/team`.*required property added/);
    expect(rows[2]).toMatch(/`POST \/agents`.*`201 \/createdAt`.*type string → integer/);
    expect(run.stdout).toContain('**0 operations added, 1 removed, 1 changed; 3 breaking changes**');
  });

  it('--format json lists every change with its location', async () => {
    const run = await runCommand(['diff', BUNDLED, edited, '--format', 'json']);
    expect(run.code).toBe(1);
    const out = JSON.parse(run.stdout);
    expect(out.summary).toEqual({ added: 0, removed: 1, changed: 1, changes: 3, breaking: 3 });
    expect(out.operations.flatMap((o: any) => o.changes.map((c: any) => c.line))).toEqual(EXPECTED);
    expect(out.operations[1].changes[0].where).toEqual({ in: 'request-body', pointer: '/team' });
  });

  it('a file that is not OpenAPI: one line, exit 3', async () => {
    const notOpenApi = join(dir, 'not-openapi.yaml');
    writeFileSync(notOpenApi, 'name: not a contract\nitems: [1, 2]\n');
    const run = await runCommand(['diff', BUNDLED, notOpenApi]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^onecli-conformance diff: .*not-openapi\.yaml/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([[['diff', BUNDLED]], [['diff', BUNDLED, edited, '--bogus']], [['diff', BUNDLED, edited, '--format', 'html']]])(
    'usage errors %j exit 2 with one line',
    async (args) => {
      const run = await runCommand(args);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    },
  );

  it('--help describes it, and the top-level --help lists it', async () => {
    const own = await runCommand(['diff', '--help']);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('Usage: onecli-conformance diff OLD NEW');
    const top = await runCommand(['--help']);
    expect(top.stdout).toContain('onecli-conformance diff OLD NEW');
  });
});
