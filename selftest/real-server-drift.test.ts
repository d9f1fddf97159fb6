import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import type { Report, ReportFinding } from '../src/report/types';
import { type CliRun, runCli, targetEnv } from './_support/run-cli';

/**
 * The real OneCLI servers depart from the docs in known ways (shared/onecli-api NOTES.md §4 and §5). Each
 * fault below makes the reference server depart the same way; the suite, run on the operations concerned,
 * must report each departure with the right check on the right operation and nothing else (exactly these
 * check × operation pairs) and nothing about the answers the fault leaves alone.
 */
const SEED = ['--seed', '424242'];

/** The 26 v1 operations v2 answers with 410 Gone (operations.json `head_v2_behavior`). */
const RETIRED = [
  'getDefaultAgent',
  'setDefaultAgent',
  'updateAgentSecretMode',
  'getAgentSecrets',
  'updateAgentSecrets',
  'getAgentConnections',
  'updateAgentConnections',
  'listAgentGranularAccess',
  'listRules',
  'createRule',
  'getRule',
  'updateRule',
  'deleteRule',
  'getRulePermissions',
  'setRulePermissions',
  'getRuleOverlap',
  'listOrgRules',
  'createOrgRule',
  'getOrgRule',
  'updateOrgRule',
  'deleteOrgRule',
  'getAppPermissions',
  'setAppPermissions',
  'getOrgRuleOverlap',
  'getOrgSettings',
  'updateOrgSettings',
];

/**
 * The operations whose 404 the real server sends flat (operations.json `observed_in_source`) and which a run
 * reaches; not getDefaultAgent, whose 404 needs a project without a default agent (the seeded one always has one).
 */
const FLAT_404 = [
  'getApp',
  'getPermissionDefinition',
  'getBlocklist',
  'addBlocklistEntry',
  'getOrgBlocklist',
  'addOrgBlocklistEntry',
  'renameConnection',
  'disconnectConnection',
  'getCredentialStub',
  'getContainerConfig',
];

interface DriftCase {
  fault: string;
  /** The operations run: those the fault changes, and untouched neighbours that must stay silent. */
  include: string[];
  /** Untouched neighbours (a subset of include): exercised, no finding. */
  untouched: string[];
  examples: number;
  /** Operations an external target gets only when named (they change state the run did not create). */
  allowDestructive?: string[];
  /** Every finding of the run, as check × operation; the phase it must come from, if one; the answer it judged. */
  expected: Array<{ checkId: string; operationIds: string[]; phase?: string; response: (finding: ReportFinding) => void }>;
  /** The causes the findings make (one departure seen on many operations is one cause). */
  causes: number;
  /** At most this many requests to each operation of `expected` (an operation not served is not hammered). */
  maxRequestsEach?: number;
  /** Other checks that failed on the same answers, listed on the findings (`also`) instead of being findings. */
  also?: string[];
}

const flat404 = (f: ReportFinding) => {
  expect(f.response.status).toBe(404);
  expect(typeof (JSON.parse(f.response.body) as { error: unknown }).error).toBe('string');
};
const gone410 = (f: ReportFinding) => {
  expect(f.response.status).toBe(410);
  expect(JSON.parse(f.response.body)).toEqual({ error: { message: expect.stringContaining('was removed'), type: 'invalid_request_error' } });
};
const text401 = (f: ReportFinding) => {
  expect(f.response.status).toBe(401);
  expect(f.response.headers['content-type']).toMatch(/^text\/plain/);
  expect(['missing session token', 'user not found']).toContain(f.response.body);
};
const flat500 = (f: ReportFinding) => {
  expect([f.response.status, JSON.parse(f.response.body)]).toEqual([500, { error: 'Internal server error' }]);
};

const CASES: DriftCase[] = [
  {
    // getApp "Unknown provider: x" and every other route-level 404 the facts give as flat. The project-surface
    // connection routes change state the run did not create, so they are named; their org twins answer the
    // envelope (facts) and stay silent, as do the service-level 404s of the blocklist rule routes.
    fault: 'real-flat-404',
    include: [...FLAT_404, 'deleteOrgConnection', 'removeBlocklistRule'],
    untouched: ['deleteOrgConnection', 'removeBlocklistRule'],
    // generated path values (one request in four) are what reach "unknown provider" / "unknown agent"
    examples: 15,
    allowDestructive: ['renameConnection', 'disconnectConnection', 'deleteOrgConnection'],
    expected: [{ checkId: 'error-shape', operationIds: FLAT_404, response: flat404 }],
    causes: 1,
  },
  {
    // /v1/rules*, /v1/org/rules*, /v1/org/settings, /v1/agents/default and the other retired agent routes.
    // Nothing but the status is wrong: the 410 envelope is the docs' error shape, authentication is unchanged.
    fault: 'v2-retired-410',
    include: [...RETIRED, 'listAgents'],
    untouched: ['listAgents'],
    // two, so that on the correct server every one of them answers 2xx at least once (the control below)
    examples: 2,
    allowDestructive: ['setDefaultAgent', 'setRulePermissions', 'setAppPermissions', 'updateOrgSettings'],
    // Each retired operation is reported once as not served (after two 410s nothing more is sent to it), and the
    // 26 findings are one cause.
    expected: [{ checkId: 'operation-served', operationIds: RETIRED, response: gone410 }],
    causes: 1,
    // two 410s (three for an operation whose first phase sends one request per path value), a keyless probe at most
    maxRequestsEach: 4,
  },
  {
    // The gateway (Rust/axum) serves Approvals; its 401s are text/plain reasons. The org approvals route is on
    // the same gateway but the facts say nothing of its 401: untouched.
    fault: 'gateway-401-text',
    include: ['listPendingApprovals', 'submitApprovalDecision', 'listOrgPendingApprovals'],
    untouched: ['listOrgPendingApprovals'],
    examples: 2,
    allowDestructive: ['submitApprovalDecision'],
    // One answer, one finding: the text/plain 401 is a wrong error shape, its content type listed on it.
    expected: [{ checkId: 'error-shape', operationIds: ['listPendingApprovals', 'submitApprovalDecision'], phase: 'auth', response: text401 }],
    causes: 1,
    also: ['content-type-conformance'],
  },
  {
    // container-config's catch-all: an organization key without X-Project-Id gets 500 flat "Internal server error".
    fault: 'container-config-500-flat',
    include: ['getContainerConfig', 'getCredentialStub'],
    untouched: ['getCredentialStub'],
    examples: 2,
    // One answer, one finding: the server error, with the header check and the shape listed on it.
    expected: [{ checkId: 'not-a-server-error', operationIds: ['getContainerConfig'], phase: 'headers', response: flat500 }],
    causes: 1,
    also: ['error-shape', 'missing-required-header'],
  },
];

const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function run(faults: string[], c: Pick<DriftCase, 'include' | 'examples' | 'allowDestructive'>): Promise<CliRun> {
  const server = await startReferenceServer({ faults });
  servers.push(server);
  const args = ['--include', c.include.join(','), '--examples', String(c.examples), ...SEED];
  if (c.allowDestructive) args.push('--allow-destructive', c.allowDestructive.join(','));
  return runCli(args, { env: targetEnv(server) });
}

const exercisedIn = (report: Report) => report.operations.filter((o) => o.status === 'exercised').map((o) => o.operationId);
const pairs = (findings: ReportFinding[]) => [...new Set(findings.map((f) => `${f.checkId} ${f.operationId}`))].sort();

describe.concurrent('the suite reports the real servers’ departures from the docs', () => {
  it.each(CASES.map((c) => [c.fault, c] as const))('%s', async (_, c) => {
    const { code, stderr, stdout, report } = await run([c.fault], c);
    expect(code, stderr).toBe(1);
    expect(report!.verdict).toBe('does-not-conform');
    const expected = c.expected.flatMap((e) => e.operationIds.map((op) => `${e.checkId} ${op}`)).sort();
    expect(pairs(report!.findings)).toEqual(expected);
    // Each finding is about the departure: the answer it judged is the one the fault made.
    for (const f of report!.findings) {
      const e = c.expected.find((e) => e.checkId === f.checkId && e.operationIds.includes(f.operationId))!;
      expect(f.severity).toBe('error');
      if (e.phase) expect(f.phase).toBe(e.phase);
      e.response(f);
    }
    expect(report!.causes, JSON.stringify(report!.causes.map((c) => c.title))).toHaveLength(c.causes);
    expect(stdout).toContain(report!.causes[0]!.id);
    if (c.maxRequestsEach) {
      const ops = new Set(c.expected.flatMap((e) => e.operationIds));
      const sent = report!.operations.filter((o) => ops.has(o.operationId)).map((o) => [o.operationId, o.requests] as const);
      expect(sent.filter(([, n]) => n > c.maxRequestsEach!)).toEqual([]);
    }
    if (c.also) for (const f of report!.findings) expect(f.also?.map((a) => a.checkId).sort()).toEqual(c.also);
    // Every operation of the slice was exercised, the untouched ones too.
    expect(exercisedIn(report!).sort()).toEqual([...c.include].sort());
    for (const op of c.untouched) expect(report!.findings.filter((f) => f.operationId === op)).toEqual([]);
  });

  // The fault runs above put every answer their fault leaves alone through the checks too, and any finding
  // about such an answer would break their exact check × operation sets or the evidence they demand. Only
  // v2-retired-410 replaces every authenticated answer of its slice, so its slice gets a run on the correct server.
  it('the correct server, on the operations v2 retires: exit 0, no finding', async () => {
    const retired = CASES.find((c) => c.fault === 'v2-retired-410')!;
    const { code, stderr, report } = await run([], retired);
    expect(code, stderr).toBe(0);
    expect(report!.verdict).toBe('conforms');
    expect(report!.findings).toEqual([]);
    expect(exercisedIn(report!).sort()).toEqual([...retired.include].sort());
    // the correct answers were seen: every retired operation answered 2xx at least once
    expect(report!.operations.filter((o) => o.status === 'exercised' && !o.reached2xx).map((o) => o.operationId)).toEqual([]);
  });
});
