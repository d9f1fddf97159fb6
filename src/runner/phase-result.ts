import type { Operation } from '../contract/types';
import type { Phase, PhaseResult } from './types';

/** A phase's result before anything was sent: no case, no request, every given check at zero. */
export function emptyResult(operation: Operation, phase: Phase, checkIds: string[] = []): PhaseResult {
  return {
    operationId: operation.operationId,
    tag: operation.tag,
    method: operation.method,
    path: operation.path,
    phase,
    cases: 0,
    requests: 0,
    statuses: {},
    checks: Object.fromEntries(checkIds.map((id) => [id, { passed: 0, failed: 0, inconclusive: 0, skipped: 0 }])),
    findings: [],
    durationMs: 0,
  };
}
