import fc from 'fast-check';
import { validRequest } from '../../generators/requests/operation-request';
import { caseToWire } from '../../generators/requests/wire';
import type { Operation } from '../contract/types';
import type { RunOptions, RunServices } from '../runner/context-parts';
import { authFor } from '../runner/credentials';
import { send } from '../runner/send';
import { type Harvest, harvestAnswer, idKeysOf, requiredIdKeysOf } from './harvest';
import { countBuilt } from '../built';
import { canonical, RUN_SCOPE } from '../runner/cleanup';
import type { WireRequest, WireResponse } from '../http/types';
import { fnv1a } from './fnv';
import { fixtureFor, handedOver, pathFixture, userResources } from '../config/fixtures';
import { blocklistEmpty, configAbsent, MADE_BY_CONNECT, MADE_LABEL, ofProvider, permissionsAbsent, SLOTS, type SlotSpec } from './owned-slots';
import { OWN_KEYS } from './own-keys';
import { RESTORE } from './restore';
import { idFromAnswer, pathParamsOf, type Source, sourceOf } from './resources';

const CREATE_ATTEMPTS = 8;
/** Fresh resources a DELETE is bound to until its setup call accepts one (see bindPrepared). */
const PREPARE_ATTEMPTS = 4;
/** Distinct resources made per producer and parents, so that requests vary (an LLM secret among others). */
const RESOURCES_PER_SOURCE = 3;
/** Catalogue values offered per listed parameter. */
const LISTED_VALUES = 10;

/** Body ids that name resources (not catalogue entries such as a toolId). */
const MINE_ONLY = new Set(['connectionId', 'agentId']);

/** How the binder's reads are sent: nothing recorded, and a broken exchange ends the phase (runPhase's brokenOff). */
const SETUP_READ = { record: false, onFault: 'throw' } as const;

/** Values for each bound path parameter; requests pick among them. */
export type Binding = Record<string, string[]>;

/** What a binder works with: the run's settings and services (not the context that holds the binder). */
export type BinderContext = RunOptions & RunServices;

/**
 * Real values for an operation's path parameters, so that generated requests reach existing resources
 * (and 2xx answers) instead of only 404s. Resources are created by the run (and recorded in its ledger
 * for deletion); catalogue values are read from list operations. Parents are created once per run and
 * reused; the resource a DELETE removes is always a fresh one. Best effort: a parameter that cannot be
 * bound is left out, and its requests keep generated values.
 */
export class Binder {
  private readonly cache = new Map<string, Promise<string[]>>();
  private readonly restored = new Map<string, Promise<boolean>>();
  /** Operations the run does not send to this target after all, with why (their state could not be read to be put back). */
  private readonly refused = new Map<string, string>();
  /** Per slot group and provider: whether the provider held nothing of the caller's before the run, so is the run's (owned-slots.ts). */
  private readonly slots = new Map<string, Promise<boolean>>();
  /** How many connections the binder has asked for (madeConnections), so that each gets a label of its own. */
  private connectionsMade = 0;
  private readonly harvested = new Map<string, Promise<{ values: Harvest; specificKeys: Set<string> }>>();
  /** The lanes each bound value was handed to (bind). */
  private readonly handedTo = new Map<string, Set<string>>();
  /** The lane this binder works for: RUN_SCOPE for the run's own binder, a tag for a lane's view (forLane). */
  private readonly lane: string = RUN_SCOPE;
  /**
   * Productions so far per source and parents: each draws new samples (the run seed, the source, the how-many-th
   * production), so a second resource does not repeat the first, and what is drawn does not depend on which
   * lane of a concurrent run asked first.
   */
  private readonly productions = new Map<string, number>();

  constructor(private readonly ctx: BinderContext) {
    countBuilt('binders');
    // A connect answer names no connection: what it made on a provider that is the run's is found by listing.
    ctx.runLedger.follow((operation, request, response, scope) => this.madeByConnect(operation, request, response, scope));
  }

  /**
   * The run's binder as a lane sees it: the same caches, parents and productions (made once per run, in the
   * run's scope), with the lane's context, so that harvest() offers the lane only values that do not depend on
   * how far other lanes got: what the run did not make, what the lane made, and the shared parents it was
   * handed itself.
   */
  forLane(ctx: BinderContext, lane: string): Binder {
    const view = Object.create(this) as Binder;
    Object.defineProperties(view, { ctx: { value: ctx }, lane: { value: lane } });
    return view;
  }

  async bind(operation: Operation, depth = 0): Promise<Binding> {
    const bound: Binding = {};
    // On a target the run does not own, state that cannot be put back is not named at all.
    if (depth === 0 && RESTORE[operation.operationId] && this.guarded(operation) && !(await this.rememberRestore(operation))) return bound;
    const params = pathParamsOf(operation);
    for (const [i, param] of params.entries()) {
      const consumed = operation.method === 'DELETE' && i === params.length - 1;
      // The user's own value from the config file comes first (src/config/fixtures.ts): never a DELETE's own
      // resource, and on a target the run does not own only for reads and as a parent; a provider only if the run owns it.
      const given = pathFixture(this.ctx.config, operation, param, this.guarded(operation));
      const givenSlot = given !== undefined && param === 'provider' && this.guarded(operation) ? SLOTS[operation.operationId] : undefined;
      const fixed = given === undefined ? [] : givenSlot ? await this.owned(givenSlot, [given]) : [given];
      if (fixed.length) {
        bound[param] = fixed;
        continue;
      }
      // A connection the run makes itself (owned-slots.ts), never a listed one.
      const connect = this.guarded(operation) ? MADE_BY_CONNECT[operation.operationId] : undefined;
      if (connect?.param === param) {
        const key = `${connect.connect} made`;
        const made = consumed
          ? await this.madeConnections(connect.connect, 1)
          : await (this.cache.get(key) ?? this.cache.set(key, this.root.madeConnections(connect.connect, RESOURCES_PER_SOURCE)).get(key)!);
        if (made.length) bound[param] = made;
        continue;
      }
      const source = sourceOf(this.ctx.contract.operations, operation, param);
      if (!source || depth > 3) continue;
      const parents = first(await this.bind(source.operation, depth + 1));
      // The resource belongs to the parents it was made under: requests must name those, not others.
      for (const [name, value] of Object.entries(parents)) if (bound[name]) bound[name] = [value];
      const key = `${source.operation.operationId} ${JSON.stringify(parents)}`;
      let values = consumed
        ? await this.produce(source, parents, 1)
        : await (this.cache.get(key) ?? this.cache.set(key, this.root.produce(source, parents, RESOURCES_PER_SOURCE)).get(key)!);
      // A provider's configuration or connections: only providers that are the run's (owned-slots.ts).
      const slot = param === 'provider' && this.guarded(operation) ? SLOTS[operation.operationId] : undefined;
      if (slot) values = await this.owned(slot, values);
      // A DELETE never removes what the user named as theirs in the config file, listed or not (--allow-destructive).
      if (consumed) values = values.filter((v) => !userResources(this.ctx.config).has(v));
      for (const value of values) this.handedTo.set(value, (this.handedTo.get(value) ?? new Set()).add(this.lane));
      if (values.length) bound[param] = values;
    }
    return bound;
  }

  /**
   * Whether this operation is sent to a target the run does not own without `--allow-destructive` naming it:
   * then it acts only on what the run owns (owned-slots.ts, restore.ts).
   */
  private guarded(operation: Operation): boolean {
    return (
      !this.ctx.embedded && !this.ctx.allowDestructive.includes(operation.operationId) && handedOver(this.ctx.config, operation) === undefined
    );
  }

  /** Why the run does not send `operation` to this target after all (its state could not be read to be put back). */
  refusal(operation: Operation): string | undefined {
    return this.refused.get(operation.operationId);
  }

  /**
   * The providers of `values` that are the run's for the slot's group: those whose read said, the first time
   * the group asked, that they held nothing of the caller's. Claiming one leaves the ledger its undo.
   */
  private async owned(slot: SlotSpec, values: string[]): Promise<string[]> {
    const kept = await Promise.all(
      values.map(async (provider) => {
        // Every group of the kind reads the provider at once, before any of them writes there: the project's
        // configuration reads what its organization's holds, and the organization's is the run's too.
        const groups = [...new Map(Object.values(SLOTS).filter((s) => s.kind === slot.kind).map((s) => [s.group, s])).values()];
        for (const group of groups) {
          const key = `${group.group} ${provider}`;
          if (!this.slots.has(key)) this.slots.set(key, this.root.claim(group, provider));
        }
        await Promise.all(groups.map((group) => this.slots.get(`${group.group} ${provider}`)!));
        return this.slots.get(`${slot.group} ${provider}`)!;
      }),
    );
    return values.filter((_, i) => kept[i]);
  }

  /** Whether the slot's group claimed `provider` (false when no operation of the group ever asked for it). */
  private async claimed(slot: SlotSpec, provider: string): Promise<boolean> {
    const claim = this.slots.get(`${slot.group} ${provider}`);
    return claim ? claim : false;
  }

  /**
   * Reads whether `provider` holds anything of the caller's for the slot; when not, the provider is the
   * run's: its configuration is deleted at the end and read back (a 404 there means nothing was made); its
   * connections or permission rules are looked for once more before the run's last cleanup (and the
   * permissions read back).
   */
  private async claim(slot: SlotSpec, provider: string): Promise<boolean> {
    const read = this.operationOf(slot.read);
    const undo = this.operationOf(slot.undo);
    if (!read || !undo) return false;
    const auth = authFor(read, this.ctx.credentials);
    const undoAuth = authFor(undo, this.ctx.credentials);
    if ('missing' in auth || 'missing' in undoAuth) return false;
    const path = fill(read.path, { provider });
    const res = await send(this.ctx, read, { method: 'GET', path, headers: auth.headers }, SETUP_READ).catch(() => undefined);
    if (res?.status !== 200) return false;
    if (slot.kind === 'config') {
      if (!configAbsent(res.json)) return false;
      const before = res.json as Record<string, unknown>;
      this.ctx.runLedger.made({
        deleteOperation: undo,
        path: fill(undo.path, { provider }),
        id: `${slot.group}:${provider}`,
        headers: undoAuth.headers,
        listed: false,
        verify: { request: { method: 'GET', path, headers: auth.headers }, kept: (a) => a, expect: canonical(before) },
      });
      return true;
    }
    if (slot.kind === 'permissions') {
      if (!permissionsAbsent(res.json)) return false;
      this.ctx.runLedger.verifyAfter({ request: { method: 'GET', path, headers: auth.headers }, kept: (a) => a, expect: canonical(res.json) });
    } else {
      if ((listItems(res.json) ?? []).some((item) => isRecord(item) && ofProvider(slot, item, provider))) return false;
      if (slot.blocklist && !(await this.blocklistEmpty(slot.blocklist, provider))) return false;
    }
    // What the run's requests made and the follower missed (an answer that came after it listed) is found here.
    this.ctx.runLedger.onDrain(RUN_SCOPE, () => this.discover(slot, provider, RUN_SCOPE));
    return true;
  }

  /** Whether the provider's blocklist (read with `operationId`) holds no rule of the owner's. */
  private async blocklistEmpty(operationId: string, provider: string): Promise<boolean> {
    const op = this.operationOf(operationId);
    const auth = op && authFor(op, this.ctx.credentials);
    if (!op || !auth || 'missing' in auth) return false;
    const res = await send(this.ctx, op, { method: 'GET', path: fill(op.path, { provider }), headers: auth.headers }, SETUP_READ).catch(() => undefined);
    return res?.status === 200 && blocklistEmpty(res.json, !op.path.startsWith('/org/'));
  }

  /**
   * The follower of the run's ledger: a connect or a permissions write that answered 2xx on a provider that
   * is the run's made something there the answer does not name: it is found by listing.
   */
  private madeByConnect(operation: Operation, request: WireRequest, response: WireResponse, scope: string): Promise<void> | undefined {
    const slot = SLOTS[operation.operationId];
    if (!slot || slot.kind === 'config' || response.status < 200 || response.status >= 300) return undefined;
    const at = operation.path.split('/').indexOf('{provider}');
    const segment = request.path.split('?')[0]!.split('/')[at];
    if (at < 0 || segment === undefined) return undefined;
    const provider = decodeURIComponent(segment);
    return (async () => {
      if (await this.claimed(slot, provider)) await this.discover(slot, provider, scope);
    })();
  }

  /**
   * Lists the slot's list and records what is there of `provider` the ledger does not know (the provider held
   * none of it before the run, so each is the run's), except the binder's own connections (recorded as it
   * makes them).
   */
  private async discover(slot: SlotSpec, provider: string, scope: string): Promise<void> {
    const list = this.operationOf(slot.list ?? slot.read);
    const undo = this.operationOf(slot.undo);
    if (!list || !undo) return;
    const auth = authFor(list, this.ctx.credentials);
    const undoAuth = authFor(undo, this.ctx.credentials);
    if ('missing' in auth || 'missing' in undoAuth) return;
    const res = await send(this.ctx, list, { method: 'GET', path: list.path, headers: auth.headers }, { record: false });
    if (res.status !== 200) return;
    for (const item of listItems(res.json) ?? []) {
      if (!isRecord(item) || !ofProvider(slot, item, provider) || typeof item.id !== 'string') continue;
      // a project's list shows its organization's connections and rules too: those are not the project's to delete
      if (item.scope === 'organization' && !list.path.startsWith('/org/')) continue;
      if (typeof item.label === 'string' && item.label.startsWith(MADE_LABEL) && !this.ctx.runLedger.madeBy(item.id)) continue;
      this.ctx.runLedger.made({ deleteOperation: undo, path: fill(undo.path, { [pathParamsOf(undo).at(-1)!]: item.id }), id: item.id, headers: undoAuth.headers }, scope);
    }
  }

  /**
   * Up to `count` connections made by `connectId` under a label of the binder's own, on providers that are
   * the run's, each found by listing and recorded for deletion.
   */
  private async madeConnections(connectId: string, count: number): Promise<string[]> {
    const connect = this.operationOf(connectId);
    const slot = SLOTS[connectId];
    if (!connect || !slot || this.ctx.readOnly) return [];
    const auth = authFor(connect, this.ctx.credentials);
    const read = this.operationOf(slot.read);
    const undo = this.operationOf(slot.undo);
    if ('missing' in auth || !read || !undo) return [];
    const readAuth = authFor(read, this.ctx.credentials);
    const undoAuth = authFor(undo, this.ctx.credentials);
    if ('missing' in readAuth || 'missing' in undoAuth) return [];
    const source = sourceOf(this.ctx.contract.operations, connect, 'provider');
    if (!source) return [];
    const key = `${source.operation.operationId} {}`;
    const listed = await (this.cache.get(key) ?? this.cache.set(key, this.root.produce(source, {}, RESOURCES_PER_SOURCE)).get(key)!);
    const providers = await this.owned(slot, listed);
    const fields = exampleFields(connect);
    const made: string[] = [];
    for (const provider of providers) {
      for (let n = 0; n < count * 2 && made.length < count; n++) {
        const label = `${MADE_LABEL}${(fnv1a(`${this.ctx.seed} ${connectId} ${++this.root.connectionsMade}`) >>> 0).toString(16)}`;
        const body = JSON.stringify({ fields, label });
        const wire: WireRequest = { method: 'POST', path: fill(connect.path, { provider }), headers: { ...auth.headers, 'content-type': 'application/json' }, body };
        const res = await send(this.ctx, connect, wire, { onFault: 'throw' });
        if (res.status < 200 || res.status >= 300) break;
        const list = await send(this.ctx, read, { method: 'GET', path: read.path, headers: readAuth.headers }, SETUP_READ);
        const item = (listItems(list.json) ?? []).find((i) => isRecord(i) && i.provider === provider && i.label === label);
        if (!isRecord(item) || typeof item.id !== 'string') break;
        const path = fill(undo.path, { [pathParamsOf(undo).at(-1)!]: item.id });
        this.ctx.runLedger.made({ deleteOperation: undo, path, id: item.id, headers: undoAuth.headers }, this.lane);
        made.push(item.id);
      }
      if (made.length >= count) break;
    }
    return made;
  }

  private operationOf(operationId: string): Operation | undefined {
    return this.ctx.contract.operations.find((o) => o.operationId === operationId);
  }

  /**
   * Makes sure the thing an operation acts on exists: when the contract has a POST or PUT on the same path
   * or on its parent (`/apps/{p}/config` for `PATCH /apps/{p}/config/toggle`), it is called first with the
   * bound parameters, until one answer is 2xx. Only on the embedded server: elsewhere such calls would
   * change state the run did not create, and the safety rule keeps these operations out anyway.
   * False when a setup call was needed and every attempt was refused.
   */
  async prepare(operation: Operation, binding: Binding): Promise<boolean> {
    if (operation.method === 'GET' || operation.method === 'POST') return true;
    const parent = operation.path.replace(/\/[^/{}]+$/, '');
    const setup = this.ctx.contract.operations.find(
      (o) => o !== operation && (o.method === 'POST' || o.method === 'PUT') && (o.path === operation.path || o.path === parent),
    );
    if (!setup || !pathParamsOf(setup).every((p) => binding[p]?.length)) return true;
    // Elsewhere, only on what the run owns: resources it created, a provider that is the run's.
    if (!this.ctx.embedded && !(await this.ownsAll(operation, setup, first(binding)))) return true;
    return (await this.produce({ kind: 'create', operation: setup, idFields: [] }, first(binding), 1, true)).length > 0;
  }

  /** Whether every path parameter of `setup` names something the run owns (at least one). */
  private async ownsAll(operation: Operation, setup: Operation, values: Record<string, string>): Promise<boolean> {
    const params = pathParamsOf(setup);
    if (!params.length) return false;
    for (const param of params) {
      if (sourceOf(this.ctx.contract.operations, setup, param)?.kind === 'create' && this.ctx.runLedger.madeBy(values[param]!) !== undefined) continue;
      const slot = param === 'provider' && this.guarded(operation) ? SLOTS[operation.operationId] : undefined;
      if (slot && (await this.claimed(slot, values[param]!))) continue;
      return false;
    }
    return true;
  }

  /**
   * bind, then prepare. A DELETE gets a fresh resource each time it is bound; when the setup call refuses
   * that one (a budget fits only an LLM key, and the fresh secret was a generic one), it gets another, up to
   * PREPARE_ATTEMPTS resources. What was made and refused is in the ledger, deleted with the rest.
   */
  async bindPrepared(operation: Operation): Promise<Binding> {
    let binding = await this.bind(operation);
    for (let attempt = 1; attempt < PREPARE_ATTEMPTS; attempt++) {
      if (!Object.keys(binding).length || (await this.prepare(operation, binding)) || operation.method !== 'DELETE') break;
      binding = await this.bind(operation);
    }
    return binding;
  }

  /**
   * The ids a server listed that an operation's body can name (`toolId`, `agentId`, `secretIds`), read from
   * every GET the binding can address (parameterless ones, and those whose parameters are bound), once per
   * binding. Empty when the body names nothing by id. `fromBound` says whether some values came from GETs
   * addressed by the bound parameters, and so belong to the first bound values only.
   */
  async harvest(operation: Operation, binding: Binding): Promise<{ values: Harvest; fromBound: boolean }> {
    const wanted = operation.requestBody ? idKeysOf(operation.requestBody.schema) : new Set<string>();
    for (const p of operation.parameters) if (p.in === 'query' && /[a-z]Id$/.test(p.name)) wanted.add(p.name);
    if (wanted.size === 0) return { values: new Map(), fromBound: false };
    const params = first(binding);
    const key = `${this.lane} ${JSON.stringify(params)}`;
    let pending = this.harvested.get(key);
    if (!pending) {
      pending = this.collect(params);
      this.harvested.set(key, pending);
    }
    const { values, specificKeys } = await pending;
    // What a write on a provider that is the run's names in its body (the connection a connect refreshes, the
    // agent whose permissions it sets): only what the run made, on a target the run does not own.
    const mineOnly = (k: string) => this.guarded(operation) && !!SLOTS[operation.operationId] && MINE_ONLY.has(k);
    const kept = new Map(
      [...values]
        .filter(([k]) => wanted.has(k))
        .map(([k, ids]) => [k, new Set([...ids].filter((id) => this.offered(id) && (!mineOnly(k) || this.ctx.runLedger.madeBy(id) !== undefined)))] as const)
        .filter(([, ids]) => ids.size > 0),
    );
    // Ids the config file gives (src/config/fixtures.ts) replace what was listed, except where only what the run made may go.
    for (const k of wanted) {
      const given = mineOnly(k) ? undefined : (fixtureFor(this.ctx.config, operation, k, 'body') ?? fixtureFor(this.ctx.config, operation, k, 'query'));
      if (given !== undefined) kept.set(k, new Set([given]));
    }
    // Pin the path to the first bound values only for ids the body must carry, or ids in the query: an
    // optional body id (a connectionId) is better left out than allowed to narrow every request to one provider.
    const required = operation.requestBody ? requiredIdKeysOf(operation.requestBody.schema) : new Set<string>();
    for (const p of operation.parameters) if (p.in === 'query' && /[a-z]Id$/.test(p.name)) required.add(p.name);
    return { values: kept, fromBound: [...kept.keys()].some((k) => specificKeys.has(k) && required.has(k)) };
  }

  /**
   * Whether a listed id may be offered to this lane: not made by the run, made by this lane, or a shared
   * parent this lane was handed. What other lanes made (and will delete) is left out, as is a shared parent
   * made for other lanes only, which exists or not depending on their progress.
   */
  private offered(id: string): boolean {
    const maker = this.ctx.runLedger.madeBy(id);
    if (maker === undefined || maker === this.lane) return true;
    return maker === RUN_SCOPE && !!this.handedTo.get(id)?.has(this.lane);
  }

  /** The run's own binder (a lane's view produces shared parents through it, in the run's scope). */
  private get root(): Binder {
    return Object.getPrototypeOf(this) === Binder.prototype ? this : (Object.getPrototypeOf(this) as Binder);
  }

  /**
   * Reads the GETs in two tiers: those addressed by the bound parameters first (their ids belong to the
   * bound resource: the tools of *this* provider), then the parameterless lists, which only fill keys the
   * first tier left empty.
   */
  private async collect(params: Record<string, string>): Promise<{ values: Harvest; specificKeys: Set<string> }> {
    const specific = await this.read(params, (o) => pathParamsOf(o).length > 0);
    const specificKeys = new Set(specific.keys());
    const general = await this.read(params, (o) => pathParamsOf(o).length === 0);
    for (const [key, values] of general) if (!specific.has(key)) specific.set(key, values);
    return { values: specific, specificKeys };
  }

  private async read(params: Record<string, string>, tier: (op: Operation) => boolean): Promise<Harvest> {
    const harvest: Harvest = new Map();
    const gets = this.ctx.contract.operations.filter(
      (o) =>
        o.method === 'GET' && tier(o) && pathParamsOf(o).every((p) => p in params) && o.responses['200']?.contentType?.includes('json'),
    );
    // The reads go out together (a slow network would otherwise add up one round trip per list); their
    // answers are harvested in the contract's order, whichever came first.
    const answers = await Promise.all(
      gets.map((op) => {
        const auth = authFor(op, this.ctx.credentials);
        if ('missing' in auth) return undefined;
        const path = op.path.replace(/\{([^}]+)\}/g, (_m, p: string) => encodeURIComponent(params[p]!));
        return send(this.ctx, op, { method: 'GET', path, headers: auth.headers }, SETUP_READ).catch(() => undefined);
      }),
    );
    for (const [i, res] of answers.entries()) {
      if (res?.status === 200) harvestAnswer(harvest, res.json, gets[i]!.path.split('/').filter((s) => s && !s.startsWith('{')).at(-1));
    }
    return harvest;
  }

  /**
   * For operations that change state beyond what they name (RESTORE), reads that state first and leaves
   * the ledger a request that puts it back before cleanup, and (on a target the run does not own) a read that
   * verifies it is as it was. Once per operation per run. False when the state could not be read or cannot
   * be put back: on such a target the operation is then refused (refusal) and names nothing (bind).
   */
  rememberRestore(operation: Operation): Promise<boolean> {
    const id = operation.operationId;
    if (!RESTORE[id]) return Promise.resolve(true);
    return this.restored.get(id) ?? this.restored.set(id, this.readForRestore(operation)).get(id)!;
  }

  private async readForRestore(operation: Operation): Promise<boolean> {
    const spec = RESTORE[operation.operationId]!;
    const guarded = this.guarded(operation);
    const refuse = (why: string) => {
      if (guarded) this.refused.set(operation.operationId, why);
      return false;
    };
    // The embedded server is the run's: only the default agent is put back there (the run's agents could not be deleted otherwise).
    if (!guarded && !spec.alsoEmbedded) return true;
    const read = this.operationOf(spec.read);
    const call = this.operationOf(spec.call);
    if (!read || !call) return refuse(`no ${spec.read} or ${spec.call} in the contract to put back what ${operation.operationId} changes`);
    const auth = authFor(read, this.ctx.credentials);
    const callAuth = authFor(call, this.ctx.credentials);
    if ('missing' in auth || 'missing' in callAuth) return refuse(`the state ${operation.operationId} changes cannot be read and put back without the key ${spec.read} takes`);
    const readRequest: WireRequest = { method: read.method, path: read.path, headers: auth.headers };
    const res = await send(this.ctx, read, readRequest, SETUP_READ).catch(() => undefined);
    const before = res?.status === 200 && isRecord(res.json) ? res.json : undefined;
    const put = before && spec.put(before);
    if (!before || !put) return refuse(`${spec.read} answered ${res?.status ?? 'nothing'}: what ${operation.operationId} changes could not be read to be put back`);
    const path = fill(call.path, put.pathParams ?? {});
    const body = put.body === undefined ? {} : { headers: { ...callAuth.headers, 'content-type': 'application/json' }, body: JSON.stringify(put.body) };
    const request: WireRequest = { method: call.method, path, headers: callAuth.headers, ...body };
    const verify = guarded ? { request: readRequest, kept: spec.kept, expect: canonical(spec.kept(before)) } : undefined;
    // Put back at the very end, newest first, so that state several lanes changed ends as it was before the run.
    this.ctx.runLedger.restoreFirst(request, RUN_SCOPE, verify);
    return true;
  }

  /**
   * Authorization for operations that act on the caller's own key or organization (OWN_KEYS): a key the
   * run obtained from a resource it created, never the user's. Undefined for every other operation.
   */
  async ownAuth(operation: Operation): Promise<Record<string, string> | undefined> {
    const spec = OWN_KEYS[operation.operationId];
    if (!spec) return undefined;
    const producer = this.ctx.contract.operations.find((o) => o.operationId === spec.producer);
    if (!producer) return undefined;
    const [key] = await this.produce({ kind: 'create', operation: producer, idFields: [spec.field] }, {}, 1, false, spec.givesAway);
    if (!key) return undefined;
    this.ctx.redactor.add(key);
    return { authorization: `Bearer ${key}` };
  }

  /**
   * A read-only run creates nothing: the values of a created resource are read from the list of its
   * collection (GET on the create operation's path) instead, when the contract has one.
   */
  private async listed(source: Extract<Source, { kind: 'create' }>, parents: Record<string, string>): Promise<string[]> {
    const list = this.ctx.contract.operations.find((o) => o.method === 'GET' && o.path === source.operation.path);
    const auth = list && authFor(list, this.ctx.credentials);
    if (!list || !auth || 'missing' in auth) return [];
    const path = list.path.replace(/\{([^}]+)\}/g, (_m, p: string) => encodeURIComponent(parents[p] ?? ''));
    const res = await send(this.ctx, list, { method: 'GET', path, headers: auth.headers }, SETUP_READ);
    const items = res.status === 200 ? listItems(res.json) : [];
    return items.map((item) => idFromAnswer(item, source.idFields)).filter((v): v is string => !!v).slice(0, LISTED_VALUES);
  }

  /**
   * Makes (or lists) up to `count` values; each created resource is recorded for deletion. With `anyAnswer`,
   * a 2xx without an id counts as made (setup calls).
   */
  private async produce(
    source: Source,
    parents: Record<string, string>,
    count: number,
    anyAnswer = false,
    givenAway?: string,
  ): Promise<string[]> {
    if (this.ctx.readOnly && source.kind === 'create') return this.listed(source, parents);
    const op = source.operation;
    const auth = authFor(op, this.ctx.credentials);
    if ('missing' in auth) return [];
    if (source.kind === 'list') {
      const [sample] = fc.sample(validRequest(op), { seed: this.ctx.seed, numRuns: 1 });
      const wire = caseToWire(op, { ...sample!, query: {}, pathParams: { ...sample!.pathParams, ...parents } }, auth.headers);
      const res = await send(this.ctx, op, wire, SETUP_READ);
      const items = res.status === 200 ? listItems(res.json) : [];
      return items
        .map((item) => (typeof item === 'string' ? item : idFromAnswer(item, [source.field])))
        .filter((v): v is string => !!v)
        .slice(0, LISTED_VALUES);
    }
    const made: string[] = [];
    const key = `${op.operationId} ${JSON.stringify(parents)}`;
    const nth = (this.productions.get(key) ?? 0) + 1;
    this.productions.set(key, nth);
    const samples = fc.sample(validRequest(op), { seed: (this.ctx.seed + fnv1a(key) + nth) | 0, numRuns: CREATE_ATTEMPTS * count });
    for (const sample of samples) {
      if (made.length >= count) break;
      // What the target's refusals taught (runner/learn.ts), so that a strict server still gets its resources made.
      const body = sample.body?.kind === 'json' ? { kind: 'json' as const, value: this.ctx.learner.tame(op, sample.body.value) } : sample.body;
      const wire = caseToWire(op, { ...sample, ...(body ? { body } : {}), pathParams: { ...sample.pathParams, ...parents } }, auth.headers);
      // Recorded for deletion when made; a broken exchange ends the phase (a setup call).
      const res = await send(this.ctx, op, wire, { onFault: 'throw', ...(givenAway !== undefined ? { givenAway } : {}) });
      this.ctx.learner.answered(op, wire, res);
      if (res.status < 200 || res.status >= 300) continue;
      const id = idFromAnswer(res.json, source.idFields);
      if (id) made.push(id);
      else if (anyAnswer) made.push('');
    }
    return made;
  }
}

/** The items of a list answer: the array itself, or the first array property of a wrapper object. */
function listItems(body: unknown): unknown[] {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object') return Object.values(body).find(Array.isArray) ?? [];
  return [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A path with its parameters filled in (encoded). */
function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (m, p: string) => (values[p] === undefined ? m : encodeURIComponent(values[p]!)));
}

/** The `fields` a connect's body documents (its example), else an API key. */
function exampleFields(connect: Operation): Record<string, string> {
  const schema = connect.requestBody?.schema as { properties?: { fields?: { example?: unknown } } } | undefined;
  const example = schema?.properties?.fields?.example;
  return isRecord(example) && Object.values(example).every((v) => typeof v === 'string') ? (example as Record<string, string>) : { apiKey: 'occ-key' };
}

function first(binding: Binding): Record<string, string> {
  return Object.fromEntries(Object.entries(binding).map(([k, v]) => [k, v[0]!]));
}
