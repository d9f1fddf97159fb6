import type { Contract } from '../../contract/load';
import type { HttpMethod, Operation } from '../../contract/types';
import type { CheckTally, Finding, Phase, PhaseResult } from '../../runner/types';
import { buildReport } from '../build-report';
import type { Report } from '../types';

/**
 * Synthetic reports built with `buildReport` from hand-made phase results, so report tests need neither a
 * contract file nor a server. Two shapes: a conforming run, and a failing one whose findings carry hostile
 * text (markup, `</script>`, `]]>`, control characters) in every field a server or a generator controls.
 */

const OPERATIONS: Array<Pick<Operation, 'operationId' | 'method' | 'path' | 'tag'>> = [
  { operationId: 'listAgents', method: 'GET', path: '/agents', tag: 'Agents' },
  { operationId: 'createAgent', method: 'POST', path: '/agents', tag: 'Agents' },
  { operationId: 'deleteAgent', method: 'DELETE', path: '/agents/{agentId}', tag: 'Agents' },
  { operationId: 'listSecrets', method: 'GET', path: '/secrets', tag: 'Secrets' },
  { operationId: 'createSecret', method: 'POST', path: '/secrets', tag: 'Secrets' },
  { operationId: 'setDefaultAgent', method: 'POST', path: '/agents/{agentId}/default', tag: 'Agents' },
  { operationId: 'listPartnerOrganizations', method: 'GET', path: '/partner/organizations', tag: 'Partner' },
  { operationId: 'getBilling', method: 'GET', path: '/billing', tag: 'Billing' },
];

export const CHECK_IDS = [
  'not-a-server-error',
  'status-code-conformance',
  'response-schema-conformance',
  'error-shape',
  'negative-data-rejection',
  'ignored-auth',
] as const;

export const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)> & ]]> \u0000\u0007 '"`;

function contract(): Contract {
  return {
    path: '/work/openapi.yaml',
    sha256: 'bc5b46e757cda2eff826397376fd6f78538c3a8f5747241ac1560f772f362c27',
    title: 'OneCLI API',
    version: '1.0.0',
    document: {},
    // buildReport reads only these four fields of an operation.
    operations: OPERATIONS.map((op) => ({ ...op, method: op.method as HttpMethod }) as Operation),
  };
}

function tally(passed: number, failed = 0, inconclusive = 0, skipped = 0): CheckTally {
  return { passed, failed, inconclusive, skipped };
}

function phase(
  operationId: string,
  p: Phase,
  statuses: Record<string, number>,
  checks: Record<string, CheckTally>,
  findings: Finding[] = [],
): PhaseResult {
  const op = OPERATIONS.find((o) => o.operationId === operationId)!;
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  return { ...op, phase: p, cases: requests, requests, statuses, checks, findings, durationMs: 12 };
}

function notRun(operationId: string, p: Phase, reason: NonNullable<PhaseResult['notRun']>['reason'], detail: string): PhaseResult {
  return { ...phase(operationId, p, {}, {}), cases: 0, notRun: { reason, detail } };
}

function finding(over: Partial<Finding> & Pick<Finding, 'checkId' | 'operationId' | 'phase'>): Finding {
  const op = OPERATIONS.find((o) => o.operationId === over.operationId)!;
  return {
    severity: 'error',
    method: op.method,
    path: op.path,
    title: 'Response violates schema',
    message: 'The 200 body does not match the documented schema: /0/isDefault must be boolean (type).',
    case: { kind: 'valid' },
    request: { method: op.method, path: op.path, headers: { authorization: 'Bearer [REDACTED]' } },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: '[{"isDefault":"true"}]' },
    curl: `curl -sS -X ${op.method} 'http://127.0.0.1:10254/v1${op.path}' -H 'authorization: Bearer [REDACTED]'`,
    replay: { seed: 1301727001, phase: over.phase, index: 0, path: '0:0:0', shrunk: true },
    occurrences: 1,
    ...over,
  };
}

const FINDINGS: Finding[] = [
  finding({
    checkId: 'response-schema-conformance',
    operationId: 'listAgents',
    phase: 'positive',
    schemaErrors: [{ instancePath: '/0/isDefault', schemaPath: '#/items/properties/isDefault/type', keyword: 'type', message: 'must be boolean' }],
    response: { status: 200, headers: { 'content-type': 'application/json', 'x-evil': HOSTILE }, body: `[{"isDefault":"true","name":${JSON.stringify(HOSTILE)}}]` },
    occurrences: 10,
  }),
  finding({
    checkId: 'error-shape',
    operationId: 'createAgent',
    phase: 'auth',
    title: 'Wrong error shape for 401',
    message: `Received the flat shape {"error": "..."}; expected the envelope {"error": {"message", "type"}}. Body: ${HOSTILE}`,
    case: { kind: 'auth', variant: 'missing-key' },
    request: { method: 'POST', path: '/agents', headers: { 'content-type': 'application/json' }, body: `{"name":${JSON.stringify(HOSTILE)}}` },
    response: { status: 401, headers: { 'content-type': 'application/json' }, body: `{"error":${JSON.stringify(HOSTILE)}}` },
    curl: `curl -sS -X POST 'http://127.0.0.1:10254/v1/agents' -H 'content-type: application/json' --data-raw '{"name":"<b>&amp;</b>"}'`,
    replay: { seed: 77, phase: 'auth', index: 0, shrunk: false },
    occurrences: 2,
  }),
  finding({
    checkId: 'negative-data-rejection',
    operationId: 'createSecret',
    phase: 'negative',
    title: 'Invalid request accepted',
    message: 'A request with /name longer than maxLength 255 was answered 201.',
    case: { kind: 'invalid', mutation: 'max-length-exceeded', pointer: '/name', location: 'body', proof: { verdict: 'invalid', reason: 'maxLength' } },
    request: { method: 'POST', path: '/secrets', headers: { authorization: 'Bearer [REDACTED]', 'content-type': 'application/json' }, body: `{"name":"${'x'.repeat(300)}"}` },
    response: { status: 201, headers: {}, body: '' },
    replay: { seed: 5, phase: 'negative', index: 3, path: '3:1', shrunk: true },
  }),
  finding({
    checkId: 'error-shape',
    severity: 'warning',
    operationId: 'listSecrets',
    phase: 'negative',
    title: 'Error body not JSON',
    message: 'A 400 answered with text/html.',
    response: { status: 400, headers: { 'content-type': 'text/html' }, body: '<html><body>Bad request</body></html>' },
  }),
];

/** Phase results of a run: `failing` adds the findings (and failed tallies) of {@link FINDINGS}. */
export function samplePhaseResults(kind: 'conforming' | 'failing'): PhaseResult[] {
  const bad = kind === 'failing';
  // Fresh copies: a test may change a finding of its report without changing the next report's.
  const f = (checkId: string, operationId: string) =>
    bad ? structuredClone(FINDINGS.filter((x) => x.checkId === checkId && x.operationId === operationId)) : [];
  return [
    phase('listAgents', 'positive', { 200: 10 }, {
      'not-a-server-error': tally(10),
      'status-code-conformance': tally(10),
      'response-schema-conformance': bad ? tally(0, 10) : tally(10),
      'error-shape': tally(0, 0, 0, 10),
      'negative-data-rejection': tally(0, 0, 0, 10),
      'ignored-auth': tally(0, 0, 0, 10),
    }, f('response-schema-conformance', 'listAgents')),
    phase('listAgents', 'auth', { 401: 2 }, {
      'not-a-server-error': tally(2),
      'status-code-conformance': tally(2),
      'error-shape': tally(2),
      'ignored-auth': tally(2),
    }),
    phase('createAgent', 'coverage', { 201: 4, 400: 1 }, {
      'not-a-server-error': tally(5),
      'status-code-conformance': tally(5),
      'response-schema-conformance': tally(4, 0, 0, 1),
      'error-shape': tally(1, 0, 0, 4),
    }),
    phase('createAgent', 'negative', { 400: 8, 409: 1 }, {
      'not-a-server-error': tally(9),
      'status-code-conformance': tally(9),
      'error-shape': tally(9),
      'negative-data-rejection': tally(7, 0, 2),
    }),
    phase('createAgent', 'auth', { 401: 2 }, {
      'not-a-server-error': tally(2),
      'status-code-conformance': tally(2),
      'error-shape': bad ? tally(0, 2) : tally(2),
      'ignored-auth': tally(2),
    }, f('error-shape', 'createAgent')),
    phase('deleteAgent', 'positive', { 204: 3, 404: 1 }, {
      'not-a-server-error': tally(4),
      'status-code-conformance': tally(4),
      'response-schema-conformance': tally(0, 0, 0, 4),
    }),
    phase('listSecrets', 'positive', { 200: 10 }, { 'not-a-server-error': tally(10), 'status-code-conformance': tally(10) }),
    phase('listSecrets', 'negative', { 400: 3 }, {
      'not-a-server-error': tally(3),
      'status-code-conformance': tally(3),
      'error-shape': bad ? tally(2, 1) : tally(3),
    }, f('error-shape', 'listSecrets')),
    phase('createSecret', 'negative', bad ? { 400: 5, 201: 1 } : { 400: 5 }, {
      'not-a-server-error': tally(bad ? 6 : 5),
      'status-code-conformance': tally(bad ? 6 : 5),
      'negative-data-rejection': bad ? tally(5, 1) : tally(5),
    }, f('negative-data-rejection', 'createSecret')),
    notRun('setDefaultAgent', 'positive', 'not-covered', 'setDefaultAgent changes project-wide state; such calls run only against the embedded reference server'),
    notRun('listPartnerOrganizations', 'positive', 'no-credential', 'needs a partner key <oc_partner_…> & none was given'),
    notRun('getBilling', 'positive', 'not-applicable', 'the community edition does not serve /billing'),
  ];
}

/** A report built by `buildReport`, as the CLI would write it. */
export function sampleReport(kind: 'conforming' | 'failing' = 'failing'): Report {
  return buildReport(
    {
      tool: { name: 'onecli-conformance', version: '0.1.0' },
      contract: contract(),
      target: { baseUrl: 'http://127.0.0.1:10254/v1', embedded: kind === 'conforming' },
      options: { seed: 1, examples: 10, edition: 'cloud', include: [], exclude: [], strict: false },
      startedAt: new Date('2026-11-23T03:03:02.977Z'),
      finishedAt: new Date('2026-11-23T03:03:57.275Z'),
    },
    samplePhaseResults(kind),
    kind === 'failing'
      ? { leftovers: ['deleteAgent /agents/08d99241-<i>x</i>'], errors: [{ code: 'TARGET_UNUSABLE', message: 'socket hang up <after 3 s>' }] }
      : { leftovers: [], errors: [] },
  );
}
