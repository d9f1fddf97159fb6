import type { Check, CaseInfo, CheckOutcome, Severity } from '../checks/types';
import type { Operation } from '../contract/types';
import { toCurl } from '../http/curl';
import type { Exchange, WireRequest } from '../http/types';
import type { RunContext } from './context';
import type { Finding, Phase } from './types';

/** Characters of a response body a finding keeps; the rest is counted, not copied. */
const MAX_BODY_IN_REPORT = 4096;

/**
 * The finding of a failed check on one answer, redacted before it leaves the engine: the request and the
 * response as sent and received, a curl line, and how to replay it (`replay`). `also`: the other checks
 * that failed on the same answer (one answer, one finding).
 */
export function finding(
  ctx: RunContext,
  operation: Operation,
  phase: Phase,
  check: Check,
  outcome: Extract<CheckOutcome, { status: 'failed' }>,
  sent: { exchange: Exchange; info: CaseInfo; sequence?: string[] },
  replay: { seed: number; index: number; path?: string; shrunk?: boolean },
  also: Array<{ check: Check; outcome: Extract<CheckOutcome, { status: 'failed' }> }> = [],
): Finding {
  const { request, response } = sent.exchange;
  const redacted: WireRequest = {
    method: request.method,
    path: ctx.redactor.path(request.path),
    headers: ctx.redactor.headers(request.headers),
    ...(request.body !== undefined ? { body: ctx.redactor.body(request.body) } : {}),
  };
  const body = ctx.redactor.body(response.bodyText) ?? '';
  return {
    checkId: check.id,
    severity: outcome.severity ?? check.severity,
    operationId: operation.operationId,
    method: operation.method,
    path: operation.path,
    phase,
    title: outcome.violation.title,
    message: ctx.redactor.text(outcome.violation.message + (sent.sequence ? ` Sequence: ${sent.sequence.join(' → ')}.` : '')),
    case: sent.info,
    request: redacted,
    response: {
      status: response.status,
      headers: ctx.redactor.headers(response.headers),
      body: body.length > MAX_BODY_IN_REPORT ? `${body.slice(0, MAX_BODY_IN_REPORT)}… (${body.length} characters)` : body,
    },
    ...(outcome.violation.schemaErrors ? { schemaErrors: outcome.violation.schemaErrors } : {}),
    curl: toCurl(ctx.redactor.text(ctx.baseUrl), redacted),
    replay: { seed: replay.seed, phase, index: replay.index, path: replay.path, shrunk: !!replay.shrunk },
    occurrences: 1,
    ...(outcome.violation.cause ? { cause: outcome.violation.cause } : {}),
    ...(also.length
      ? {
          also: also.map((a) => ({
            checkId: a.check.id,
            severity: a.outcome.severity ?? a.check.severity,
            title: a.outcome.violation.title,
            message: ctx.redactor.text(a.outcome.violation.message),
          })),
        }
      : {}),
    ...(sent.sequence ? { sequence: sent.sequence } : {}),
  };
}

/** A finding as another one lists it (`also`). */
export function alsoOf(f: Finding): { checkId: string; severity: Severity; title: string; message: string } {
  return { checkId: f.checkId, severity: f.severity, title: f.title, message: f.message };
}
