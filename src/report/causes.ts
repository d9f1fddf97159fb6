import { createHash } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { normalizedMessage } from './finding-id';
import type { Cause, OperationReport, ReportFinding } from './types';

/**
 * Causes: the findings of a run grouped by what went wrong, across operations. Against a real server many
 * findings share few causes (25 operations answering 410 Gone are 25 findings of status-code-conformance and
 * one cause); the report leads with causes so that a reviewer reads the verdict in seconds. Findings keep
 * their own ids, so --baseline, replay and JUnit go on referring to findings.
 *
 * A cause is one check, one severity and one cause key, on any number of operations. The key is the
 * finding's `cause` (set by the check, free of operation-specific text: `410`, `404 flat`); when a check
 * sets none, it is {@link fallbackCauseKey}. A root-cause finding (operation `*`) is a cause of its own.
 */

/** Hex digits of a cause id, as many as a finding id has. */
const ID_LENGTH = 10;

/** Longest server message quoted in a headline. */
const QUOTED_LIMIT = 80;

/**
 * The findings grouped into causes, sorted: errors first, then by number of operations (most first), then
 * by id. `operations` (the report's, in contract order) orders each cause's operations and findings, and
 * names the operations behind a root-cause finding (those whose tally of its check failed); without it,
 * operations keep the order in which the findings name them.
 */
export function causesOf(findings: ReportFinding[], operations: Array<Pick<OperationReport, 'operationId' | 'checks'>> = []): Cause[] {
  const order = operationOrder(findings, operations);
  const groups = new Map<string, { checkId: string; severity: ReportFinding['severity']; key: string; findings: ReportFinding[] }>();
  for (const f of findings) {
    const key = f.operationId === '*' ? `* ${f.title}` : causeKeyOf(f);
    const id = causeId(f.checkId, f.severity, key);
    const group = groups.get(id);
    if (group) group.findings.push(f);
    else groups.set(id, { checkId: f.checkId, severity: f.severity, key, findings: [f] });
  }
  const causes = [...groups].map(([id, g]): Cause => {
    const members = g.findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => order(a.f.operationId) - order(b.f.operationId) || a.i - b.i)
      .map(({ f }) => f);
    const root = members[0]!.operationId === '*';
    const named = root
      ? operations.filter((o) => (o.checks[g.checkId]?.failed ?? 0) > 0).map((o) => o.operationId)
      : [...new Set(members.map((f) => f.operationId))];
    const affected = named.length ? named : ['*'];
    const evidence = members.reduce((best, f) => (requestSize(f) < requestSize(best) ? f : best));
    return {
      id,
      checkId: g.checkId,
      severity: g.severity,
      key: g.key,
      title: root ? members[0]!.title : headline(g.checkId, affected.length, members, evidence),
      operations: affected,
      findings: members.map((f) => f.id),
      evidence: evidence.id,
      occurrences: members.reduce((n, f) => n + f.occurrences, 0),
    };
  });
  return causes.sort(
    (a, b) =>
      Number(b.severity === 'error') - Number(a.severity === 'error') ||
      b.operations.length - a.operations.length ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The cause counts of the summary. */
export function causeCounts(causes: Cause[]): { error: number; warning: number } {
  const error = causes.filter((c) => c.severity === 'error').length;
  return { error, warning: causes.length - error };
}

/**
 * A cause's stable id: a short hash of check id, severity and cause key. It depends on nothing else, so the
 * same cause has the same id in the next run, whichever operations and how many show it.
 */
export function causeId(checkId: string, severity: string, key: string): string {
  return createHash('sha256').update([checkId, severity, key].join('\u0000')).digest('hex').slice(0, ID_LENGTH);
}

/** The cause key of a finding: the check's `cause` when it set one, else {@link fallbackCauseKey}. */
export function causeKeyOf(f: ReportFinding): string {
  const cause = f.cause?.trim();
  return cause ? cause : fallbackCauseKey(f);
}

/**
 * The cause key of a finding whose check set none, `<title>: <message>`: its title and its normalized message (as for finding
 * ids: no resource ids, times or quoted values) without what names the operation: its path (as the
 * contract writes it and as it was sent), `METHOD path`, its operationId, and lists of documented statuses
 * (`documented: 200, 401, 404` differs from one operation to the next; the status received does not).
 */
export function fallbackCauseKey(f: Pick<ReportFinding, 'title' | 'message' | 'operationId' | 'method' | 'path' | 'request'>): string {
  let m = f.message;
  const sent = f.request?.path ?? '';
  const paths = [...new Set([f.path, sent, sent.split('?')[0]!])].filter((p) => p && p !== '/').sort((a, b) => b.length - a.length);
  for (const p of paths) m = m.split(p).join('<path>');
  m = m.replace(new RegExp(`\\b${escapeRegExp(f.method)} <path>`, 'gi'), '<path>');
  if (f.operationId && f.operationId !== '*') m = m.replace(new RegExp(`(?<![\\w-])${escapeRegExp(f.operationId)}(?![\\w-])`, 'g'), '<operation>');
  m = m.replace(STATUS_LIST, '<statuses>').replace(DOCUMENTED_STATUS, '$1<statuses>');
  return `${f.title}: ${normalizedMessage(m)}`;
}

const STATUS = String.raw`(?:[1-5](?:\d\d|XX)|default)`;
/** Two or more statuses in a row: `200, 400, 401`, `200 or 201`. */
const STATUS_LIST = new RegExp(String.raw`\b${STATUS}(?:\s*(?:,|\bor\b|\band\b)\s*${STATUS})+\b`, 'gi');
/** One status after "documented": `documented: 200`. */
const DOCUMENTED_STATUS = new RegExp(String.raw`(\bdocumented:?\s*)${STATUS}\b`, 'gi');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Position of an operation: the report's order, then first mention among the findings. */
function operationOrder(findings: ReportFinding[], operations: Array<Pick<OperationReport, 'operationId'>>): (operationId: string) => number {
  const index = new Map<string, number>();
  for (const o of operations) if (!index.has(o.operationId)) index.set(o.operationId, index.size);
  for (const f of findings) if (!index.has(f.operationId)) index.set(f.operationId, index.size);
  return (operationId) => index.get(operationId) ?? index.size;
}

/** How big a finding's request is: its path and body. The smallest request is the clearest evidence. */
function requestSize(f: ReportFinding): number {
  return f.request.path.length + (f.request.body?.length ?? 0);
}

// ---------------------------------------------------------------------------------------------------------
// headlines

function operationsText(n: number): string {
  return `${n} operation${n === 1 ? '' : 's'}`;
}

function answer(n: number): string {
  return n === 1 ? 'answers' : 'answer';
}

function statusText(status: string): string {
  const reason = STATUS_CODES[Number(status)];
  return reason ? `${status} ${reason}` : status;
}

/** The status a cause is about: the leading status of the check's cause, else the evidence's status. */
function statusOf(members: ReportFinding[], evidence: ReportFinding): string | undefined {
  const cause = members[0]!.cause?.trim();
  if (cause) return /^([1-5]\d\d)\b/.exec(cause)?.[1];
  const status = String(evidence.response.status);
  return /^[1-5]\d\d$/.test(status) ? status : undefined;
}

/** The `error` string of a flat error body, when the body is one. */
function flatError(body: string): string | undefined {
  try {
    const error = (JSON.parse(body) as { error?: unknown } | null)?.error;
    return typeof error === 'string' ? error : undefined;
  } catch {
    return undefined;
  }
}

function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > QUOTED_LIMIT ? `${line.slice(0, QUOTED_LIMIT)}…` : line);
}

const SHAPE_TEXT: Record<string, string> = {
  flat: 'in the flat shape',
  envelope: 'in the envelope',
  other: 'with a body of neither error shape',
};

/**
 * Headlines of the checks whose findings come in numbers: what the server does, in words. A check not
 * here, or a cause its headline cannot read, gets the generic `N operations: <title> (<cause>)`.
 */
const HEADLINES: Record<string, (n: number, members: ReportFinding[], evidence: ReportFinding) => string | undefined> = {
  'status-code-conformance': (n, members, evidence) => {
    const status = statusOf(members, evidence);
    return status && `${operationsText(n)} ${answer(n)} ${statusText(status)}`;
  },
  'operation-served': (n, members, evidence) => {
    // cause `not served: 410`
    const status = /\b([1-5]\d\d)$/.exec(members[0]!.cause ?? '')?.[1] ?? String(evidence.response.status);
    return `${operationsText(n)} ${n === 1 ? 'is' : 'are'} not served at this base URL (every request answered ${statusText(status)})`;
  },
  'not-a-server-error': (n, members, evidence) => {
    const status = statusOf(members, evidence);
    return status && `${operationsText(n)} ${answer(n)} ${statusText(status)}`;
  },
  'error-shape': (n, members, evidence) => {
    const cause = members[0]!.cause?.trim();
    let status: string | undefined;
    let shape: string | undefined;
    if (cause) [, status, shape] = /^([1-5]\d\d) (flat|envelope|other)\b/.exec(cause) ?? [];
    else {
      status = statusOf(members, evidence);
      const received = /^Received (?:the (flat) shape|the (envelope)|a body of (neither) shape)/.exec(evidence.message);
      shape = received ? (received[1] ?? received[2] ?? (received[3] && 'other')) : undefined;
    }
    return status && shape ? `${operationsText(n)} ${answer(n)} ${status} ${SHAPE_TEXT[shape]}` : undefined;
  },
  'positive-data-acceptance': (n, members, evidence) => {
    const first = flatError(evidence.response.body);
    if (first === undefined) return undefined;
    // One rule of the server, said with other quoted values or ids, is one message.
    const messages = new Set(members.map((f) => flatError(f.response.body)).filter((m) => m !== undefined).map((m) => normalizedMessage(m).toLowerCase()));
    const what = evidence.title.charAt(0).toLowerCase() + evidence.title.slice(1);
    const said = messages.size > 1 ? `${messages.size} messages, e.g. ${quoted(first)}` : quoted(first);
    return `${operationsText(n)}: ${what} (${evidence.response.status} flat ${said})`;
  },
};

function headline(checkId: string, n: number, members: ReportFinding[], evidence: ReportFinding): string {
  const special = HEADLINES[checkId]?.(n, members, evidence);
  if (special) return special;
  const cause = members[0]!.cause?.trim();
  return `${operationsText(n)}: ${evidence.title}${cause ? ` (${cause})` : ''}`;
}
