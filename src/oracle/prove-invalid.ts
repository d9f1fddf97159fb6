import { wireToRequest } from '../../generators/requests/wire';
import type { SchemaCompiler } from '../contract/compile';
import type { JsonSchema, Operation, Parameter } from '../contract/types';
import type { WireRequest } from '../http/types';
import { routeOperation } from './route';

export type Proof =
  | { verdict: 'invalid'; reason: string }
  /** The bytes sent satisfy the contract after all: rejection cannot be demanded. */
  | { verdict: 'inconclusive'; reason: string };

/**
 * The negative oracle. It reads the exact request that was sent back as a server would (route match,
 * path/query/header decoding, JSON parse) and validates it against the contract. Only a request that is
 * still invalid is proven; anything else is inconclusive, never a failure.
 */
export function proveInvalid(
  operation: Operation,
  operations: Operation[],
  wire: WireRequest,
  compiler: SchemaCompiler,
): Proof {
  const rawPath = wire.path.split('?')[0]!;
  const routed = routeOperation(operations, wire.method, rawPath);
  if (routed !== operation) {
    return { verdict: 'inconclusive', reason: `the path routes to ${routed?.operationId ?? 'no documented operation'}` };
  }
  const parsed = wireToRequest(operation, wire);
  for (const { param, raw } of sentParameters(operation, parsed)) {
    if (raw === undefined) {
      if (param.required) return { verdict: 'invalid', reason: `required ${param.in} parameter ${param.name} is missing` };
      continue;
    }
    if (!someReadingValid(param.schema, raw, compiler)) {
      return { verdict: 'invalid', reason: `${param.in} parameter ${param.name}=${JSON.stringify(raw)} does not satisfy its schema` };
    }
  }
  const body = operation.requestBody;
  if (body) {
    if (!parsed.body.present) {
      return body.required
        ? { verdict: 'invalid', reason: 'the required request body is missing' }
        : { verdict: 'inconclusive', reason: 'no body was sent and the body is optional' };
    }
    if (!parsed.body.json) {
      return body.contentType.includes('json')
        ? { verdict: 'invalid', reason: `the body is not JSON although the contract requires ${body.contentType}` }
        : { verdict: 'inconclusive', reason: 'non-JSON body for a non-JSON media type' };
    }
    const verdict = compiler.validate(body.schema, parsed.body.value);
    if (!verdict.valid) {
      const e = verdict.errors[0]!;
      return { verdict: 'invalid', reason: `body${e.instancePath || ''} ${e.message ?? 'is invalid'} (${e.keyword})` };
    }
  }
  return { verdict: 'inconclusive', reason: 'the request as sent satisfies the contract' };
}

/** Each documented parameter with the raw value the request as read carries for it (undefined: absent). */
function sentParameters(
  operation: Operation,
  parsed: ReturnType<typeof wireToRequest>,
): Array<{ param: Parameter; raw: string | string[] | undefined }> {
  const sources: Record<Parameter['in'], Record<string, string | string[]>> = {
    path: parsed.pathParams ?? {},
    query: parsed.query,
    header: parsed.headers,
  };
  return operation.parameters.map((param) => ({ param, raw: sources[param.in][param.in === 'header' ? param.name.toLowerCase() : param.name] }));
}

/**
 * Everything a request as sent breaks, read as proveInvalid reads it (route aside): one entry per broken
 * parameter (`query limit`), `body` for a required body missing or a body that is not JSON, and one per schema
 * error of the body (`body/name maxLength`). Where proveInvalid stops at the first, this lists them all, so
 * that a simplified request can be held to breaking the same things.
 */
export function breakages(operation: Operation, wire: WireRequest, compiler: SchemaCompiler): Set<string> {
  const parsed = wireToRequest(operation, wire);
  const out = new Set<string>();
  for (const { param, raw } of sentParameters(operation, parsed)) {
    if (raw === undefined ? param.required : !someReadingValid(param.schema, raw, compiler)) out.add(`${param.in} ${param.name}`);
  }
  const body = operation.requestBody;
  if (body && parsed.body.present && parsed.body.json) {
    for (const e of compiler.validate(body.schema, parsed.body.value).errors) out.add(`body${e.instancePath} ${e.keyword}`);
  } else if (body && (parsed.body.present || body.required)) out.add('body');
  return out;
}

/**
 * Whether any reading a server could reasonably make of a wire string satisfies the schema:
 * the string itself, or its JSON reading (`1` → 1, `true` → true, `null` → null).
 */
function someReadingValid(schema: JsonSchema, raw: string | string[], compiler: SchemaCompiler): boolean {
  return wireReadings(raw).some((r) => compiler.validate(schema, r).valid);
}

/** The readings a server could make of a parameter's wire string (see someReadingValid). */
export function wireReadings(raw: string | string[]): unknown[] {
  const readings: unknown[] = [raw];
  if (typeof raw === 'string') {
    try {
      readings.push(JSON.parse(raw));
    } catch {
      // only the string reading
    }
    readings.push([raw], raw.split(','));
  }
  return readings;
}
