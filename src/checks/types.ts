import type { ErrorObject } from 'ajv';
import type { SchemaCompiler } from '../contract/compile';
import type { Operation } from '../contract/types';
import type { Exchange } from '../http/types';
import type { Proof } from '../oracle/prove-invalid';

export type Severity = 'error' | 'warning';

/** How the request of a case was made, which decides what the checks may demand of the answer. */
export type CaseInfo =
  /**
   * A request the contract allows. `namesNothing`: its path names no resource known to exist (a generated or
   * probe value), so the server may refuse it for that alone.
   */
  | { kind: 'valid'; label?: string; namesNothing?: boolean }
  | { kind: 'invalid'; mutation: string; pointer: string; location: string; name?: string; proof: Proof }
  | { kind: 'auth'; variant: 'missing-key' | 'malformed-key' }
  /** A valid request without a header the operation requires (X-Project-Id with an organization key). */
  | { kind: 'missing-header'; header: string }
  /** A valid request with the key of a plain organization member; `state`: a read taken before and after it. */
  | { kind: 'member-key'; state?: { read: string; changed: boolean } }
  /** The operation's path with a method the contract does not list for it. */
  | { kind: 'unlisted-method'; method: string }
  /**
   * The answers an operation got so far, when they all looked alike in a way that says it is not served
   * (src/runner/served.ts): each answer's status and whether its request carried the key. `hint`: what to do
   * about it (the gateway serves it on self-hosted editions); `severity`: a milder judgement when expected.
   */
  | { kind: 'served'; answers: Array<{ status: number; authenticated: boolean }>; hint?: string; severity?: Severity }
  /** One command of a stateful sequence over a resource family, and what the model expects of its answer. */
  | { kind: 'stateful'; command: string; operationId: string; expect: StatefulExpectation };

/**
 * What the model of a stateful sequence expects of one answer. `id`: the resource the command names;
 * `idFields`: the fields of an answer (or of list items) that carry ids.
 */
export type StatefulExpectation =
  /** A create: the stateful checks demand nothing of it. */
  | { of: 'create' }
  /**
   * A read of one resource, by its get operation or by finding it in the list. `live`: created and not
   * deleted (it must be there, with `fields` as the 2xx updates set them); `deleted`: a 2xx delete removed it.
   */
  | { of: 'read'; via: 'get' | 'list'; id: string; idFields: string[]; state: 'live' | 'deleted'; fields?: Record<string, unknown> }
  /** A list: of the ids the sequence created, `live` must be listed and `deleted` must not. */
  | { of: 'list'; idFields: string[]; live: string[]; deleted: string[] }
  /**
   * An update or a delete of a live resource: it must be found. `namesOthers`: the body names other resources
   * by id, so a 404 may be about those.
   */
  | { of: 'update' | 'delete'; id: string; namesOthers?: boolean };

export interface CheckContext {
  operation: Operation;
  operations: Operation[];
  compiler: SchemaCompiler;
  case: CaseInfo;
  exchange: Exchange;
  /** Threshold of the opt-in max-response-time check, when configured. */
  maxResponseTimeMs?: number;
}

/** What went wrong, as structured evidence; the message is built from it. */
export interface Violation {
  title: string;
  message: string;
  received?: unknown;
  documented?: unknown;
  schemaErrors?: Array<Pick<ErrorObject, 'instancePath' | 'schemaPath' | 'keyword' | 'message'>>;
  /**
   * The kind of departure, free of anything operation- or run-specific (`410`, `404 flat`,
   * `400 flat: name is required`): findings of one check with the same cause, on any operation, are one cause
   * in the report (src/report/causes.ts). Absent: the title is the cause.
   */
  cause?: string;
}

export type CheckOutcome =
  | { status: 'passed' }
  /** `severity` overrides the check's own for this failure (e.g. a known, milder departure). */
  | { status: 'failed'; violation: Violation; severity?: Severity }
  | { status: 'inconclusive'; reason: string };

export interface Check {
  /** Stable id, equal to the file name; reports and certificates cite it. */
  id: string;
  severity: Severity;
  /** One paragraph: what the check demands and why. */
  doc: string;
  /** The case kinds the check judges (what `--plan` lists per phase); every kind when absent. */
  cases?: readonly CaseInfo['kind'][];
  /** Whether the check has something to say about this case; when false it is counted as skipped. */
  appliesTo(ctx: CheckContext): boolean;
  run(ctx: CheckContext): CheckOutcome;
}

export const passed: CheckOutcome = { status: 'passed' };

export function failed(violation: Violation, severity?: Severity): CheckOutcome {
  return severity ? { status: 'failed', violation, severity } : { status: 'failed', violation };
}

export function inconclusive(reason: string): CheckOutcome {
  return { status: 'inconclusive', reason };
}

export function schemaErrors(errors: ErrorObject[]): Violation['schemaErrors'] {
  return errors.slice(0, 10).map(({ instancePath, schemaPath, keyword, message }) => ({ instancePath, schemaPath, keyword, message }));
}
