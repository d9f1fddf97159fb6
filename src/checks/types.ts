import type { ErrorObject } from 'ajv';
import type { SchemaCompiler } from '../contract/compile';
import type { Operation } from '../contract/types';
import type { Exchange } from '../http/types';
import type { Proof } from '../oracle/prove-invalid';

export type Severity = 'error' | 'warning';

/** How the request of a case was made, which decides what the checks may demand of the answer. */
export type CaseInfo =
  | { kind: 'valid'; label?: string }
  | { kind: 'invalid'; mutation: string; pointer: string; location: string; name?: string; proof: Proof }
  | { kind: 'auth'; variant: 'missing-key' | 'malformed-key' }
  /** A valid request without a header the operation requires (X-Project-Id with an organization key). */
  | { kind: 'missing-header'; header: string }
  /** A valid request with the key of a plain organization member; `state`: a read taken before and after it. */
  | { kind: 'member-key'; state?: { read: string; changed: boolean } }
  /** The operation's path with a method the contract does not list for it. */
  | { kind: 'unlisted-method'; method: string };

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
