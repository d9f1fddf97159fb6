import fc from 'fast-check';
import { boundaryValues } from '../../generators/index';
import { invalidRequest, validRequest } from '../../generators/requests/operation-request';
import type { RequestCase } from '../../generators/requests/types';
import { caseToWire } from '../../generators/requests/wire';
import type { Check, CaseInfo, CheckOutcome, Severity } from '../checks/types';
import type { Operation } from '../contract/types';
import { toCurl } from '../http/curl';
import { faultResponse, sendOrFault, TransportFault } from '../http/transport-fault';
import { EngineError } from '../errors';
import type { Exchange, WireRequest } from '../http/types';
import { breakages, proveInvalid } from '../oracle/prove-invalid';
import { routeOperation } from '../oracle/route';
import { authFor } from './credentials';
import type { RunContext } from './context';
import { examplesPhase } from './phases/examples';
import { headersPhase } from './phases/headers';
import { methodsPhase } from './phases/methods';
import { rolesPhase } from './phases/roles';
import { statefulPhase } from './phases/stateful';
import type { NotRun, PhasePlan, PlannedPhase, SentCase } from './phases/types';
import { primaryFailure } from './primary-failure';
import { runChecks } from './run-checks';
import type { Binding } from '../stateful/bindings';
import { withHarvested } from '../stateful/harvest';
import { pathParamsOf } from '../stateful/resources';
import { probeValue } from '../stateful/safety';
import { phaseSeed } from './seed';
import { requestSize, simplifyRequest } from './simplify';
import type { CheckTally, Finding, Phase, PhaseResult } from './types';

const MAX_BODY_IN_REPORT = 4096;
/** Phases whose cases are planned (and sent) by their own module in phases/. */
export const PLANNED: Partial<Record<Phase, PlannedPhase>> = {
  examples: examplesPhase,
  headers: headersPhase,
  roles: rolesPhase,
  methods: methodsPhase,
  stateful: statefulPhase,
};
const SHRINK_TIME_LIMIT_MS = 5000;
/** Candidates sent per finding to simplify its evidence (after the shrink, and for coverage cases). */
const SIMPLIFY_BUDGET = 40;
/** The phases that send an operation kept from an external target as a probe (see RunContext.probeOnly). */
const PROBE_PHASES: Phase[] = ['coverage', 'positive', 'negative', 'auth'];

/**
 * The windows a phase's cases go out in: 2 first (two alike answers can already tell an operation is not
 * served), then 4, 8, 16, 16…; one at a time for a phase whose cases depend on each other. The windows do not
 * depend on `--concurrency` (the limiter decides how many requests are really in flight), so what each case
 * sends, learned rules included, is the same at any concurrency.
 */
export function windows(count: number, size?: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let next = size ?? 2;
  for (let start = 0; start < count; start += next, next = size ?? Math.min(next * 2, MAX_WINDOW)) {
    out.push([start, Math.min(start + next, count)]);
  }
  return out;
}

/** The largest window of cases sent together. */
const MAX_WINDOW = 16;

/** A case to send: the generated request, and how it was made. */
interface PlannedCase {
  request: RequestCase;
  info: CaseInfo;
  /** Authorization variant for the auth phase. */
  auth?: 'missing-key' | 'malformed-key';
}

/** Runs one phase of one operation: generates its cases, sends them, checks every answer. */
export async function runPhase(ctx: RunContext, operation: Operation, phase: Phase): Promise<PhaseResult> {
  try {
    return await phaseRun(ctx, operation, phase);
  } catch (error) {
    if (!(error instanceof TransportFault)) throw error;
    // A setup call (a binding, a read around a case) broke off twice: that exchange is the phase's finding.
    return brokenOff(ctx, operation, phase, error);
  }
}

async function phaseRun(ctx: RunContext, operation: Operation, phase: Phase): Promise<PhaseResult> {
  const started = performance.now();
  const result: PhaseResult = {
    operationId: operation.operationId,
    tag: operation.tag,
    method: operation.method,
    path: operation.path,
    phase,
    cases: 0,
    requests: 0,
    statuses: {},
    checks: Object.fromEntries(ctx.checks.map((c) => [c.id, { passed: 0, failed: 0, inconclusive: 0, skipped: 0 }])),
    findings: [],
    valid: { sent: 0, accepted: 0 },
    durationMs: 0,
  };
  const skip = whyNotRun(ctx, operation, phase);
  if (skip) return { ...result, notRun: skip };

  const seed = phaseSeed(ctx.seed, operation.operationId, phase);
  const planner = PLANNED[phase];
  let arbitrary: fc.Arbitrary<RequestCase> | null = null;
  let bound: Binding = {};
  let auth: Record<string, string> = {};
  let plan: PhasePlan;
  let planned: PlannedCase[] = [];
  if (planner) {
    await ctx.binder.rememberRestore(operation);
    const planned = await planner.plan({ ctx, operation, seed, auth: () => phaseAuth(ctx, operation) });
    if ('notRun' in planned) return { ...result, notRun: planned.notRun };
    plan = planned;
  } else {
    ({ arbitrary, bound } = await phaseArbitrary(ctx, operation, phase));
    auth = await phaseAuth(ctx, operation);
    // A probe names nothing, so there is nothing to put back (and no read-and-restore on state the run does not own).
    if (!ctx.probeOnly(operation)) await ctx.binder.rememberRestore(operation);
    const known = bound;
    planned = planCases(ctx, operation, phase, seed, arbitrary);
    // Generated cases are independent requests: they go out in windows.
    plan = { cases: planned.map((c) => () => sendLearning(ctx, operation, phase, c, auth, known)), concurrent: true };
  }
  if (plan.cases.length === 0) {
    return { ...result, notRun: { reason: 'nothing-to-generate', detail: `no ${phase} case can be generated for this operation` } };
  }
  const judges = plan.foreign ? ctx.checks.filter((c) => plan.foreign!.checkIds.includes(c.id)) : ctx.checks;

  const firstFailure = new Map<string, { index: number; finding: Finding }>();
  cases: for (const [start, end] of windows(plan.cases.length, plan.concurrent ? undefined : 1)) {
    // --max-duration, or a target gone: what was sent is judged, nothing more is sent.
    if (ctx.stopped()) break;
    // The cases of a window go out together; their answers are judged (and learned from) in order.
    const answers = await Promise.all(plan.cases.slice(start, end).map((send) => send().catch((error) => brokenCase(error))));
    for (const [offset, answer] of answers.entries()) {
    const index = start + offset;
    if (!answer || (Array.isArray(answer) && answer.length === 0)) continue;
    result.cases++;
    // A stateful case is a sequence: each of its answers is judged.
    for (const sent of Array.isArray(answer) ? answer : [answer]) {
      result.requests += sent.requests ?? 1;
      if (!plan.foreign) {
        const status = String(sent.exchange.response.status);
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        if (sent.info.kind === 'valid' && !sent.exchange.response.transport) {
          result.valid!.sent++;
          if (sent.exchange.response.status < 300) result.valid!.accepted++;
          // A 400 flat to a valid request names the fields the server wants otherwise (runner/learn.ts).
          ctx.learner.answered(operation, sent.exchange.request, sent.exchange.response);
        }
      }
      for (const check of ctx.checks) if (!judges.includes(check)) result.checks[check.id]!.skipped++;
      const outcomes = runChecks(judges, { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange });
      for (const [check, outcome] of outcomes) tally(result.checks[check.id]!, outcome);
      // One answer, one finding: the check that speaks for it, the others listed on it.
      const primary = primaryFailure(outcomes, sent.exchange.response.status);
      if (primary) {
        const { check, outcome } = primary;
        const key = `${check.id}\u0000${outcome.violation.title}\u0000${outcome.violation.cause ?? ''}`;
        const seen = firstFailure.get(key);
        // Of the generated cases that fail the same way, the smallest is the evidence (and where simplifying starts).
        const smaller = seen && planned[index] && planned[seen.index] && requestSize(planned[index]!.request) < requestSize(planned[seen.index]!.request);
        if (seen && !smaller) seen.finding.occurrences++;
        else {
          const f = finding(ctx, operation, phase, check, outcome, sent, { seed, index }, primary.also);
          firstFailure.set(key, { index, finding: seen ? { ...f, occurrences: seen.finding.occurrences + 1 } : f });
        }
      }
      if (plan.foreign) continue;
      const gone = await judgeServed(ctx, operation, sent, result, { seed, index });
      if (gone) {
        // Not served: one finding says so, with what this phase had found on the way; nothing more is sent.
        const earlier = [...firstFailure.values()].map((f) => f.finding);
        gone.also = [...(gone.also ?? []), ...earlier.map(alsoOf)];
        result.findings.push(gone);
        firstFailure.clear();
        break cases;
      }
    }
    }
  }

  for (const { index, finding: f } of firstFailure.values()) {
    if (plan.confirm) {
      // Re-run before reporting: a failure that does not recur is inconclusive, one that does is shrunk.
      const check = ctx.checks.find((c) => c.id === f.checkId)!;
      const confirmed = await plan.confirm(index, { checkId: f.checkId, title: f.title });
      result.requests += confirmed.requests;
      const sent = confirmed.sent;
      const outcome = sent && runChecks([check], { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange }).get(check);
      if (sent && outcome?.status === 'failed') {
        const shrunk = finding(ctx, operation, phase, check, outcome, sent, { seed, index, path: confirmed.path, shrunk: confirmed.shrunk });
        result.findings.push({ ...shrunk, occurrences: f.occurrences });
      } else {
        const t = result.checks[f.checkId]!;
        t.failed -= f.occurrences;
        t.inconclusive += f.occurrences;
      }
    } else if (arbitrary && (phase === 'positive' || phase === 'negative')) {
      const shrunk = await shrink(ctx, operation, phase, arbitrary, seed, index, f, auth);
      result.requests += shrunk.requests;
      const simpler = shrunk.request ? await simplify(ctx, operation, phase, shrunk.request, shrunk.finding, auth, bound) : { finding: shrunk.finding, requests: 0 };
      result.requests += simpler.requests;
      result.findings.push(simpler.finding);
    } else if (phase === 'coverage' && planned[index]) {
      const simpler = await simplify(ctx, operation, phase, planned[index]!.request, f, auth, bound);
      result.requests += simpler.requests;
      result.findings.push(simpler.finding);
    } else {
      result.findings.push(f);
    }
  }
  const learned = ctx.learner.learned()[operation.operationId];
  if (learned?.length) result.learned = learned;
  result.durationMs = performance.now() - started;
  return result;
}

/**
 * Why a phase will not run for an operation, as far as can be told without sending anything (`--plan`):
 * the run's own reasons, then the planned phase's guard. Undefined: the phase runs (it may still find
 * nothing to generate once bound).
 */
export function staticNotRun(ctx: RunContext, operation: Operation, phase: Phase): NotRun | undefined {
  const why = whyNotRun(ctx, operation, phase);
  if (why) return why;
  const planner = PLANNED[phase];
  if (planner) return planner.guard(ctx, operation);
  if (phase === 'coverage' && !operation.requestBody) return { reason: 'nothing-to-generate', detail: 'no request body to take boundary values from' };
  return undefined;
}

function whyNotRun(ctx: RunContext, operation: Operation, phase: Phase): PhaseResult['notRun'] {
  const gone = ctx.served.notServed(operation);
  if (gone !== undefined) return { reason: 'not-served', detail: `the target answered every request ${gone}: it does not serve the operation` };
  if (!operation.availability[ctx.edition]) {
    return { reason: 'not-applicable', detail: `not served by the ${ctx.edition} edition` };
  }
  if (ctx.readOnly && operation.method !== 'GET') return { reason: 'not-applicable', detail: 'read-only run' };
  if (ctx.readOnly && phase === 'methods') return { reason: 'not-applicable', detail: 'read-only run (the methods phase sends unsafe methods)' };
  const coverage = ctx.coverage(operation);
  if (coverage !== true && !(ctx.probeOnly(operation) && PROBE_PHASES.includes(phase))) {
    const probed = ctx.probeOnly(operation) ? `; it is only probed (${PROBE_PHASES.join(', ')}) with paths that name nothing` : '';
    return { reason: 'not-covered', detail: coverage + probed };
  }
  if (PLANNED[phase]) return undefined; // the phase's planner says why it does not run
  if (phase === 'auth') {
    return operation.authenticated ? undefined : { reason: 'not-applicable', detail: 'the operation is public' };
  }
  const auth = authFor(operation, ctx.credentials);
  if ('missing' in auth) return { reason: 'no-credential', detail: auth.missing };
  if (phase === 'negative' && !ctx.invalidArbitrary(operation)) {
    return { reason: 'nothing-to-generate', detail: 'nothing in the request can be made invalid as sent (no body, and no parameter whose wire string can break its schema)' };
  }
  return undefined;
}

/**
 * The requests of a phase. For three requests in four, path parameters are bound to real resources and ids
 * named in the body are ones the server listed (the fourth keeps generated values, which exercise "not
 * found"); invalid requests break the body or the query, never the bound path.
 */
async function phaseArbitrary(
  ctx: RunContext,
  operation: Operation,
  phase: Phase,
): Promise<{ arbitrary: fc.Arbitrary<RequestCase> | null; bound: Binding }> {
  const base = phase === 'negative' ? ctx.invalidArbitrary(operation) : validRequest(operation);
  if (!base) return { arbitrary: base, bound: {} };
  if (ctx.probeOnly(operation)) {
    // A probe: every path value names nothing; nothing is bound.
    const probe = base.map((c) => ({ ...c, pathParams: Object.fromEntries(Object.entries(c.pathParams).map(([k, v]) => [k, probeValue(v)])) }));
    return { arbitrary: probe, bound: {} };
  }
  const bound = !operation.path.includes('{')
    ? {}
    : phase === 'negative'
      ? await ctx.binder.bind(operation)
      : await ctx.binder.bindPrepared(operation);
  const { values: harvest, fromBound } =
    phase === 'negative' ? { values: new Map(), fromBound: false } : await ctx.binder.harvest(operation, bound);
  if (Object.keys(bound).length === 0 && harvest.size === 0) return { arbitrary: base, bound };
  // Harvested ids belong to the first bound values (the tools of that provider): pin the path to them.
  const choices = Object.entries(bound).map(([k, v]) => [k, fromBound ? fc.constant(v[0]!) : fc.constantFrom(...v)] as const);
  const values = fc.record(Object.fromEntries(choices));
  const withBound = fc.tuple(base, values).map(([c, real]) => ({
    ...c,
    pathParams: { ...c.pathParams, ...real },
    query: harvest.size ? (withHarvested(c.query, harvest) as Record<string, unknown>) : c.query,
    ...(harvest.size && c.body?.kind === 'json' ? { body: { kind: 'json' as const, value: withHarvested(c.body.value, harvest) } } : {}),
  }));
  return { arbitrary: fc.oneof({ arbitrary: withBound, weight: 3 }, { arbitrary: base, weight: 1 }), bound };
}

function planCases(
  ctx: RunContext,
  operation: Operation,
  phase: Phase,
  seed: number,
  arbitrary: fc.Arbitrary<RequestCase> | null,
): PlannedCase[] {
  if (!arbitrary) return [];
  if (phase === 'auth') {
    const [base] = fc.sample(arbitrary, { seed, numRuns: 1 });
    return (['missing-key', 'malformed-key'] as const).map((variant) => ({
      request: base!,
      info: { kind: 'auth', variant },
      auth: variant,
    }));
  }
  if (phase === 'coverage') return coverageCases(ctx, operation, seed, arbitrary);
  return fc.sample(arbitrary, { seed, numRuns: ctx.examples }).map((request) => ({ request, info: infoOf(request) }));
}

/**
 * Deterministic cases: each body boundary (valid and invalid) on top of a valid request. Each case gets its
 * own base request, so boundaries are not masked by a conflict with the previous case (same identifier).
 */
function coverageCases(ctx: RunContext, operation: Operation, seed: number, arbitrary: fc.Arbitrary<RequestCase>): PlannedCase[] {
  const body = operation.requestBody;
  if (!body) return [];
  const boundaries = boundaryValues(body.schema, (v) => ctx.compiler.validate(body.schema, v).valid);
  const total = boundaries.valid.length + boundaries.invalid.length;
  if (total === 0) return [];
  const bases = fc.sample(arbitrary, { seed, numRuns: total });
  const cases: PlannedCase[] = boundaries.valid.map(({ value, label, pointer }, i) => ({
    request: { ...bases[i]!, body: { kind: 'json', value: transplant(bases[i]!.body, value, pointer) } },
    info: { kind: 'valid', label },
  }));
  boundaries.invalid.forEach((inv, i) => {
    const request: RequestCase = {
      ...bases[boundaries.valid.length + i]!,
      kind: 'invalid',
      body: { kind: 'json', value: inv.value },
      mutation: { ...inv, location: 'body' },
    };
    cases.push({ request, info: infoOf(request) });
  });
  return cases;
}

/**
 * The covered top-level property of a boundary value, put into the base request's own (valid) body, so
 * that the rest of the body (identifiers, names) stays as fresh as the base. Both bodies are valid objects
 * of the same schema, so swapping one property keeps the body valid unless properties depend on each
 * other; sendCase drops the case if the body no longer validates.
 */
function transplant(base: RequestCase['body'], value: unknown, pointer = ''): unknown {
  const segment = pointer.split('/')[1];
  const baseValue = base?.kind === 'json' ? base.value : undefined;
  if (segment === undefined || !isObject(baseValue) || !isObject(value)) return value;
  const key = segment.replace(/~1/g, '/').replace(/~0/g, '~');
  return key in value ? { ...baseValue, [key]: value[key] } : value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function infoOf(request: RequestCase): CaseInfo {
  if (request.kind === 'valid' || !request.mutation) return { kind: 'valid' };
  const m = request.mutation;
  // The proof is filled in once the bytes are known.
  return { kind: 'invalid', mutation: m.mutation, pointer: m.pointer, location: m.location, name: m.name, proof: { verdict: 'inconclusive', reason: 'not yet proven' } };
}

/** A case whose exchange broke off twice (planned phases send by themselves): its status-0 answer, for transport-error. */
function brokenCase(error: unknown): SentCase {
  if (!(error instanceof TransportFault)) throw error;
  return { exchange: { request: error.request, response: faultResponse(error) }, info: { kind: 'valid', namesNothing: true } };
}

/** The result of a phase cut short by an exchange of its setup that broke off twice: one transport-error finding. */
function brokenOff(ctx: RunContext, operation: Operation, phase: Phase, fault: TransportFault): PhaseResult {
  const check = ctx.checks.find((c) => c.id === 'transport-error');
  if (!check) throw new EngineError('TARGET_UNUSABLE', `${fault.request.method} ${ctx.redactor.path(fault.request.path)}: ${fault.detail}`);
  const sent: SentCase = brokenCase(fault);
  const outcome = runChecks([check], { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange }).get(check);
  const checks = Object.fromEntries(ctx.checks.map((c) => [c.id, { passed: 0, failed: 0, inconclusive: 0, skipped: c === check ? 0 : 1 }]));
  checks[check.id]!.failed = 1;
  return {
    operationId: operation.operationId,
    tag: operation.tag,
    method: operation.method,
    path: operation.path,
    phase,
    cases: 1,
    requests: 1,
    statuses: { '0': 1 },
    checks,
    findings: outcome?.status === 'failed' ? [finding(ctx, operation, phase, check, outcome, sent, { seed: ctx.seed, index: 0 })] : [],
    durationMs: fault.durationMs,
  };
}

function checkBase(ctx: RunContext, operation: Operation) {
  return { operation, operations: ctx.contract.operations, compiler: ctx.compiler, maxResponseTimeMs: ctx.maxResponseTimeMs };
}

/**
 * Serializes and sends one case. Valid cases that are not valid after all (a path a server routes to
 * another operation, a body that no longer validates) are dropped; invalid cases get their proof from
 * the bytes actually sent.
 */
async function sendCase(
  ctx: RunContext,
  operation: Operation,
  planned: PlannedCase,
  auth: Record<string, string>,
  bound: Binding = {},
): Promise<SentCase | undefined> {
  const wire = caseToWire(operation, planned.request, withVariant(auth, planned.auth));
  let info = planned.info;
  if (info.kind === 'invalid') {
    info = { ...info, proof: proveInvalid(operation, ctx.contract.operations, wire, ctx.compiler) };
  } else if (!stillValid(ctx, operation, planned.request, wire)) {
    return undefined;
  } else if (info.kind === 'valid' && namesNothing(operation, planned.request, bound)) {
    info = { ...info, namesNothing: true };
  }
  const response = await sendOrFault(ctx.client, wire);
  ctx.ledger.record(operation, wire, response);
  return { exchange: { request: wire, response }, info };
}

/** Phases whose valid bodies take what the run learned of the target's unstated rules (coverage keeps its boundaries). */
const TAMED_PHASES: Phase[] = ['positive'];
/** The label of a valid case whose body took learned values. */
export const TAMED_LABEL = 'tamed by learned rules';

/** Sends a case, its valid body first tamed by what earlier refusals taught (positive phase). */
async function sendLearning(
  ctx: RunContext,
  operation: Operation,
  phase: Phase,
  planned: PlannedCase,
  auth: Record<string, string>,
  bound: Binding,
): Promise<SentCase | undefined> {
  return sendCase(ctx, operation, TAMED_PHASES.includes(phase) ? tamed(ctx, operation, planned) : planned, auth, bound);
}

/** The planned case with its valid JSON body tamed (runner/learn.ts); unchanged when nothing was learned. */
function tamed(ctx: RunContext, operation: Operation, planned: PlannedCase): PlannedCase {
  const body = planned.request.body;
  if (planned.info.kind !== 'valid' || body?.kind !== 'json') return planned;
  const value = ctx.learner.tame(operation, body.value);
  if (value === body.value) return planned;
  return { ...planned, request: { ...planned.request, body: { kind: 'json', value } }, info: { ...planned.info, label: TAMED_LABEL } };
}

/** Whether a path value of the request is not one the binder found on the target (generated, or a probe). */
function namesNothing(operation: Operation, request: RequestCase, bound: Binding): boolean {
  return pathParamsOf(operation).some((name) => !bound[name]?.includes(String(request.pathParams[name])));
}

/** A case meant to be valid still is: it routes to its operation and its body satisfies the schema. */
function stillValid(ctx: RunContext, operation: Operation, request: RequestCase, wire: WireRequest): boolean {
  if (routeOperation(ctx.contract.operations, wire.method, wire.path.split('?')[0]!) !== operation) return false;
  const body = operation.requestBody;
  if (body && request.body?.kind === 'json') return ctx.compiler.validate(body.schema, request.body.value).valid;
  return true;
}

/** The credentials of a phase: the run's key for the operation, or a key of the run's own (OWN_KEYS). */
async function phaseAuth(ctx: RunContext, operation: Operation): Promise<Record<string, string>> {
  const own = await ctx.binder.ownAuth(operation);
  if (own) return own;
  const auth = authFor(operation, ctx.credentials);
  return 'headers' in auth ? auth.headers : {};
}

function withVariant(auth: Record<string, string>, variant?: 'missing-key' | 'malformed-key'): Record<string, string> {
  const headers = { ...auth };
  if (variant === 'missing-key') delete headers.authorization;
  if (variant === 'malformed-key') headers.authorization = 'Bearer oc_not-a-valid-key';
  return headers;
}

function tally(t: CheckTally, outcome: CheckOutcome | undefined): void {
  if (!outcome) t.skipped++;
  else t[outcome.status]++;
}

function finding(
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
function alsoOf(f: Finding): { checkId: string; severity: Severity; title: string; message: string } {
  return { checkId: f.checkId, severity: f.severity, title: f.title, message: f.message };
}

/**
 * Feeds an answer to the run's ServedTracker. When the operation's answers so far say it is not served, asks
 * once without the key if that is needed to tell (a served route refuses it with 401), and lets the
 * operation-served check judge; returns its finding when the operation is not served.
 */
async function judgeServed(
  ctx: RunContext,
  operation: Operation,
  sent: SentCase,
  result: PhaseResult,
  replay: { seed: number; index: number },
): Promise<Finding | undefined> {
  const check = ctx.checks.find((c) => c.id === 'operation-served');
  if (!check) return undefined;
  const keyed = 'authorization' in sent.exchange.request.headers;
  // Only a path that names what exists (or no path parameter at all) tells a missing route from a missing resource.
  const names = !operation.path.includes('{') || sent.info.kind === 'stateful' || (sent.info.kind === 'valid' && !sent.info.namesNothing);
  let state = ctx.served.observe(operation, sent.exchange, keyed, names);
  let last: SentCase = sent;
  if (state.state === 'suspect' && state.confirm) {
    const request = { ...sent.exchange.request, headers: withVariant(sent.exchange.request.headers, 'missing-key') };
    const response = await ctx.client.send(request);
    result.requests++;
    last = { exchange: { request, response }, info: { kind: 'auth', variant: 'missing-key' } };
    state = ctx.served.observe(operation, last.exchange, false, names);
  }
  if (state.state !== 'suspect') return undefined;
  const onGateway = operation.servedBy === 'gateway' && ctx.edition !== 'cloud' && !ctx.gateway;
  const info = ctx.served.caseOf(
    operation,
    onGateway
      ? { severity: 'warning', hint: 'A self-hosted OneCLI serves it from its gateway, not the API base URL: give --gateway-target (ONECLI_GATEWAY_URL) to test it there.' }
      : {},
  );
  const outcome = runChecks([check], { ...checkBase(ctx, operation), case: info, exchange: last.exchange }).get(check);
  tally(result.checks[check.id]!, outcome);
  if (outcome?.status !== 'failed') {
    ctx.served.markServed(operation);
    return undefined;
  }
  ctx.served.markGone(operation, last.exchange.response.status);
  return finding(ctx, operation, result.phase, check, outcome, { ...last, info }, replay);
}

/**
 * Replays the failing case with fast-check (same seed, its path) and shrinks it to a smaller request that
 * still fails the same check with the same title. The shrunk case becomes the evidence.
 */
async function shrink(
  ctx: RunContext,
  operation: Operation,
  phase: Phase,
  arbitrary: fc.Arbitrary<RequestCase>,
  seed: number,
  index: number,
  original: Finding,
  auth: Record<string, string>,
): Promise<{ finding: Finding; requests: number; request?: RequestCase }> {
  let requests = 0;
  let best: Finding | undefined;
  let bestRequest: RequestCase | undefined;
  const check = ctx.checks.find((c) => c.id === original.checkId)!;
  // A failure of a tamed case shrinks tamed; an untamed refusal shrinks as it was generated.
  const wasTamed = original.case.kind === 'valid' && original.case.label === TAMED_LABEL;
  const property = fc.asyncProperty(arbitrary, async (request) => {
    const generated: PlannedCase = { request, info: infoOf(request) };
    const toSend = wasTamed ? tamed(ctx, operation, generated) : generated;
    const sent = await sendCase(ctx, operation, toSend, auth);
    if (!sent) return true;
    requests++;
    const outcome = runChecks([check], { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange }).get(check);
    if (outcome?.status === 'failed' && outcome.violation.title === original.title && outcome.violation.cause === original.cause) {
      best = finding(ctx, operation, phase, check, outcome, sent, { seed, index, shrunk: true });
      bestRequest = toSend.request;
      return false;
    }
    return true;
  });
  const details = await fc.check(property, {
    seed,
    path: String(index),
    numRuns: ctx.examples,
    interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS,
  });
  if (!details.failed || !best) return { finding: original, requests };
  const shrunk: Finding = best;
  shrunk.replay.path = details.counterexamplePath ?? String(index);
  shrunk.replay.shrunk = details.numShrinks > 0;
  shrunk.occurrences = original.occurrences;
  return { finding: shrunk, requests, request: bestRequest };
}

/**
 * Simplifies a finding's evidence (src/runner/simplify.ts), starting from the request that was sent: one
 * change at a time, each candidate judged on the bytes it would send (admissible) before it is sent as it is
 * (not tamed again), and kept when it still fails the same check with the same title and cause. The simplest
 * failing answer becomes the evidence; when none fails, the finding stays as it was.
 */
async function simplify(
  ctx: RunContext,
  operation: Operation,
  phase: Phase,
  request: RequestCase,
  original: Finding,
  auth: Record<string, string>,
  bound: Binding,
): Promise<{ finding: Finding; requests: number }> {
  const check = ctx.checks.find((c) => c.id === original.checkId)!;
  const before = breakages(operation, caseToWire(operation, request, auth), ctx.compiler);
  // A boundary's label no longer describes a simplified value; "tamed" still does.
  const wasTamed = original.case.kind === 'valid' && original.case.label === TAMED_LABEL;
  const infoFor = (c: RequestCase): CaseInfo => (wasTamed ? { kind: 'valid', label: TAMED_LABEL } : infoOf(c));
  let best: Finding | undefined;
  let requests = 0;
  await simplifyRequest(request, {
    budget: SIMPLIFY_BUDGET,
    admissible: (candidate) => admissible(ctx, operation, candidate, auth, before),
    stillFails: async (candidate) => {
      const sent = await sendCase(ctx, operation, { request: candidate, info: infoFor(candidate) }, auth, bound);
      if (!sent) return false;
      requests++;
      const outcome = runChecks([check], { ...checkBase(ctx, operation), case: sent.info, exchange: sent.exchange }).get(check);
      if (outcome?.status !== 'failed' || outcome.violation.title !== original.title || outcome.violation.cause !== original.cause) return false;
      best = finding(ctx, operation, phase, check, outcome, sent, { ...original.replay, shrunk: true });
      return true;
    },
  });
  return { finding: best ? { ...best, occurrences: original.occurrences } : original, requests };
}

/**
 * Whether a simplified candidate is still a case of the same kind, judged on the bytes it would send: a valid
 * case still routes to its operation and validates (stillValid); an invalid one is still proven invalid
 * (proveInvalid), still breaks what its mutation broke, and breaks nothing the original request did not.
 */
function admissible(ctx: RunContext, operation: Operation, candidate: RequestCase, auth: Record<string, string>, before: Set<string>): boolean {
  const wire = caseToWire(operation, candidate, auth);
  if (candidate.kind === 'valid') return stillValid(ctx, operation, candidate, wire);
  const m = candidate.mutation;
  if (!m || proveInvalid(operation, ctx.contract.operations, wire, ctx.compiler).verdict !== 'invalid') return false;
  const after = breakages(operation, wire, ctx.compiler);
  const own = m.location !== 'body' ? `${m.location} ${m.name}` : candidate.body?.kind === 'json' ? `body${m.pointer} ${m.keyword}` : 'body';
  return after.has(own) && [...after].every((b) => before.has(b));
}
