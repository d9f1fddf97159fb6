import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SchemaCompiler } from './compile';
import { loadContract } from './load';

/** The shared research facts the contract is written from (beside the repository, as in CI). */
const facts: Array<{ method: string; path: string; operationId: string; tag: string }> = JSON.parse(
  readFileSync(new URL('../../../shared/onecli-api/operations.json', import.meta.url), 'utf8'),
);
const contract = await loadContract('openapi.yaml');
const raw = (await import('yaml')).parse(readFileSync('openapi.yaml', 'utf8'));

const ENVELOPE = '#/components/schemas/ErrorEnvelope';
const FLAT = '#/components/schemas/ErrorFlat';

/** Each response of the undereferenced document, with $refs to components/responses followed once. */
function rawResponses(): Array<{ id: string; status: string; response: any }> {
  const out: Array<{ id: string; status: string; response: any }> = [];
  for (const item of Object.values<any>(raw.paths)) {
    for (const op of Object.values<any>(item)) {
      for (const [status, r] of Object.entries<any>(op.responses)) {
        const response = r.$ref ? raw.components.responses[r.$ref.split('/').pop()] : r;
        out.push({ id: op.operationId, status, response });
      }
    }
  }
  return out;
}

describe('openapi.yaml', () => {
  it('is OpenAPI 3.1.0 and carries a sha256 of its bytes', () => {
    expect(raw.openapi).toBe('3.1.0');
    expect(contract.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has all 116 documented operations in 24 tags', () => {
    expect(facts).toHaveLength(116);
    expect(contract.operations).toHaveLength(116);
    expect(new Set(contract.operations.map((o) => o.tag)).size).toBe(24);
    expect(raw.tags.map((t: any) => t.name)).toEqual([...new Set(facts.map((f) => f.tag))]);
  });

  it.each(facts.map((f) => [f.operationId, f] as const))('has %s with its method, path and tag', (_id, fact) => {
    const op = contract.operations.find((o) => o.operationId === fact.operationId);
    expect(op).toBeDefined();
    expect([op!.method, op!.path, op!.tag]).toEqual([fact.method, fact.path, fact.tag]);
  });

  it('lets every 400 be exactly the flat or the envelope shape, marked by-request', () => {
    const all = rawResponses().filter((r) => r.status === '400');
    expect(all.length).toBeGreaterThan(40);
    for (const { id, response } of all) {
      const refs = response.content['application/json'].schema.oneOf.map((s: any) => s.$ref);
      expect(refs, id).toEqual([FLAT, ENVELOPE]);
      expect(response['x-onecli-error-shape'], id).toBe('by-request');
    }
  });

  it('points every 401, 403, 404, 409 and 500 at the envelope', () => {
    const all = rawResponses().filter((r) => ['401', '403', '404', '409', '500'].includes(r.status));
    expect(all.length).toBeGreaterThan(116 * 2);
    for (const { id, status, response } of all) {
      expect(response.content['application/json'].schema.$ref, `${id} ${status}`).toBe(ENVELOPE);
      expect(response['x-onecli-error-shape'], `${id} ${status}`).toBe('envelope');
    }
  });

  it('documents 401 on every authenticated operation and 500 on every operation', () => {
    for (const op of contract.operations) {
      expect(op.responses['500'], op.operationId).toBeDefined();
      if (op.authenticated) expect(op.responses['401'], op.operationId).toBeDefined();
    }
    expect(contract.operations.filter((o) => !o.authenticated).map((o) => o.operationId)).toEqual(['getHealth']);
  });

  it('documents 403 on every admin-only operation', () => {
    const gated = contract.operations.filter((o) => o.role === 'org-admin' || o.role === 'partner-admin');
    expect(gated.length).toBeGreaterThanOrEqual(37);
    for (const op of gated) expect(op.responses['403'], op.operationId).toBeDefined();
  });

  it('uses no OpenAPI 3.0 nullable keyword (3.1 type unions instead)', () => {
    expect(readFileSync('openapi.yaml', 'utf8')).not.toMatch(/^\s*nullable:/m);
  });

  it('compiles every schema with Ajv in strict mode', () => {
    const compiler = new SchemaCompiler(contract.document);
    let compiled = 0;
    for (const op of contract.operations) {
      const schemas = [
        ...op.parameters.map((p) => p.schema),
        ...(op.requestBody ? [op.requestBody.schema] : []),
        ...Object.values(op.responses).flatMap((r) => (r.schema ? [r.schema] : [])),
      ];
      for (const schema of schemas) {
        expect(() => compiler.compile(schema)).not.toThrow();
        compiled++;
      }
    }
    expect(compiled).toBeGreaterThan(500);
  });

  it('documents only examples that satisfy their own schema (the examples phase sends them as valid requests)', () => {
    const compiler = new SchemaCompiler(contract.document);
    const wrong: string[] = [];
    let checked = 0;
    const walk = (schema: unknown, where: string): void => {
      if (schema === null || typeof schema !== 'object') return;
      const s = schema as Record<string, unknown>;
      const examples = [...(s.example !== undefined ? [s.example] : []), ...(Array.isArray(s.examples) ? s.examples : [])];
      for (const example of examples) {
        checked++;
        if (!compiler.validate(s, example).valid) wrong.push(`${where}: ${JSON.stringify(example)}`);
      }
      for (const [key, value] of Object.entries(s)) {
        if (key === 'properties' || key === '$defs') {
          for (const [name, sub] of Object.entries(value as Record<string, unknown>)) walk(sub, `${where}.${name}`);
        } else if (Array.isArray(value)) value.forEach((sub, i) => walk(sub, `${where}.${key}[${i}]`));
        else if (key !== 'example' && key !== 'examples' && typeof value === 'object') walk(value, `${where}.${key}`);
      }
    };
    for (const op of contract.operations) {
      for (const p of op.parameters) walk(p.schema, `${op.operationId} ${p.in} ${p.name}`);
      if (op.requestBody) {
        walk(op.requestBody.schema, `${op.operationId} body`);
        for (const example of op.requestBody.examples ?? []) {
          checked++;
          if (!compiler.validate(op.requestBody.schema, example).valid) wrong.push(`${op.operationId} body example`);
        }
      }
      for (const [status, r] of Object.entries(op.responses)) walk(r.schema, `${op.operationId} ${status}`);
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it('carries role, project context and availability on every operation', () => {
    for (const op of contract.operations) {
      expect(op.role, op.operationId).toBeTruthy();
      expect(['required', 'optional', 'none']).toContain(op.projectContext);
      expect(Object.keys(op.availability).sort()).toEqual(['cloud', 'community', 'enterprise']);
    }
    const community = contract.operations.filter((o) => o.availability.community).length;
    expect(community).toBeGreaterThan(50);
    expect(community).toBeLessThan(116);
  });

  it('marks the approval operations, and only them, as served by the gateway', () => {
    const gateway = contract.operations.filter((o) => o.servedBy === 'gateway').map((o) => o.operationId);
    expect(gateway.sort()).toEqual(['listOrgPendingApprovals', 'listPendingApprovals', 'submitApprovalDecision']);
    expect(contract.operations.filter((o) => o.servedBy === 'api')).toHaveLength(113);
  });
});
