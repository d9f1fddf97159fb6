import type { Severity } from '../checks/types';
import type { Finding, Phase, PhaseResult } from '../runner/types';
import type { Scorecard } from './scorecard';

/** A finding as the report holds it: with its stable id (src/report/finding-id.ts). */
export type ReportFinding = Finding & { id: string };

/**
 * One departure from the contract and the findings that show it (src/report/causes.ts): one check, one
 * severity, one cause key, on any number of operations.
 */
export interface Cause {
  /** Stable id: a short hash of checkId, severity and key; the same whichever operations show the cause. */
  id: string;
  checkId: string;
  severity: Severity;
  /** What the findings share: the check's cause (`410`, `404 flat`), else one derived from title and message. */
  key: string;
  /** One line for a reader: `25 operations answer 410 Gone`. */
  title: string;
  /** The operations that show it, in the report's order. */
  operations: string[];
  /** Ids of its findings, in the order of their operations. */
  findings: string[];
  /** Id of the finding that shows it with the smallest request (shortest path and body). */
  evidence: string;
  /** Failing cases, summed over its findings. */
  occurrences: number;
}

/** One hint of `report.contract.inferred`. */
export interface InferredHint {
  /** Operations that took an inferred value for this hint. */
  operations: number;
  /** Defaults taken where the document did not decide, with how many operations took each. */
  defaults: Array<{ assumed: string; operations: number }>;
}

/** One general error of `report.contract.assumed`: the rule and how many operations got the status from it. */
export interface AssumedRule {
  status: string;
  errorShape: string;
  rule: string;
  operations: number;
}

export type Verdict = 'conforms' | 'does-not-conform' | 'incomplete';

export type OperationStatus = 'exercised' | 'not-covered' | 'not-applicable' | 'no-credential' | 'excluded';

export interface OperationReport {
  operationId: string;
  tag: string;
  method: string;
  path: string;
  status: OperationStatus;
  /** Why the operation was not exercised, when it was not. */
  detail?: string;
  requests: number;
  statuses: Record<string, number>;
  /** Whether any answer was 2xx (or a documented 3xx redirect): the operation was reached for real. */
  reached2xx: boolean;
  /** Whether any answer was 4xx. */
  seen4xx: boolean;
  /** Requests the contract allows sent to it, and how many were answered 2xx/3xx (absent in older reports). */
  valid?: { sent: number; accepted: number };
  /** Body fields (JSON pointers; "" for a non-empty body) the target's refusals of valid requests named: rules it has beyond the contract. */
  learned?: string[];
  phases: Partial<Record<Phase, Pick<PhaseResult, 'cases' | 'requests' | 'notRun' | 'valid'>>>;
  checks: PhaseResult['checks'];
}

export interface Report {
  tool: { name: string; version: string };
  contract: {
    path: string;
    sha256: string;
    title: string;
    version: string;
    operations: number;
    /**
     * The x-onecli extensions the contract lacked and the loader inferred (src/contract/infer.ts): per hint,
     * how many operations took an inferred value, and the defaults taken where the document is ambiguous.
     */
    inferred?: Record<'keyKinds' | 'projectContext' | 'role' | 'availability' | 'servedBy', InferredHint>;
    /** The docs' general errors assumed where the contract lists none (`enabled: false` with --no-general-errors). */
    assumed?: { enabled: boolean; rules: AssumedRule[] };
  };
  target: {
    baseUrl: string;
    embedded: boolean;
    /** `--gateway-target`: the base URL (credentials redacted) the gateway-served operations were sent to. */
    gateway?: string;
    /** The embedded companion server: its edition, and the operations sent to it instead of the target. */
    companion?: { baseUrl: string; edition: string; operations: string[] };
  };
  options: {
    seed: number;
    examples: number;
    edition: string;
    include: string[];
    exclude: string[];
    strict: boolean;
    /** `i/n` when the run was one vitest shard of several (`--shard`); merged reports have none. */
    shard?: string;
    /** The check ids that ran (`--checks` / `--exclude-checks` applied); absent in reports of older versions. */
    checks?: string[];
    /** `--read-only`: only GET was sent. */
    readOnly?: boolean;
    /** `--allow-destructive`: operationIds an external target got although they change state the run did not create. */
    allowDestructive?: string[];
    /** `--max-response-time` in milliseconds, when given. */
    maxResponseTimeMs?: number;
  };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  requests: number;
  verdict: Verdict;
  summary: {
    operations: Record<OperationStatus | 'total', number>;
    findings: { error: number; warning: number };
    /** Causes by severity (many findings can share one cause). */
    causes: { error: number; warning: number };
    /** Operations answered 2xx/3xx at least once, and 4xx at least once. */
    coverage: { reached2xx: number; seen4xx: number };
    checks: Record<string, { passed: number; failed: number; inconclusive: number; skipped: number }>;
  };
  /** The findings grouped by cause, errors first, then the most operations first (src/report/causes.ts). */
  causes: Cause[];
  operations: OperationReport[];
  findings: ReportFinding[];
  /**
   * Response coverage (src/report/scorecard.ts): per operation × documented status, seen or why not; the
   * statuses answered but not documented. Absent in merged reports (no contract to read) and older versions.
   */
  scorecard?: Scorecard;
  /** Resources the run created and could not delete. */
  leftovers: string[];
  /** Resources the run created and gave away as documented (so could not delete), with the reason. */
  givenAway: string[];
  /** What the run's engine built, once each (src/built.ts); absent in merged reports and older versions. */
  built?: Record<string, number>;
  /**
   * Every request the run sent, setup, harvest, restores and cleanup included (`requests` counts only the
   * phases'), the exchanges sent again after breaking off, and the 429 answers waited out.
   */
  traffic?: { requests: number; transportRetries: number; rateLimitRetries: number };
  /** Problems that stopped part of the run (target gone mid-run, …). */
  errors: Array<{ code: string; message: string }>;
}
