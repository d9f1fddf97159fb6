import fc from 'fast-check';
import type { JsonSchema, Operation, Parameter } from '../../src/contract/types';
import { wireReadings } from '../../src/oracle/prove-invalid';
import { invalidValue, validValue } from '../index';
import type { RequestBody, RequestCase, RequestMutation } from './types';

/** Headers the runner sets from the credentials; never generated. */
const MANAGED_HEADERS = new Set(['authorization', 'x-project-id', 'content-type']);

export interface OperationRequestConstraints {
  /** Validator of a schema compiled from the contract (the same Ajv the checks use). */
  validate: (schema: JsonSchema, value: unknown) => boolean;
}

/** Requests that satisfy the contract for `operation`. */
export function validRequest(operation: Operation): fc.Arbitrary<RequestCase> {
  const pathParams = paramsRecord(operation.parameters.filter((p) => p.in === 'path'));
  const query = paramsRecord(operation.parameters.filter((p) => p.in === 'query'));
  const headers = paramsRecord(generatedHeaders(operation));
  const body: fc.Arbitrary<RequestBody | undefined> = operation.requestBody
    ? validValue(operation.requestBody.schema).map((value): RequestBody => ({ kind: 'json', value }))
    : fc.constant(undefined);
  return fc
    .record({ pathParams, query, headers, body })
    .map(({ body: b, ...parts }) => ({ operationId: operation.operationId, kind: 'valid' as const, ...parts, ...(b ? { body: b } : {}) }));
}

/**
 * Requests that break the contract for `operation`, each with the mutation that broke it.
 * Null when nothing about the operation can be broken (no body, no constrained parameter).
 * Invalidity of the value is proven here against the schema; the bytes actually sent are proven
 * again by the negative oracle before rejection is demanded.
 */
export function invalidRequest(operation: Operation, constraints: OperationRequestConstraints): fc.Arbitrary<RequestCase> | null {
  const valid = validRequest(operation);
  const variants: Array<fc.Arbitrary<RequestCase>> = [];
  const body = operation.requestBody;
  if (body) {
    const broken = invalidValue(body.schema, { validate: (v) => constraints.validate(body.schema, v) });
    if (broken) {
      variants.push(
        fc.tuple(valid, broken).map(([c, inv]) =>
          mutated(c, { ...inv, location: 'body' }, { body: { kind: 'json', value: inv.value } }),
        ),
      );
    }
    if (body.contentType.includes('json')) {
      const garbage = fc.constantFrom('{', 'not json', '{"a":', '[1,2', '\u0000');
      variants.push(
        fc.tuple(valid, garbage).map(([c, text]) =>
          mutated(c, { value: text, mutation: 'malformed-json', pointer: '', keyword: 'contentMediaType', location: 'body' }, {
            body: { kind: 'raw', text, label: 'malformed JSON' },
          }),
        ),
      );
    }
    if (body.required) {
      variants.push(
        valid.map((c) =>
          mutated(c, { value: undefined, mutation: 'body-missing', pointer: '', keyword: 'required', location: 'body' }, {
            body: { kind: 'absent' },
          }),
        ),
      );
    }
  }
  for (const param of operation.parameters) {
    if (param.in === 'path' || MANAGED_HEADERS.has(param.name.toLowerCase())) continue;
    const where = param.in === 'query' ? 'query' : 'headers';
    const broken = paramBreakage(param, constraints);
    if (broken) {
      variants.push(
        fc.tuple(valid, broken).map(([c, inv]) =>
          mutated(c, { ...inv, location: param.in as 'query' | 'header', name: param.name }, {
            [where]: { ...c[where], [param.name]: inv.value },
          }),
        ),
      );
    }
    if (param.required) {
      variants.push(
        valid.map((c) => {
          const { [param.name]: _dropped, ...rest } = c[where];
          return mutated(c, { value: undefined, mutation: 'required-missing', pointer: '', keyword: 'required', location: param.in as 'query' | 'header', name: param.name }, { [where]: rest });
        }),
      );
    }
  }
  return variants.length ? fc.oneof(...variants) : null;
}

/** Tries per parameter to find an invalid value that stays invalid once it is a string on the wire. */
const WIRE_PROBES = 64;

/**
 * Invalid values of a query or header parameter that are still invalid as the string a server receives,
 * under every reading the oracle allows (`1` may be read as 1, `a,b` as a list). A number given to a
 * plain string parameter is a valid string on the wire: generating it would only ever be inconclusive.
 * Null when no such value turns up in WIRE_PROBES samples (nothing about the parameter can be broken).
 */
function paramBreakage(param: Parameter, constraints: OperationRequestConstraints): fc.Arbitrary<InvalidOf> | null {
  const broken = invalidValue(param.schema, { validate: (v) => constraints.validate(param.schema, v) });
  if (!broken) return null;
  const onWire = (inv: InvalidOf) =>
    inv.value !== null &&
    typeof inv.value !== 'object' &&
    !wireReadings(String(inv.value)).some((reading) => constraints.validate(param.schema, reading));
  if (!fc.sample(broken, { seed: 1, numRuns: WIRE_PROBES }).some(onWire)) return null;
  return broken.filter(onWire);
}

type InvalidOf = NonNullable<ReturnType<typeof invalidValue>> extends fc.Arbitrary<infer T> ? T : never;

function mutated(c: RequestCase, mutation: RequestMutation, patch: Partial<RequestCase>): RequestCase {
  return { ...c, ...patch, kind: 'invalid', mutation };
}

function generatedHeaders(operation: Operation): Parameter[] {
  return operation.parameters.filter((p) => p.in === 'header' && !MANAGED_HEADERS.has(p.name.toLowerCase()));
}

/**
 * A record arbitrary for parameters: required ones always, optional ones sometimes.
 * Path values are never empty, `.` or `..` (a URL parser would route them elsewhere).
 */
function paramsRecord(params: Parameter[]): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const p of params) {
    let arb = validValue(p.schema).filter((v) => v !== null && typeof v !== 'object');
    if (p.in === 'path') arb = arb.filter((v) => String(v) !== '' && String(v) !== '.' && String(v) !== '..');
    model[p.name] = arb;
    if (p.required) required.push(p.name);
  }
  return fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
}
