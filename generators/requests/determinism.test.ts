import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchemaCompiler } from '../../src/contract/compile';
import { loadContract } from '../../src/contract/load';
import { invalidRequest, validRequest } from './operation-request';
import { caseToWire } from './wire';

const contract = await loadContract('openapi.yaml');
const compiler = new SchemaCompiler(contract.document);
const validate = (schema: Parameters<SchemaCompiler['validate']>[0], value: unknown) => compiler.validate(schema, value).valid;
const auth = { authorization: 'Bearer oc_test' };

/** The bytes of the requests a seed gives for an operation: valid ones, then invalid ones. */
function wireOf(seed: number, operationId: string): string {
  const op = contract.operations.find((o) => o.operationId === operationId)!;
  const valid = fc.sample(validRequest(op), { seed, numRuns: 10 });
  const broken = invalidRequest(op, { validate });
  const invalid = broken ? fc.sample(broken, { seed, numRuns: 10 }) : [];
  return JSON.stringify([...valid, ...invalid].map((c) => caseToWire(op, c, auth)));
}

describe('--seed', () => {
  it('gives byte-identical generated requests for every operation of the contract', () => {
    for (const op of contract.operations) {
      expect(wireOf(1234, op.operationId), op.operationId).toBe(wireOf(1234, op.operationId));
    }
  });

  it('gives other requests with another seed', () => {
    const differing = contract.operations.filter((op) => wireOf(1, op.operationId) !== wireOf(2, op.operationId));
    // Operations with neither parameters nor body have a single possible request.
    expect(differing.length).toBeGreaterThan(60);
  });
});
