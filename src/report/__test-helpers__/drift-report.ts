import type { Contract } from '../../contract/load';
import type { HttpMethod, Operation } from '../../contract/types';
import type { Finding, Phase, PhaseResult } from '../../runner/types';
import { buildReport } from '../build-report';
import type { Report } from '../types';

/**
 * Reports of a real server that departs from the docs in few ways on many operations, as `buildReport`
 * makes them from hand-made phase results: what causes are for.
 */

export type SampleOperation = Pick<Operation, 'operationId' | 'method' | 'path' | 'tag'>;

const RESOURCES = ['rule', 'blocklist', 'orgSecret', 'orgRule', 'partnerOrg'];
const VERBS: Array<[string, HttpMethod, boolean]> = [
  ['list', 'GET', false],
  ['get', 'GET', true],
  ['create', 'POST', false],
  ['update', 'PATCH', true],
  ['delete', 'DELETE', true],
];

function capital(s: string): string {
  return s[0]!.toUpperCase() + s.slice(1);
}

/** 25 operations of five resources the server no longer serves (410 Gone). */
export const GONE: SampleOperation[] = RESOURCES.flatMap((r) =>
  VERBS.map(([verb, method, item]) => ({
    operationId: `${verb}${capital(r)}${verb === 'list' ? 's' : ''}`,
    method,
    path: `/${r.toLowerCase()}s${item ? `/{${r}Id}` : ''}`,
    tag: capital(r),
  })),
);

/** 9 operations whose 404 is flat instead of the envelope. */
export const FLAT_404: SampleOperation[] = ['agent', 'secret', 'project'].flatMap((r) =>
  (['get', 'update', 'delete'] as const).map((verb) => ({
    operationId: `${verb}${capital(r)}`,
    method: ({ get: 'GET', update: 'PATCH', delete: 'DELETE' } as const)[verb],
    path: `/${r}s/{${r}Id}`,
    tag: capital(r),
  })),
);

/** 6 PATCH operations that refuse a valid empty update ("At least one field must be provided"). */
export const AT_LEAST_ONE: SampleOperation[] = ['app', 'provider', 'webhook', 'member', 'budget', 'setting'].map((r) => ({
  operationId: `update${capital(r)}`,
  method: 'PATCH',
  path: `/${r}s/{${r}Id}`,
  tag: capital(r),
}));

/** The path an operation's request was sent to: its template, with a made-up id for each parameter. */
export function sentPath(op: SampleOperation, id = '3f1c2b9e-8d7a-4c6b-9e5f-1a2b3c4d5e6f'): string {
  return op.path.replace(/\{[^}]+\}/g, id);
}

/** A finding of `checkId` on `op`, answered `status` with `body`. */
export function findingOn(
  op: SampleOperation,
  over: Partial<Finding> & Pick<Finding, 'checkId' | 'title' | 'message'>,
  status = 400,
  body = '',
): Finding {
  const phase: Phase = over.phase ?? 'positive';
  const path = over.request?.path ?? sentPath(op);
  return {
    severity: 'error',
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    phase,
    case: { kind: 'valid' },
    request: { method: op.method, path, headers: { authorization: 'Bearer [REDACTED]' } },
    response: { status, headers: { 'content-type': 'application/json' }, body },
    curl: `curl -sS -X ${op.method} 'http://127.0.0.1:10254/v1${path}' -H 'authorization: Bearer [REDACTED]'`,
    replay: { seed: 1, phase, index: 0, path: '0', shrunk: false },
    occurrences: 1,
    ...over,
  };
}

/** 410 on an operation that documents 200, 401 and 404 (and 400 when it takes a body). */
export function gone(op: SampleOperation, withCause = true): Finding {
  const documented = op.method === 'GET' || op.method === 'DELETE' ? '200, 401, 404, 500' : '200, 400, 401, 404, 500';
  return findingOn(
    op,
    {
      checkId: 'status-code-conformance',
      title: 'Undocumented status code',
      message: `Received 410; documented: ${documented}.`,
      ...(withCause ? { cause: '410' } : {}),
    },
    410,
    '{"error":{"message":"This endpoint is gone","type":"gone"}}',
  );
}

export function flat404(op: SampleOperation, withCause = true): Finding {
  return findingOn(
    op,
    {
      checkId: 'error-shape',
      title: 'Wrong error shape for 404',
      message:
        'Received the flat shape {"error": "..."}; expected the envelope {"error": {"message", "type"}} because the docs give 404 the envelope.',
      ...(withCause ? { cause: '404 flat' } : {}),
    },
    404,
    `{"error":"${op.operationId.replace(/^(get|update|delete)/, '')} not found"}`,
  );
}

export function atLeastOne(op: SampleOperation, withCause = true): Finding {
  return findingOn(
    op,
    {
      checkId: 'positive-data-acceptance',
      severity: 'warning',
      title: 'Valid request refused',
      message: 'Received 400 flat "At least one field must be provided" to a request that satisfies the contract; the server is stricter than the contract.',
      ...(withCause ? { cause: '400 flat: at least one field must be provided' } : {}),
      request: { method: 'PATCH', path: sentPath(op), headers: { authorization: 'Bearer [REDACTED]', 'content-type': 'application/json' }, body: '{}' },
    },
    400,
    '{"error":"At least one field must be provided"}',
  );
}

/**
 * A report of `operations`, each with one positive phase holding its findings (tallies failed accordingly).
 * `ran`: only these operations ran (the others are excluded), as in one shard of a run.
 */
export function reportOf(operations: SampleOperation[], findings: Finding[], options: { strict?: boolean; ran?: string[] } = {}): Report {
  const contract: Contract = {
    path: '/work/openapi.yaml',
    sha256: 'bc5b46e757cda2eff826397376fd6f78538c3a8f5747241ac1560f772f362c27',
    title: 'OneCLI API',
    version: '1.0.0',
    document: {},
    operations: operations.map((op) => ({ ...op }) as Operation),
  };
  const results: PhaseResult[] = operations.filter((op) => !options.ran || options.ran.includes(op.operationId)).map((op) => {
    const own = findings.filter((f) => f.operationId === op.operationId);
    const statuses: Record<string, number> = { 200: 5 };
    const checks: PhaseResult['checks'] = { 'not-a-server-error': { passed: 5 + own.length, failed: 0, inconclusive: 0, skipped: 0 } };
    for (const f of own) {
      statuses[String(f.response.status)] = (statuses[String(f.response.status)] ?? 0) + f.occurrences;
      const t = (checks[f.checkId] ??= { passed: 5, failed: 0, inconclusive: 0, skipped: 0 });
      t.failed += f.occurrences;
    }
    const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
    return { ...op, phase: 'positive', cases: requests, requests, statuses, checks, findings: own, durationMs: 10 };
  });
  return buildReport(
    {
      tool: { name: 'onecli-conformance', version: '0.1.0' },
      contract,
      target: { baseUrl: 'https://api.example.test/v1', embedded: false },
      options: { seed: 7, examples: 10, edition: 'cloud', include: [], exclude: [], strict: options.strict ?? false },
      startedAt: new Date('2026-12-05T01:00:00.000Z'),
      finishedAt: new Date('2026-12-05T01:02:03.400Z'),
    },
    results,
    { leftovers: [], errors: [] },
  );
}

/** The drift of a real server: 25 operations answer 410, 9 answer 404 flat, 6 refuse an empty PATCH. */
export function driftReport(withCause = true, ran?: string[]): Report {
  return reportOf(
    [...GONE, ...FLAT_404, ...AT_LEAST_ONE],
    [
      ...GONE.map((op) => gone(op, withCause)),
      ...FLAT_404.map((op) => flat404(op, withCause)),
      ...AT_LEAST_ONE.map((op) => atLeastOne(op, withCause)),
    ],
    { ran },
  );
}
