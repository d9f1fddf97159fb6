import fc from 'fast-check';
import { Ajv2020 } from 'ajv/dist/2020';
import { describe, expect, test } from 'vitest';
import type { JsonSchema, Operation, Parameter } from '../../src/contract/types';
import { wireReadings } from '../../src/oracle/prove-invalid';
import { invalidRequest } from './operation-request';

const ajv = new Ajv2020({ strict: false });
const validate = (schema: JsonSchema, value: unknown) => ajv.validate(schema as object, value) as boolean;

function getWith(...parameters: Parameter[]): Operation {
  return {
    operationId: 'listThings',
    method: 'GET',
    path: '/things',
    tag: 'Things',
    summary: '',
    parameters,
    responses: {},
    authenticated: true,
    role: 'project-member',
    projectContext: 'none',
    keyKinds: ['project'],
    availability: { cloud: true, enterprise: true, community: true },
    servedBy: 'api',
  };
}

describe('invalidRequest: parameters are broken only where the wire string stays invalid', () => {
  test('an optional plain string query parameter cannot be broken: no invalid request', () => {
    const op = getWith({ name: 'provider', in: 'query', required: false, schema: { type: 'string' } });
    expect(invalidRequest(op, { validate })).toBeNull();
  });

  test('a required plain string parameter can still be left out', () => {
    const op = getWith({ name: 'provider', in: 'query', required: true, schema: { type: 'string' } });
    const cases = fc.sample(invalidRequest(op, { validate })!, { seed: 3, numRuns: 30 });
    expect(new Set(cases.map((c) => c.mutation!.mutation))).toEqual(new Set(['required-missing']));
  });

  test('an integer parameter is broken with values no reading of the sent string satisfies', () => {
    const schema = { type: 'integer', minimum: 1, maximum: 100 };
    const op = getWith({ name: 'limit', in: 'query', required: false, schema });
    const cases = fc.sample(invalidRequest(op, { validate })!, { seed: 7, numRuns: 200 });
    expect(cases.length).toBe(200);
    for (const c of cases) {
      const sent = String(c.query.limit);
      expect(wireReadings(sent).some((reading) => validate(schema, reading)), `limit=${sent}`).toBe(false);
    }
  });
});
