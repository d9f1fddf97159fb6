/** Hand-built check contexts over the bundled contract, for the checks' unit tests. */
import { SchemaCompiler } from '../../contract/compile';
import { loadContract } from '../../contract/load';
import type { Operation } from '../../contract/types';
import type { WireRequest, WireResponse } from '../../http/types';
import type { CaseInfo, Check, CheckContext, CheckOutcome } from '../types';

const contract = await loadContract('openapi.yaml');
const compiler = new SchemaCompiler(contract.document);

export function operation(operationId: string): Operation {
  const found = contract.operations.find((o) => o.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in openapi.yaml`);
  return found;
}

export interface ContextOptions {
  status: number;
  /** Response headers (lower-case); a JSON body gets `application/json; charset=utf-8` unless given. */
  headers?: Record<string, string>;
  /** A JSON body (serialized), or a raw text body; absent for none. */
  json?: unknown;
  text?: string;
  durationMs?: number;
  case?: CaseInfo;
  request?: Partial<WireRequest>;
  maxResponseTimeMs?: number;
}

/** A context for one exchange of `operationId`, answered as described. */
export function contextFor(operationId: string, o: ContextOptions): CheckContext {
  const op = operation(operationId);
  const bodyText = o.json !== undefined ? JSON.stringify(o.json) : (o.text ?? '');
  let json: unknown;
  let isJson = false;
  try {
    json = bodyText ? JSON.parse(bodyText) : undefined;
    isJson = bodyText !== '';
  } catch {
    // a text body
  }
  const headers = o.json !== undefined ? { 'content-type': 'application/json; charset=utf-8', ...o.headers } : { ...o.headers };
  const response: WireResponse = { status: o.status, headers, bodyText, json, isJson, durationMs: o.durationMs ?? 5 };
  const request: WireRequest = { method: op.method, path: op.path, headers: { authorization: 'Bearer oc_test' }, ...o.request };
  return {
    operation: op,
    operations: contract.operations,
    compiler,
    case: o.case ?? { kind: 'valid' },
    exchange: { request, response },
    ...(o.maxResponseTimeMs !== undefined ? { maxResponseTimeMs: o.maxResponseTimeMs } : {}),
  };
}

/** The check's outcome, `undefined` when it does not apply (the runner counts it skipped). */
export function outcomeOf(check: Check, ctx: CheckContext): CheckOutcome | undefined {
  return check.appliesTo(ctx) ? check.run(ctx) : undefined;
}
