import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContract } from '../src/contract/load';
import { DEFAULT_FACTS_DIR, readFacts, renderYaml, stripContract } from './strip-contract';

const facts = readFacts();
const factById = new Map(facts.map((f) => [f.operationId, f]));
const input = parse(readFileSync('openapi.yaml', 'utf8'));
const inputCopy = structuredClone(input);
const { document, summary } = stripContract(input, facts);

const dir = mkdtempSync(join(tmpdir(), 'strip-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const strippedFile = join(dir, 'onecli-openapi.yml');
writeFileSync(strippedFile, renderYaml(document, 'openapi.yaml'));
const contract = await loadContract(strippedFile);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = (doc: any): any[] =>
  Object.values<any>(doc.paths).flatMap((item) => METHODS.map((m) => item[m]).filter(Boolean));

/** Every key starting with `x-`, at any depth, as a path. */
function extensionKeys(node: unknown, at = '#'): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => extensionKeys(v, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [...(k.startsWith('x-') ? [`${at}/${k}`] : []), ...extensionKeys(v, `${at}/${k}`)]);
}

/** A copy without any `x-` key, for comparing what the stripper must keep. */
function naiveStrip(node: any): any {
  if (Array.isArray(node)) return node.map(naiveStrip);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => !k.startsWith('x-')).map(([k, v]) => [k, naiveStrip(v)]));
}

const errorStatuses = (responses: Record<string, unknown>) =>
  Object.keys(responses)
    .filter((s) => /^[45]/.test(s))
    .sort();

describe('strip-contract', () => {
  it('leaves no x- key anywhere, and does not change its input', () => {
    expect(extensionKeys(input).length).toBeGreaterThan(0);
    expect(extensionKeys(document)).toEqual([]);
    expect(input).toEqual(inputCopy);
  });

  it('gives a document that loads with loadContract and validates as OpenAPI 3.1', async () => {
    expect(contract.document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(strippedFile)).resolves.toBeDefined();
  });

  it('keeps all 116 operations in 24 tags, with their summaries and success responses', () => {
    expect(summary.operations).toBe(116);
    expect(contract.operations).toHaveLength(116);
    expect(document.tags).toHaveLength(24);
    const before = new Map(operations(input).map((op) => [op.operationId, op]));
    for (const op of operations(document)) {
      const old = before.get(op.operationId);
      expect(op.summary, op.operationId).toBe(old.summary);
      expect(op.parameters, op.operationId).toEqual(naiveStrip(old.parameters));
      expect(op.requestBody, op.operationId).toEqual(naiveStrip(old.requestBody));
      for (const status of Object.keys(old.responses).filter((s) => /^[123]/.test(s))) {
        expect(op.responses[status], `${op.operationId} ${status}`).toEqual(naiveStrip(old.responses[status]));
      }
    }
  });

  it('documents 401 on exactly the 4 operations OneCLI documents it on', () => {
    // Not counting the general errors loadContract assumes where a document lists none (marked `assumed`).
    const with401 = contract.operations.filter((o) => o.responses['401'] && !o.responses['401'].assumed).map((o) => o.operationId);
    expect(with401.sort()).toEqual(['getAppPermissions', 'listAgents', 'listPendingApprovals', 'provisionUser']);
  });

  it("gives every operation exactly the error statuses the facts mark documented", () => {
    for (const op of operations(document)) {
      const documented = Object.entries(factById.get(op.operationId)!.responses)
        .filter(([, r]) => r.documented === true)
        .map(([s]) => s);
      expect(errorStatuses(op.responses), op.operationId).toEqual(errorStatuses(Object.fromEntries(documented.map((s) => [s, 1]))));
    }
    expect(summary.removedErrors['500']).toBe(116);
  });

  it('drops the shared error responses nobody references any more, and keeps the rest', () => {
    expect(summary.removedComponents).toEqual([
      'responses/Forbidden',
      'responses/InternalError',
      'responses/NotFound',
      'responses/Unauthorized',
    ]);
    expect(Object.keys(document.components.responses)).toEqual(['BadRequest']);
    expect(Object.keys(document.components.schemas)).toEqual(Object.keys(input.components.schemas));
  });

  it('secures every operation with bearerAuth except the public getHealth', () => {
    expect(document.security).toEqual([{ bearerAuth: [] }]);
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const open = operations(document).filter((op) => op.security !== undefined);
    expect(open.map((op) => [op.operationId, op.security])).toEqual([['getHealth', []]]);
  });

  it('rewrites the info description without mentioning extensions', () => {
    expect(document.info.description).not.toMatch(/\bx-[a-z]/);
    expect(document.info.description).not.toMatch(/extension|onecli-conformance|build-contract/i);
    expect(document.info.title).toBe(input.info.title);
  });

  it("carries the reference's edition and role texts the facts quote, and no other", () => {
    const described = Object.fromEntries(document.tags.filter((t: any) => t.description).map((t: any) => [t.name, t.description]));
    const enterprise = 'OneCLI Cloud and self-hosted Enterprise only.';
    expect(described).toEqual({
      Projects: 'Cloud only.',
      Team: 'Cloud only.',
      'Organization Settings': enterprise,
      'Organization Secrets': enterprise,
      'Organization Rules': enterprise,
      'Organization Connections': enterprise,
      'Organization App Config': enterprise,
      'Organization Approvals': enterprise,
    });
    const withDescription = operations(document).filter((op) => op.description);
    expect(withDescription.map((op) => [op.operationId, op.description])).toEqual([
      ['getAppPermissions', 'Readable by all members.'],
      ['listInheritedPartnerSecrets', 'Readable by all members.'],
    ]);
  });

  it('strips an extension it has never seen, wherever it is, and keeps names and values that only look like one', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '1', 'x-new': 1 },
      'x-top': true,
      paths: {
        'x-paths-ext': {},
        '/a': {
          get: {
            operationId: 'getHealth',
            'x-onecli-something-new': { deep: { 'x-deeper': 1 } },
            responses: {
              'x-responses-ext': 1,
              '200': {
                description: 'OK',
                headers: { 'x-request-id': { schema: { type: 'string' } } },
                content: {
                  'application/json': {
                    'x-media': 1,
                    schema: {
                      type: 'object',
                      'x-docs-nullable': true,
                      properties: { 'x-name': { type: 'string', 'x-inner': 1 } },
                      example: { 'x-name': 'kept' },
                    },
                  },
                },
              },
              '500': { description: 'Error' },
            },
          },
        },
      },
    };
    const fact = { operationId: 'getHealth', tag: 'Utility', auth: { schemes: [], roles: 'none (public)' }, availability: {}, responses: { '200': { documented: true } } };
    const { document: out } = stripContract(doc, [fact]);
    const schema = out.paths['/a'].get.responses['200'].content['application/json'].schema;
    const response = '#/paths//a/get/responses/200';
    expect(extensionKeys(out).sort()).toEqual(
      [
        `${response}/headers/x-request-id`,
        `${response}/content/application/json/schema/properties/x-name`,
        `${response}/content/application/json/schema/example/x-name`,
      ].sort(),
    );
    expect(schema.properties['x-name']).toEqual({ type: 'string' });
    expect(Object.keys(out.paths['/a'].get.responses)).toEqual(['200']);
  });

  it('guards build-contract.ts: whatever extension it writes today, the stripper removes', () => {
    const built = join(dir, 'built.yaml');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build-contract.ts', DEFAULT_FACTS_DIR, built], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const fresh = parse(readFileSync(built, 'utf8'));
    expect(extensionKeys(fresh).length).toBeGreaterThan(0);
    expect(extensionKeys(stripContract(fresh, facts).document)).toEqual([]);
  });

  it('runs as a command: IN OUT writes the file, IN alone prints it', () => {
    const out = join(dir, 'cli.yml');
    const toFile = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/strip-contract.ts', 'openapi.yaml', out], { encoding: 'utf8' });
    expect(toFile.status, toFile.stderr).toBe(0);
    expect(toFile.stderr).toMatch(/116 operations/);
    const written = readFileSync(out, 'utf8');
    expect(written).toBe(renderYaml(document, 'openapi.yaml'));
    const toStdout = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/strip-contract.ts'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    expect(toStdout.status, toStdout.stderr).toBe(0);
    expect(toStdout.stdout).toBe(written);
  });
});
