import fc from 'fast-check';
import type { Check, CheckOutcome } from '../../checks/types';
import type { Contract } from '../../contract/load';
import type { Operation } from '../../contract/types';
import { createdId, emptyModel, type FamilySetup, familyCommands, type Sequence, SequenceFailure, SequenceRun } from '../../stateful/commands';
import { familiesOfOperation, familyCreatedBy, type ResourceFamily, type ResourceGraph, resourceGraph } from '../../stateful/graph';
import type { Binding } from '../../stateful/bindings';
import type { Harvest } from '../../stateful/harvest';
import { pathParamsOf } from '../../stateful/resources';
import type { RunContext } from '../context';
import { authFor } from '../credentials';
import type { FindingCase, SequenceStep } from '../types';
import { notRun, type NotRun, type PhaseInput, type PhasePlan, type PlannedPhase, type SentCase, why } from './types';

/** The checks of resource lifecycles; the phase runs when one of them is selected. */
const STATEFUL_CHECKS = ['use-after-free', 'ensure-resource-availability', 'update-persisted', 'list-consistency'];
/** The checks that judge the answers of a sequence (they are other operations' answers, so not the rest). */
const JUDGED_BY = ['not-a-server-error', ...STATEFUL_CHECKS, 'max-response-time'] as const;
/** Sequences per family: --examples, at most this many. */
export const MAX_SEQUENCES = 20;
const SHRINK_TIME_LIMIT_MS = 10_000;

/**
 * The stateful phase: model-based sequences (fc.commands) over one resource family, attached to the family's
 * create operation: create, read (get, or find in the list), list, update, delete, each allowed by a
 * precondition on the model (the ids the sequence created and has not deleted). The answers are judged by
 * the lifecycle checks against what the model expects; a failure is re-run and shrunk to the shortest
 * sequence that still fails, and reported with it. Sequences only touch ids they created (recorded in the
 * ledger) and delete what they leave alive.
 */
export const statefulPhase: PlannedPhase = { guard, plan, caseKinds: ['stateful'], judgedBy: JUDGED_BY };

const graphs = new WeakMap<Contract, ResourceGraph>();

function graphOf(ctx: RunContext): ResourceGraph {
  let graph = graphs.get(ctx.contract);
  if (!graph) graphs.set(ctx.contract, (graph = resourceGraph(ctx.contract.operations, ctx.contract.document)));
  return graph;
}

/** The operations a family's sequences send. */
function familyOperations(family: ResourceFamily): Operation[] {
  return [family.create, family.get, family.list, ...family.updates, family.delete].filter((o): o is Operation => !!o);
}

function guard(ctx: RunContext, operation: Operation): NotRun | undefined {
  const graph = graphOf(ctx);
  const family = familyCreatedBy(graph, operation);
  if (!family) {
    const member = familiesOfOperation(graph, operation)[0];
    return why(
      'not-applicable',
      member
        ? `sequences of the ${member.name} family run on ${member.create.operationId}`
        : 'the operation belongs to no resource family (a create with reads, updates and deletes by id)',
    );
  }
  if (!family.get && !family.list) return why('not-applicable', `nothing reads a ${family.name} back`);
  if (!ctx.checks.some((c) => STATEFUL_CHECKS.includes(c.id))) return why('not-applicable', 'no stateful check is selected');
  for (const op of familyOperations(family)) {
    if (!op.availability[ctx.edition]) return why('not-applicable', `${op.operationId} is not served by the ${ctx.edition} edition`);
    const auth = authFor(op, ctx.credentials);
    if ('missing' in auth) return why('no-credential', `${op.operationId} ${auth.missing}`);
    const coverage = ctx.coverage(op);
    if (coverage !== true) return why('not-covered', `${op.operationId}: ${coverage}`);
  }
  return undefined;
}

async function plan({ ctx, operation, seed }: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  await ctx.binder.rememberRestore(operation);
  const refused = guard(ctx, operation);
  if (refused) return { notRun: refused };
  const family = familyCreatedBy(graphOf(ctx), operation)!;
  const binding = family.parents.length ? await ctx.binder.bind(family.create) : {};
  const parents: Record<string, string> = {};
  for (const p of family.parents) {
    const value = binding[p]?.[0];
    if (value === undefined) return notRun('nothing-to-generate', `no {${p}} to make ${family.plural} under`);
    parents[p] = value;
  }
  const harvest: Harvest = new Map();
  // a members family's set names only the candidates, which the binder makes
  for (const op of family.identity === 'members' ? [] : [family.create, ...family.updates]) {
    for (const [k, v] of (await ctx.binder.harvest(op, binding)).values) harvest.set(k, v);
  }
  const candidates = await candidatesOf(ctx, family, binding);
  if (candidates && !candidates.length) {
    return notRun('nothing-to-generate', family.identity === 'members' ? `no ${family.members!.of.plural} to assign` : `no {${family.param}} to set ${family.plural} on`);
  }
  const setup: FamilySetup = { family, creates: 0, parents, harvest, ...(candidates ? { candidates } : {}) };
  const judges = ctx.checks.filter((c) => (JUDGED_BY as readonly string[]).includes(c.id));
  const arbitrary = familyCommands(family);
  const sequences = fc.sample(arbitrary, { seed, numRuns: Math.min(ctx.examples, MAX_SEQUENCES) });
  return {
    cases: sequences.map((commands) => async () => {
      const { run } = await runSequence(ctx, setup, judges, operation, commands, () => true);
      return withRequests(run.judged, run.requests);
    }),
    foreign: { checkIds: JUDGED_BY },
    confirm: (index, failure) => confirm(ctx, setup, judges, operation, arbitrary, seed, index, failure),
  };
}

/**
 * The existing resources a sub-resource family's sets act on, made by the binder (and deleted by the ledger):
 * for `parent`, the values bound to its parameter (`{secretId}` of the budget); for `members`, resources of
 * the family the ids name, bound through one of its operations that names one by id and does not consume it.
 */
async function candidatesOf(ctx: RunContext, family: ResourceFamily, binding: Binding): Promise<string[] | undefined> {
  if (family.identity === 'parent') return binding[family.param] ?? [];
  if (family.identity !== 'members') return undefined;
  const of = family.members!.of;
  const naming = [of.get, ...of.updates].find((o) => o && pathParamsOf(o).at(-1) === of.param);
  return naming ? ((await ctx.binder.bind(naming))[of.param] ?? []) : [];
}

type StopOn = (check: Check, outcome: Extract<CheckOutcome, { status: 'failed' }>) => boolean;

/** Runs one sequence from an empty model, stopping at the first failure `stopOn` accepts; deletes what it left alive. */
async function runSequence(
  ctx: RunContext,
  setup: FamilySetup,
  judges: Check[],
  operation: Operation,
  [first, rest]: Sequence,
  stopOn: StopOn,
): Promise<{ run: SequenceRun; failure?: SequenceFailure }> {
  const model = emptyModel();
  const run = new SequenceRun(ctx, setup, judges, stopOn, operation);
  let failure: SequenceFailure | undefined;
  try {
    await fc.asyncModelRun(async () => {
      await first.run(model, run);
      return { model, real: run };
    }, rest);
  } catch (error) {
    if (!(error instanceof SequenceFailure)) throw error;
    failure = error;
  } finally {
    await run.teardown(model);
  }
  return { run, failure };
}

/**
 * Replays sequence `index` (same seed, its fast-check path) and lets fast-check shrink it while it still
 * fails `checkId` with `title`: the failing answer of the shortest such sequence, or none when the failure
 * did not recur.
 */
async function confirm(
  ctx: RunContext,
  setup: FamilySetup,
  judges: Check[],
  operation: Operation,
  arbitrary: ReturnType<typeof familyCommands>,
  seed: number,
  index: number,
  failure: { checkId: string; title: string },
): Promise<{ requests: number; sent?: SentCase; path?: string; shrunk?: boolean }> {
  let requests = 0;
  let last: SentCase | undefined;
  let crash: unknown;
  const stopOn: StopOn = (check, outcome) => check.id === failure.checkId && outcome.violation.title === failure.title;
  const property = fc.asyncProperty(arbitrary, async (commands) => {
    if (crash) return true;
    try {
      const { run, failure: failed } = await runSequence(ctx, setup, judges, operation, commands, stopOn);
      requests += run.requests;
      if (!failed) return true;
      last = withSteps(ctx, setup.family, run.judged, run.attempts, run.made);
      return false;
    } catch (error) {
      crash = error; // the target went away: not a property failure
      return true;
    }
  });
  const details = await fc.check(property, { seed, path: String(index), numRuns: 1, interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS });
  if (crash) throw crash;
  if (!details.failed || !last) return { requests };
  return { requests, sent: last, path: details.counterexamplePath ?? String(index), shrunk: details.numShrinks > 0 };
}

/**
 * The failing answer of a sequence (its last judged one), its case carrying every request of the sequence
 * up to it (redacted as a finding's request is) with the status it got, the resource each names, and for
 * creates which attempt of the command it was and the id it made: replay re-sends them and judges the
 * same step.
 */
function withSteps(ctx: RunContext, family: ResourceFamily, judged: SentCase[], attempts: number[], made: Array<string | undefined> = []): SentCase {
  const last = judged.at(-1)!;
  if (last.info.kind !== 'stateful') return last;
  const steps: SequenceStep[] = [];
  for (const [i, { exchange, info }] of judged.entries()) {
    if (info.kind !== 'stateful') continue;
    const { request, response } = exchange;
    const id = 'id' in info.expect ? info.expect.id : undefined;
    // a sub-resource's create (set, assign) makes what its request names: the model knows which
    const created = info.expect.of !== 'create' ? undefined : family.identity ? made[i] : createdId(family, response);
    steps.push({
      command: info.command,
      operationId: info.operationId,
      of: info.expect.of,
      ...(attempts[i] ? { attempt: attempts[i] } : {}),
      ...(id !== undefined ? { id: ctx.redactor.text(id) } : {}),
      ...(created !== undefined ? { created: ctx.redactor.text(created) } : {}),
      request: {
        method: request.method,
        path: ctx.redactor.path(request.path),
        headers: ctx.redactor.headers(request.headers),
        ...(request.body !== undefined ? { body: ctx.redactor.body(request.body) } : {}),
      },
      status: response.status,
    });
  }
  const info: FindingCase = { ...last.info, steps, judgedStep: steps.length - 1 };
  return { ...last, info };
}

/** The judged answers of a sequence, carrying its request count (teardown included) so the phase adds it up. */
function withRequests(judged: SentCase[], requests: number): SentCase[] {
  return judged.map((sent, i) => ({ ...sent, requests: i === judged.length - 1 ? requests - (judged.length - 1) : 1 }));
}
