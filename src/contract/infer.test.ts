import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { readFacts, renderYaml, stripContract } from '../../scripts/strip-contract';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parseCli } from '../cli/args';
import { planOutput } from '../cli/plan';
import { buildReport } from '../report/build-report';
import { loadContract } from './load';
import type { Operation } from './types';

const dir = mkdtempSync(join(tmpdir(), 'infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const strippedFile = join(dir, 'onecli-openapi.yml');
const { document } = stripContract(parse(readFileSync('openapi.yaml', 'utf8')), readFacts());
writeFileSync(strippedFile, renderYaml(document, 'openapi.yaml'));

const bundled = await loadContract('openapi.yaml');
const stripped = await loadContract(strippedFile, { generalErrors: true });
const strippedBare = await loadContract(strippedFile, { generalErrors: false });

const hints = (op: Operation) => ({
  keyKinds: [...op.keyKinds].sort(),
  projectContext: op.projectContext,
  role: op.role,
  availability: op.availability,
});

/**
 * The operations whose inferred hints differ from the bundled contract's extensions, and why: the published
 * document does not say what the research facts do.
 * - updateProject: "(admin)" in its summary gives org-admin; the facts say any authenticated user may rename.
 * - authorizeApp, connectApp: project context optional in the facts; the document gives them the same
 *   optional X-Project-Id header as the 52 operations that require it, so 'required' is taken.
 * - deletePartnerOrg, reissuePartnerClaimLink, rotatePartnerOrgTokens: any partner member in the facts; they
 *   document a 403 (the partner's organization check), which the role rule reads as admin-only. The rule
 *   gets the five partner-admin operations (budgets, members) right, which also document only a 403.
 */
const EXPECTED_MISMATCHES = [
  'updateProject',
  'authorizeApp',
  'connectApp',
  'deletePartnerOrg',
  'reissuePartnerClaimLink',
  'rotatePartnerOrgTokens',
];

describe('contract inference (x-onecli extensions as hints)', () => {
  it('leaves the bundled contract exactly as it was: no hint inferred, no error assumed, operations unchanged', () => {
    expect(bundled.operations).toHaveLength(116);
    // sha256 of JSON.stringify(operations) of the bundled contract before inference existed (commit 0dc6268);
    // it changes only when openapi.yaml does.
    const digest = createHash('sha256').update(JSON.stringify(bundled.operations)).digest('hex');
    expect(digest).toBe('60fda6ce42af17d592c9b17964f60259626745bbf1c40519f10eeaef7e98ee80');
    const { servedBy, ...others } = Object.fromEntries(
      (['keyKinds', 'projectContext', 'role', 'availability', 'servedBy'] as const).map((h) => [
        h,
        Object.values(bundled.inference!.hints).filter((x) => x[h]).length,
      ]),
    );
    expect(others).toEqual({ keyKinds: 0, projectContext: 0, role: 0, availability: 0 });
    expect(servedBy).toBe(0);
    expect(bundled.inference!.assumed).toEqual({});
    expect(bundled.operations.flatMap((op) => Object.values(op.responses)).filter((r) => r.assumed)).toEqual([]);
  });

  const mismatched = bundled.operations
    .filter((op) => {
      const other = stripped.operations.find((o) => o.operationId === op.operationId)!;
      return JSON.stringify(hints(op)) !== JSON.stringify(hints(other));
    })
    .map((op) => op.operationId);

  it(`infers key kinds, project context, role and availability as the extensions say on ${116 - mismatched.length} of 116 operations (differ: ${mismatched.join(', ')})`, () => {
    expect(stripped.operations.map((op) => op.operationId)).toEqual(bundled.operations.map((op) => op.operationId));
    expect(116 - mismatched.length).toBeGreaterThanOrEqual(110);
    expect(mismatched).toEqual(EXPECTED_MISMATCHES);
    // Every hint of every operation was inferred (the stripped document has no extension).
    expect(Object.keys(stripped.inference!.hints)).toHaveLength(116);
    expect(stripped.operations.every((op) => op.servedBy === 'api')).toBe(true);
  });

  it('records the defaults taken where the document is ambiguous', () => {
    const assumed = (h: string) =>
      Object.entries(stripped.inference!.hints).filter(([, x]) => (x as any)[h]?.assumed).map(([id]) => id);
    expect(assumed('projectContext')).toHaveLength(54); // the optional X-Project-Id header
    expect(assumed('role')).toContain('listProjects');
    expect(assumed('role')).toContain('listPartnerOrgs');
    expect(assumed('availability')).toContain('listAgents');
    expect(assumed('availability')).not.toContain('listProjects');
    expect(assumed('servedBy')).toHaveLength(116);
  });

  it("adds the docs' general errors where the stripped document lists none, marked assumed, and not when switched off", () => {
    const op = (c: typeof stripped, id: string) => c.operations.find((o) => o.operationId === id)!;
    const deleteAgent = op(stripped, 'deleteAgent');
    expect(Object.keys(op(strippedBare, 'deleteAgent').responses)).not.toContain('401');
    expect(deleteAgent.responses['401']).toMatchObject({ assumed: true, errorShape: 'envelope' });
    expect(deleteAgent.responses['404']).toBeDefined();
    expect(deleteAgent.responses['500']).toMatchObject({ assumed: true, errorShape: 'envelope' });
    expect(op(stripped, 'createOrgSecret').responses['400']?.assumed).toBeUndefined(); // documented
    expect(op(stripped, 'getOrgSettings').responses['403']).toMatchObject({ assumed: true });
    expect(op(stripped, 'getHealth').responses['401']).toBeUndefined();
    expect(op(stripped, 'getHealth').responses['500']).toMatchObject({ assumed: true });
    expect(Object.keys(stripped.inference!.assumed)).toHaveLength(116);
    expect(strippedBare.inference!.assumed).toEqual({});
    expect(strippedBare.operations.flatMap((o) => Object.values(o.responses)).filter((r) => r.assumed)).toEqual([]);
    // With the general errors, the statuses the bundled contract lists are there again, but where the
    // inferred role or the 400 rule differs from the facts.
    const missing = bundled.operations.flatMap((b) =>
      Object.keys(b.responses)
        .filter((s) => !op(stripped, b.operationId).responses[s])
        .map((s) => `${b.operationId} ${s}`),
    );
    expect(missing).toEqual([]);
  });

  it('--no-general-errors (or ONECLI_CONFORMANCE_NO_GENERAL_ERRORS=1) switches the general errors off for the loader', async () => {
    const before = process.env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS;
    try {
      delete process.env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS;
      expect(parseCli([], {}, []).noGeneralErrors).toBe(false);
      expect(parseCli([], { ONECLI_CONFORMANCE_NO_GENERAL_ERRORS: '1' }, []).noGeneralErrors).toBe(true);
      delete process.env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS;
      expect(parseCli(['--no-general-errors'], {}, []).noGeneralErrors).toBe(true);
      expect(process.env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS).toBe('1');
      expect((await loadContract(strippedFile)).inference!.assumed).toEqual({});
    } finally {
      if (before === undefined) delete process.env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS;
      else process.env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS = before;
    }
  });

  it('report.contract records what was inferred and assumed, and validates against report.schema.json', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync('src/report/report.schema.json', 'utf8')));
    const report = (contract: typeof stripped) =>
      JSON.parse(
        JSON.stringify(
          buildReport(
            {
              tool: { name: 'onecli-conformance', version: '0.0.0' },
              contract,
              target: { baseUrl: 'http://127.0.0.1/v1', embedded: true },
              options: { seed: 1, examples: 1, edition: 'cloud', include: [], exclude: [], strict: false },
              startedAt: new Date(0),
              finishedAt: new Date(1),
            },
            [],
            { leftovers: [], errors: [] },
          ),
        ),
      );
    const full = report(stripped);
    expect(validate(full), JSON.stringify(validate.errors)).toBe(true);
    expect(full.contract.inferred.role.operations).toBe(116);
    expect(full.contract.inferred.projectContext.defaults).toEqual([{ assumed: expect.stringContaining('X-Project-Id'), operations: 54 }]);
    expect(full.contract.assumed.enabled).toBe(true);
    expect(full.contract.assumed.rules.map((r: any) => r.status)).toEqual(['400', '401', '403', '404', '500']);
    const bare = report(strippedBare);
    expect(bare.contract.assumed).toEqual({ enabled: false, rules: [] });
    const own = report(bundled);
    expect(validate(own)).toBe(true);
    expect(own.contract.inferred.role).toEqual({ operations: 0, defaults: [] });
    expect(own.contract.assumed).toEqual({ enabled: true, rules: [] });
  });

  it('--plan prints the inferred credentials, role and editions, marked (inferred); none for the bundled contract', () => {
    const options = parseCli([], {}, []);
    const text = planOutput(stripped, options);
    const block = text.slice(text.indexOf('\nlistProjects '), text.indexOf('\ncreateProject '));
    expect(block).toContain('  credentials: project key or organization key (inferred)');
    expect(block).toContain('  role: authenticated (inferred)');
    expect(block).toContain('  editions: cloud (inferred)');
    expect(text).toContain('  credentials: project key or organization key, X-Project-Id required with an organization key (inferred)');
    expect(planOutput(bundled, options)).not.toContain('(inferred)');
  });

  it('loads a contract from an http URL, hashing the bytes fetched', async () => {
    const bytes = readFileSync(strippedFile);
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/yaml' }).end(bytes));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/openapi.yml`;
      const remote = await loadContract(url);
      expect(remote.path).toBe(url);
      expect(remote.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(remote.operations).toHaveLength(116);
    } finally {
      server.close();
    }
  });
});
