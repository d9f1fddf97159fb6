import fc from 'fast-check';
import { validRequest } from '../../generators/requests/operation-request';
import type { RequestCase } from '../../generators/requests/types';
import { caseToWire, matchTemplate } from '../../generators/requests/wire';
import type { CaseInfo, Check, CheckOutcome, StatefulExpectation } from '../checks/types';
import type { Operation } from '../contract/types';
import type { WireRequest, WireResponse } from '../http/types';
import type { RunContext } from '../runner/context';
import { authFor } from '../runner/credentials';
import type { SentCase } from '../runner/phases/types';
import { runChecks } from '../runner/run-checks';
import { send } from '../runner/send';
import { itemSchemaOf, type ResourceFamily } from './graph';
import { type Harvest, idKeysOf, withHarvested } from './harvest';
import { idFromAnswer } from './resources';

/**
 * Commands a sequence runs at most, the leading create included. Twice as many are generated, as
 * preconditions drop some (no read before a create, no update after the last delete).
 */
export const MAX_COMMANDS = 8;
/** Resources a sequence keeps alive at once. */
const MAX_LIVE = 3;
/**
 * Bodies a create command tries, in order, until one is answered 2xx: valid bodies may still break business
 * rules the contract does not state ("Secret value is required" for an inline secret without a value), or
 * name something that exists (409).
 */
export const CREATE_ATTEMPTS = 4;

/** The model: what a sequence made, and what it expects the server to hold. */
export interface SequenceModel {
  /** Ids the sequence's 2xx creates returned, in order. */
  created: string[];
  /** Those a 2xx delete removed. */
  deleted: Set<string>;
  /** Per id, the scalar fields 2xx updates set (as their answers echoed them, else as sent). */
  fields: Map<string, Record<string, unknown>>;
  /** Commands run so far. */
  steps: number;
}

export type CommandKind = StatefulExpectation['of'];

/**
 * One command of a sequence: a kind, which resource it names (`pick`, counted from the newest of the model's
 * ids, so that a shrunk sequence still names a resource and removing an earlier command keeps naming the
 * same one), and for an update the generated request.
 */
class FamilyCommand implements fc.AsyncCommand<SequenceModel, SequenceRun> {
  constructor(
    readonly kind: CommandKind,
    /** For a create, the seed of its bodies; otherwise which of the model's ids the command names. */
    readonly pick: number,
    /** For an update, its request. */
    readonly requests: RequestCase[],
    readonly operation: Operation | undefined,
    private readonly label: string,
  ) {}

  check(m: Readonly<SequenceModel>): boolean {
    if (m.steps >= MAX_COMMANDS) return false;
    const live = m.created.filter((id) => !m.deleted.has(id)).length;
    if (this.kind === 'create') return live < MAX_LIVE;
    if (this.kind === 'read' || this.kind === 'list') return m.created.length > 0;
    return live > 0;
  }

  run(m: SequenceModel, r: SequenceRun): Promise<void> {
    return r.execute(this, m);
  }

  toString(): string {
    return this.label;
  }
}

/** Thrown by a command whose answer failed a check the run stops on; ends the sequence (and fails the property). */
export class SequenceFailure extends Error {
  constructor(readonly checkId: string, readonly title: string) {
    super(`${checkId}: ${title}`);
  }
}

/** Everything a family's sequences need, prepared once per phase (auth, parents, harvested ids). */
export interface FamilySetup {
  family: ResourceFamily;
  /** Creates executed so far in the phase: each execution of a create draws fresh bodies. */
  creates: number;
  /** Values of the create operation's own path parameters (the parent resources). */
  parents: Record<string, string>;
  /** Ids the server listed, for bodies that name other things by id. */
  harvest: Harvest;
  /**
   * For sub-resource families (`identity`): the existing resources a set acts on (`parent`: the resources the
   * sub-resource is set on; `members`: the resources whose ids are assigned), made by the binder.
   */
  candidates?: string[];
}

/** A generated sequence: a create first (so that every sequence acts on something), then fc.commands. */
export type Sequence = [first: fc.AsyncCommand<SequenceModel, SequenceRun>, rest: Iterable<fc.AsyncCommand<SequenceModel, SequenceRun>>];

/** What the commands of a family are called, by how its resources are named. */
const VERBS = {
  created: { create: 'create', update: 'update', delete: 'delete' },
  parent: { create: 'set', update: 'replace', delete: 'clear' },
  members: { create: 'assign', update: 'update', delete: 'unassign' },
} as const;

/** The sequences of a family: a create, then fc.commands over create, read, list, update and delete. */
export function familyCommands(family: ResourceFamily): fc.Arbitrary<Sequence> {
  const { name, plural } = family;
  const read = family.get ? `get ${name}` : `find ${name} in list`;
  const verbs = VERBS[family.identity ?? 'created'];
  // Bodies do not shrink: a shrunk sequence is one with fewer commands, not one with other bodies (a shrunk
  // body may no longer be accepted, and shrinking it would cost a sequence per try). A create draws fresh
  // bodies each time it runs, so that a replayed sequence does not collide with what an earlier run left.
  const create = fc
    .noShrink(fc.integer({ min: 0, max: 0x7fffffff }))
    .map((seed) => new FamilyCommand('create', seed, [], family.create, `${verbs.create} ${name}`));
  // Reads and updates are listed twice: they are drawn twice as often, so that reads follow updates and deletes.
  const arbs: Array<fc.Arbitrary<FamilyCommand>> = [create];
  const readArb = fc.nat().map((k) => new FamilyCommand('read', k, [], undefined, read));
  if (family.get || family.list) arbs.push(readArb, readArb);
  if (family.list) arbs.push(fc.constant(new FamilyCommand('list', 0, [], undefined, `list ${plural}`)));
  for (const update of family.updates) {
    const updateArb = fc.tuple(fc.nat(), fc.noShrink(validRequest(update))).map(([k, r]) => new FamilyCommand('update', k, [r], update, `${verbs.update} ${name}`));
    arbs.push(updateArb, updateArb);
  }
  if (family.delete) arbs.push(fc.nat().map((k) => new FamilyCommand('delete', k, [], undefined, `${verbs.delete} ${name}`)));
  return fc.tuple(create, fc.commands(arbs, { maxCommands: 2 * MAX_COMMANDS }));
}

/**
 * The real side of one sequence: sends each command, keeps the judged answers, and stops (throws
 * SequenceFailure) when a check fails that `stopOn` accepts. `teardown` deletes what is still alive.
 */
export class SequenceRun {
  /** The answers the checks judge, one per command sent, each with the sequence up to it. */
  readonly judged: SentCase[] = [];
  /** Per judged answer, which attempt of its create command it was (1, 2, …); 0 for other commands. */
  readonly attempts: number[] = [];
  /** Per judged answer, the id its create command made (by the model: a sub-resource's id is in its request, not its answer). */
  readonly made: Array<string | undefined> = [];
  readonly names: string[] = [];
  requests = 0;

  constructor(
    private readonly ctx: RunContext,
    private readonly setup: FamilySetup,
    private readonly judges: Check[],
    private readonly stopOn: (check: Check, outcome: Extract<CheckOutcome, { status: 'failed' }>) => boolean,
    private readonly phaseOperation: Operation,
  ) {}

  async execute(command: FamilyCommand, m: SequenceModel): Promise<void> {
    const { family } = this.setup;
    m.steps++;
    const live = m.created.filter((id) => !m.deleted.has(id));
    const ordinal = (id: string) => (m.created.length > 1 ? ` #${m.created.indexOf(id) + 1}` : '');
    let operation: Operation;
    let wire: WireRequest;
    let id: string | undefined;
    let name = command.toString();
    switch (command.kind) {
      case 'create': {
        operation = family.create;
        // Each body in turn until one is answered 2xx; every attempt is judged, the command is named once.
        const seed = (command.pick + this.setup.creates++ * 0x9e3779b1) | 0;
        const bodies = family.identity === 'members' ? [this.assigning(live, command.pick)] : fc.sample(validRequest(operation), { seed, numRuns: CREATE_ATTEMPTS });
        const candidates = this.setup.candidates ?? [];
        for (const [i, request] of bodies.entries()) {
          // a sub-resource is set on each existing resource in turn (one may refuse it: a budget on a generic secret)
          const on = family.identity === 'parent' && candidates.length ? { [family.param]: candidates[(command.pick + i) % candidates.length]! } : {};
          const attempt = this.wire(operation, request, on);
          const response = await this.send(operation, attempt, true);
          this.ctx.learner.answered(operation, attempt, response);
          const created = observe(family, m, 'create', undefined, attempt, response);
          const last = created !== undefined || i === bodies.length - 1 || response.status >= 500;
          if (created !== undefined) {
            if (m.created.length > 1) name += ` #${m.created.indexOf(created) + 1}`;
          } else if (last && !(family.identity === 'members' && response.status < 300)) {
            // (a members set that added nothing new, every candidate being assigned already, was not refused)
            name += ` (refused: ${response.status})`;
          }
          if (last) this.names.push(name);
          this.judge(attempt, response, { kind: 'stateful', command: name, operationId: operation.operationId, expect: expectation(family, m, 'create') }, i + 1, created);
          if (last) return;
        }
        return;
      }
      case 'read':
        id = newest(m.created, command.pick);
        operation = family.get ?? family.list!;
        wire = this.wire(operation, bare(operation), family.get ? { [family.param]: id } : {});
        name += ordinal(id);
        break;
      case 'list':
        operation = family.list!;
        wire = this.wire(operation, bare(operation), {});
        break;
      case 'update':
        id = newest(live, command.pick);
        operation = command.operation!;
        wire = this.wire(operation, command.requests[0]!, { [family.param]: id });
        name += ordinal(id);
        break;
      case 'delete':
        id = newest(live, command.pick);
        operation = family.delete!;
        wire =
          family.identity === 'members'
            ? this.wire(operation, membersRequest(family, live.filter((other) => other !== id)), {})
            : this.wire(operation, bare(operation), { [family.param]: id });
        name += ordinal(id);
        break;
    }
    const expect = expectation(family, m, command.kind, id, operation);
    const response = await this.send(operation, wire);
    this.ctx.learner.answered(operation, wire, response);
    observe(family, m, command.kind, id, wire, response);
    this.names.push(name);
    this.judge(wire, response, { kind: 'stateful', command: name, operationId: operation.operationId, expect });
  }

  /** Sends one request of the sequence (counted; a create's 2xx recorded for cleanup); a broken exchange ends the sequence. */
  private async send(operation: Operation, wire: WireRequest, create = false): Promise<WireResponse> {
    return send(this.ctx, operation, wire, { record: create && wire, onFault: 'throw', count: this });
  }

  /** Keeps the answer for the phase and judges it now; throws SequenceFailure on a failure the run stops on. */
  private judge(request: WireRequest, response: WireResponse, info: Extract<CaseInfo, { kind: 'stateful' }>, attempt = 0, made?: string): void {
    const sent: SentCase = { exchange: { request, response }, info, sequence: [...this.names] };
    this.judged.push(sent);
    this.attempts.push(attempt);
    this.made.push(made);
    const base = { operation: this.phaseOperation, operations: this.ctx.contract.operations, compiler: this.ctx.compiler, maxResponseTimeMs: this.ctx.maxResponseTimeMs };
    for (const [check, outcome] of runChecks(this.judges, { ...base, case: sent.info, exchange: sent.exchange })) {
      if (outcome?.status === 'failed' && this.stopOn(check, outcome)) throw new SequenceFailure(check.id, outcome.violation.title);
    }
  }

  /**
   * A members family's assign: the set the model holds live plus one more of the candidates, the first
   * (counted from `pick`) not assigned yet.
   */
  private assigning(live: string[], pick: number): RequestCase {
    const candidates = this.setup.candidates ?? [];
    const free = candidates.filter((c) => !live.includes(c));
    const added = free.length ? free[pick % free.length]! : candidates[pick % Math.max(candidates.length, 1)];
    return membersRequest(this.setup.family, added === undefined || live.includes(added) ? live : [...live, added]);
  }

  /** Deletes (clears, unassigns) what the sequence left alive (not judged); the ledger deletes anything this misses. */
  async teardown(m: SequenceModel): Promise<void> {
    const del = this.setup.family.delete;
    if (!del) return;
    if (this.setup.family.identity === 'members') {
      if (m.created.some((id) => !m.deleted.has(id))) await this.send(del, this.wire(del, membersRequest(this.setup.family, []), {})).catch(() => undefined);
      return;
    }
    for (const id of m.created.filter((id) => !m.deleted.has(id))) {
      const res = await this.send(del, this.wire(del, bare(del), { [this.setup.family.param]: id })).catch(() => undefined);
      if (res && res.status < 300) m.deleted.add(id);
    }
  }

  private wire(operation: Operation, request: RequestCase, ids: Record<string, string>): WireRequest {
    const auth = authFor(operation, this.ctx.credentials);
    const { harvest } = this.setup;
    let body = request.body?.kind === 'json' && harvest.size ? { kind: 'json' as const, value: withHarvested(request.body.value, harvest) } : request.body;
    // What the target's refusals taught of its unstated rules (runner/learn.ts); still valid by the contract.
    if (body?.kind === 'json' && operation.requestBody) body = { kind: 'json', value: this.ctx.learner.tame(operation, body.value) };
    const pathParams = { ...request.pathParams, ...this.setup.parents, ...ids };
    return caseToWire(operation, { ...request, pathParams, ...(body ? { body } : {}) }, 'headers' in auth ? auth.headers : {});
  }
}

/** A members family's set request: its body holds exactly `ids`. */
function membersRequest(family: ResourceFamily, ids: string[]): RequestCase {
  return { ...bare(family.create), body: { kind: 'json', value: { [family.members!.field]: ids } } };
}

/** The `pick`-th newest of `ids` (cycling). */
function newest(ids: string[], pick: number): string {
  return ids[ids.length - 1 - (pick % ids.length)]!;
}

/** A fresh, empty model. */
export function emptyModel(): SequenceModel {
  return { created: [], deleted: new Set(), fields: new Map(), steps: 0 };
}

/**
 * What the model expects of the answer to a command of kind `kind` naming resource `id` (none for a create
 * or a list), taken before the command is sent. `operation`: the update sent (whether its body names other
 * resources by id). Replay rebuilds the model with this and `observe` from the answers it gets.
 */
export function expectation(family: ResourceFamily, m: Readonly<SequenceModel>, kind: CommandKind, id?: string, operation?: Operation): StatefulExpectation {
  switch (kind) {
    case 'create':
      return { of: 'create' };
    case 'read': {
      const state = m.deleted.has(id!) ? 'deleted' : 'live';
      const fields = m.fields.get(id!);
      return { of: 'read', via: family.get ? 'get' : 'list', id: id!, idFields: family.idFields, state, ...(fields && state === 'live' ? { fields } : {}) };
    }
    case 'list':
      return { of: 'list', idFields: family.idFields, live: m.created.filter((c) => !m.deleted.has(c)), deleted: m.created.filter((c) => m.deleted.has(c)) };
    case 'update': {
      // A 404 to a body naming other resources by id may be about those: availability is not judged then.
      const namesOthers = !!operation?.requestBody && idKeysOf(operation.requestBody.schema).size > 0;
      return namesOthers ? { of: 'update', id: id!, namesOthers } : { of: 'update', id: id! };
    }
    case 'delete':
      // unassigning sends the ids of the others: a 404 may be about those (or the resource they are assigned to)
      return family.identity === 'members' ? { of: 'delete', id: id!, namesOthers: true } : { of: 'delete', id: id! };
  }
}

/**
 * What an answer changes in the model: a 2xx create adds the id its answer carries (returned), or, when the
 * model holds that id already, makes it live again in the state the answer gives (an upsert, not a second
 * resource); a 2xx update sets the scalar fields it sent (as the answer echoed them), a 2xx delete removes
 * the resource.
 */
export function observe(
  family: ResourceFamily,
  m: SequenceModel,
  kind: CommandKind,
  id: string | undefined,
  request: WireRequest,
  response: Pick<WireResponse, 'status' | 'json'>,
): string | undefined {
  if (response.status < 200 || response.status >= 300) return undefined;
  if (family.identity === 'members' && (kind === 'create' || kind === 'delete')) return assigned(family, m, request.body);
  switch (kind) {
    case 'create': {
      if (family.identity === 'parent') {
        // the sub-resource is named by the path: set (again, after a clear) on that resource, with what the body set
        const on = matchTemplate(family.create.path, request.path.split('?')[0]!)?.[family.param];
        if (on === undefined) return undefined;
        if (!m.created.includes(on)) m.created.push(on);
        m.deleted.delete(on);
        m.fields.set(on, setFields(request.body, response.json, shownFields(family)));
        return on;
      }
      const created = createdId(family, response);
      if (created === undefined) return undefined;
      if (m.created.includes(created)) {
        // An upsert: the server answered with a resource the sequence made already (activating a predefined
        // blocklist host re-enables the rule it had). It is one resource, live again, in the state the answer
        // states: what the model expected of it before holds only as far as the answer repeats it.
        m.deleted.delete(created);
        m.fields.set(created, restated(m.fields.get(created), request.body, response.json, shownFields(family)));
      } else {
        m.created.push(created);
      }
      return created;
    }
    case 'update':
      m.fields.set(id!, { ...m.fields.get(id!), ...setFields(request.body, response.json, shownFields(family)) });
      return undefined;
    case 'delete':
      m.deleted.add(id!);
      m.fields.delete(id!);
      return undefined;
    default:
      return undefined;
  }
}

/**
 * A 2xx set of a members family: the ids its body held are live (added to the model when new), the model's
 * other ids are no longer assigned. Returns the first id the set added.
 */
function assigned(family: ResourceFamily, m: SequenceModel, body: string | undefined): string | undefined {
  let sent: unknown;
  try {
    sent = body ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
  const ids = isObject(sent) ? sent[family.members!.field] : undefined;
  if (!Array.isArray(ids)) return undefined;
  const now = new Set(ids.filter((id): id is string => typeof id === 'string'));
  let added: string | undefined;
  for (const id of now) {
    if (!m.created.includes(id)) m.created.push(id);
    else if (!m.deleted.has(id)) continue;
    m.deleted.delete(id);
    added ??= id;
  }
  for (const id of m.created) if (!now.has(id)) m.deleted.add(id);
  return added;
}

/** The id of the resource a create's answer says it made: a 2xx answer's id field. */
export function createdId(family: ResourceFamily, response: Pick<WireResponse, 'status' | 'json'>): string | undefined {
  return response.status >= 200 && response.status < 300 ? idFromAnswer(response.json, family.idFields) : undefined;
}

/** The properties a read of the family documents as scalars: only those are compared after an update. */
function shownFields(family: ResourceFamily): Set<string> {
  const properties: Record<string, unknown> = itemSchemaOf(family.get, family.list)?.properties ?? {};
  return new Set(Object.entries(properties).filter(([, schema]) => isScalarSchema(schema)).map(([name]) => name));
}

/** A request with nothing generated: path parameters are filled from the model, no query, no body. */
export function bare(operation: Operation): RequestCase {
  return { operationId: operation.operationId, kind: 'valid', pathParams: {}, query: {}, headers: {} };
}

/** The scalar fields an update sent that reads document, each as the answer echoed it when it did. */
function setFields(body: string | undefined, answer: unknown, shown: Set<string>): Record<string, unknown> {
  let sent: unknown;
  try {
    sent = body ? JSON.parse(body) : undefined;
  } catch {
    return {};
  }
  if (!isObject(sent)) return {};
  const echoed = isObject(answer) ? answer : {};
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(sent)) {
    if (!isScalar(v) || !shown.has(k)) continue;
    fields[k] = k in echoed && isScalar(echoed[k]) ? echoed[k] : v;
  }
  return fields;
}

/**
 * The fields the model expects of a resource a create answered again (an upsert): of the fields expected
 * before, those the answer shows, with the answer's value (the others are no longer known), then the scalar
 * fields the create sent that reads document, as the answer echoed them. Nothing else of the answer is taken:
 * fields the server manages (timestamps) would be stale after the next update.
 */
function restated(before: Record<string, unknown> | undefined, body: string | undefined, answer: unknown, shown: Set<string>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const echoed = isObject(answer) ? answer : {};
  for (const k of Object.keys(before ?? {})) if (k in echoed && isScalar(echoed[k])) fields[k] = echoed[k];
  return { ...fields, ...setFields(body, answer, shown) };
}

/** A schema whose values are strings, numbers or booleans (or null). */
function isScalarSchema(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.length > 0 && types.every((t) => ['string', 'number', 'integer', 'boolean', 'null'].includes(t as string)) && !types.every((t) => t === 'null');
}

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
