import { STATUS_CODES } from 'node:http';
import type { WireRequest } from '../http/types';
import type { SequenceStep } from '../runner/types';
import type { Report, ReportFinding } from './types';

/**
 * The exchanges behind a report's findings as a HAR 1.2 log (`report.har`), to open in a browser's network
 * panel or any HAR viewer: per finding, its request and the response the check judged; for a stateful
 * finding that carries its sequence (`case.steps`), every request of the sequence in order, the judged one
 * last with the full response (the earlier steps' answers are known by status only). Each entry's `comment`
 * names the finding id and the check (`3f2a9c01de response-schema-conformance: Response violates schema`);
 * `_findingId`, `_checkId` and, for steps, `_step` carry them for tools.
 *
 * Everything comes from the report, whose findings are redacted already; the caller still writes the file
 * through the redactor. A report has no time per exchange: every entry starts at the run's start and takes 0 ms.
 */
export function reportHar(report: Report, options: HarOptions = {}): Har {
  const url = (operationId: string, path: string) => `${baseUrlOf(report, operationId, options).replace(/\/+$/, '')}${path}`;
  const entries: HarEntry[] = [];
  for (const finding of report.findings) {
    const comment = `${finding.id} ${finding.checkId}: ${finding.title}`;
    const tags = { _findingId: finding.id, _checkId: finding.checkId };
    const c = finding.case;
    const steps = c.kind === 'stateful' && c.steps?.length ? c.steps : undefined;
    const judged = c.kind === 'stateful' && c.judgedStep !== undefined ? c.judgedStep : (steps?.length ?? 0) - 1;
    if (!steps) {
      entries.push(entry(report.startedAt, url(finding.operationId, finding.request.path), finding.request, response(finding), comment, tags));
      continue;
    }
    steps.slice(0, judged + 1).forEach((step, i) => {
      const n = `step ${i + 1}/${judged + 1} ${step.command}`;
      const last = i === judged;
      entries.push(
        entry(
          report.startedAt,
          url(step.operationId, (last ? finding.request : step.request).path),
          last ? finding.request : step.request,
          last ? response(finding) : stepResponse(step),
          `${comment} (${n})`,
          { ...tags, _step: i + 1 },
        ),
      );
    });
  }
  return {
    log: {
      version: '1.2',
      creator: { name: report.tool.name, version: report.tool.version },
      comment: `${report.findings.length} finding(s) of the run of ${report.startedAt} against ${report.target.baseUrl} (seed ${report.options.seed})`,
      // One page, the run, for viewers that group entries by page.
      pages: [{ startedDateTime: report.startedAt, id: PAGE, title: `${report.tool.name} ${report.target.baseUrl} seed ${report.options.seed}`, pageTimings: {} }],
      entries,
    },
  };
}

const PAGE = 'run';

export interface HarOptions {
  /**
   * operationIds served by the gateway (`servedBy: 'gateway'` in the contract): with `target.gateway` in the
   * report, their requests went to the gateway's base URL. Default none.
   */
  gatewayOperations?: readonly string[];
}

// ---------------------------------------------------------------------------------------------------------
// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the parts written here

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    comment?: string;
    pages: Array<{ startedDateTime: string; id: string; title: string; pageTimings: Record<string, never> }>;
    entries: HarEntry[];
  };
}

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  pageref: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    comment?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment: string;
  _findingId: string;
  _checkId: string;
  _step?: number;
}

interface HarResponseParts {
  status: number;
  headers: Record<string, string>;
  body: string;
  comment?: string;
}

function entry(
  startedDateTime: string,
  url: string,
  request: WireRequest,
  answer: HarResponseParts,
  comment: string,
  tags: Pick<HarEntry, '_findingId' | '_checkId' | '_step'>,
): HarEntry {
  const requestType = header(request.headers, 'content-type');
  const responseType = header(answer.headers, 'content-type');
  return {
    pageref: PAGE,
    startedDateTime,
    time: 0,
    request: {
      method: request.method.toUpperCase(),
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(request.headers),
      queryString: queryString(request.path),
      ...(request.body !== undefined ? { postData: { mimeType: requestType ?? 'application/octet-stream', text: request.body } } : {}),
      headersSize: -1,
      bodySize: request.body === undefined ? 0 : Buffer.byteLength(request.body),
    },
    response: {
      status: answer.status,
      statusText: STATUS_CODES[answer.status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: pairs(answer.headers),
      content: { size: Buffer.byteLength(answer.body), mimeType: responseType ?? 'x-unknown', text: answer.body },
      redirectURL: header(answer.headers, 'location') ?? '',
      headersSize: -1,
      bodySize: Buffer.byteLength(answer.body),
      ...(answer.comment ? { comment: answer.comment } : {}),
    },
    cache: {},
    timings: { send: 0, wait: 0, receive: 0 },
    comment,
    ...tags,
  };
}

/** The finding's response; a status that is not a number (an exchange that broke off) is 0, as HAR has it for no answer. */
function response(finding: ReportFinding): HarResponseParts {
  const status = Number(finding.response.status);
  const ok = Number.isInteger(status) && status >= 0;
  return {
    status: ok ? status : 0,
    headers: finding.response.headers,
    body: finding.response.body,
    ...(ok ? {} : { comment: `no HTTP answer: ${finding.response.status}` }),
  };
}

/** An earlier step of a sequence: only its status is kept. */
function stepResponse(step: SequenceStep): HarResponseParts {
  return { status: step.status, headers: {}, body: '', comment: 'an earlier step of the sequence: the report keeps its status only' };
}

/** The base URL an operation's requests went to: the companion's, the gateway's, else the target's. */
function baseUrlOf(report: Report, operationId: string, options: HarOptions): string {
  const { companion, gateway } = report.target;
  if (companion?.operations.includes(operationId)) return companion.baseUrl;
  if (gateway && options.gatewayOperations?.includes(operationId)) return gateway;
  return report.target.baseUrl;
}

function pairs(headers: Record<string, string>): HarNameValue[] {
  return Object.entries(headers).map(([name, value]) => ({ name, value: String(value) }));
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  return found?.[1];
}

/** The query of a path, decoded, in order (repeated names kept). */
function queryString(path: string): HarNameValue[] {
  const q = path.indexOf('?');
  if (q < 0) return [];
  return [...new URLSearchParams(path.slice(q + 1))].map(([name, value]) => ({ name, value }));
}
