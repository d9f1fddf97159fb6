import type { Operation } from '../contract/types';
import type { HttpClient } from '../http/client';
import type { WireRequest, WireResponse } from '../http/types';
import { listedIds } from '../stateful/read-back';
import { deleteOf, idFieldsFor, idFromAnswer, pathParamsOf } from '../stateful/resources';
import type { Credentials } from './credentials';
import { countBuilt } from '../built';
import { type Journal, journalRequest } from './journal';

interface Created {
  /** The part of the run that made it (LedgerScope): drained when that part ends. */
  scope: string;
  deleteOperation: Operation;
  path: string;
  id: string;
  headers: Record<string, string>;
  /** Why the resource may legitimately be beyond the run's reach at the end (it was given away). */
  givenAway?: string;
  /** False for what no list of its collection names (a provider's configuration): not looked for after deletion. */
  listed?: boolean;
  /** A read that must answer as before once it is deleted (Ledger.made). */
  verify?: Verification;
}

/**
 * How to tell that state the run changed is as it was: `request` (a GET) must answer 200 with `kept(body)`
 * equal to `expect` (canonical JSON of what it answered before the run).
 */
export interface Verification {
  request: WireRequest;
  kept: (body: Record<string, unknown>) => unknown;
  expect: string;
}

/** What the run made without a create's answer naming it (a configuration, a connection found by listing). */
export interface Made {
  deleteOperation: Operation;
  path: string;
  id: string;
  headers: Record<string, string>;
  listed?: boolean;
  verify?: Verification;
}

/** Told of every request the ledger sees (Ledger.follow), so that what a create made without an id is found. */
export type Follower = (operation: Operation, request: WireRequest, response: WireResponse, scope: string) => Promise<void> | undefined;

/** The scope of what the run as a whole made (the binder's parents, shared by every lane): drained last. */
export const RUN_SCOPE = 'run';

/** What a lane of the run records into the run's ledger (Ledger.scope). */
export interface LedgerScope {
  record(operation: Operation, request: WireRequest, response: WireResponse, givenAway?: string): void;
  restoreFirst(request: WireRequest, verify?: Verification): void;
}

/**
 * A ledger of what the run created. A 2xx answer to a POST on a collection that returns an id, where the
 * contract has a DELETE on `<collection>/{param}`, is recorded; `drain` deletes them, newest first, after
 * replaying the requests that put back state the run changed (the project's default agent), then verifies
 * by listing each collection (where the contract can list it) that none of them is still there.
 * What the run made without an answer naming it (a provider's configuration, a connection or a permission
 * rule found by listing: the binder's followers find them) is recorded with `made`, and settings put back
 * or state deleted are read back at the end (`Verification`): anything not as before the run is left over.
 */
export class Ledger {
  private readonly created: Created[] = [];
  private readonly restores: Array<{ scope: string; request: WireRequest; verify?: Verification }> = [];
  private readonly followers: Follower[] = [];
  private readonly checks: Array<{ scope: string; verify: Verification }> = [];
  /** Followers' work under way (drain waits for it). */
  private readonly inflight = new Set<Promise<void>>();
  /** Work a drain does first, per scope (finding what the run made without an id). */
  private readonly beforeDrain: Array<{ scope: string; run: () => Promise<void> }> = [];
  /** Resources the run gave away as documented (and so could not delete), with the reason. */
  readonly givenAway: string[] = [];
  /** The scope that made each id the run recorded, deleted or not. */
  private readonly makers = new Map<string, string>();

  /** With `journal`, every record, restore and deletion is also written there as it happens (external targets). */
  constructor(
    private readonly operations: Operation[],
    private readonly journal?: { journal: Journal; credentials: Credentials },
  ) {
    countBuilt('ledgers');
  }

  /**
   * The same ledger, recording under `scope` (a tag's lane): `drain(client, scope)` then undoes only what was
   * recorded there, while other lanes go on using what they made. What the ledger itself records (the
   * binder's shared parents) is in the run's scope, drained last.
   */
  scope(scope: string): LedgerScope {
    return {
      record: (operation, request, response, givenAway) => this.record(operation, request, response, givenAway, scope),
      restoreFirst: (request, verify) => this.restoreFirst(request, scope, verify),
    };
  }

  /**
   * A request that puts back state the run is about to change; replayed first by `drain`, newest first. With
   * `verify`, the replay is skipped when the state already reads as before, and the state is read back after
   * the drain (anything else is left over).
   */
  restoreFirst(request: WireRequest, scope = RUN_SCOPE, verify?: Verification): void {
    this.restores.push({ scope, request, ...(verify ? { verify } : {}) });
    this.write((j, credentials) => j.append({ event: 'restore', target: j.target, request: journalRequest(request, credentials) }));
  }

  private write(entry: (journal: Journal, credentials: Credentials) => void): void {
    if (this.journal) entry(this.journal.journal, this.journal.credentials);
  }

  /** A read that must answer as before the run once `drain(client, scope)` has undone everything. */
  verifyAfter(verify: Verification, scope = RUN_SCOPE): void {
    this.checks.push({ scope, verify });
  }

  /** Tells `follower` of every request recorded from now on (in any scope). */
  follow(follower: Follower): void {
    this.followers.push(follower);
  }

  /** Work `drain(client, scope)` does first (after the followers' work under way). */
  onDrain(scope: string, run: () => Promise<void>): void {
    this.beforeDrain.push({ scope, run });
  }

  /**
   * Something the run made that no create answer named (a configuration on a provider that had none, a
   * connection found by listing): journaled and deleted like a recorded create. Recorded once per id.
   */
  made(item: Made, scope = RUN_SCOPE): void {
    if (this.makers.has(item.id)) return;
    this.created.push({ scope, ...item });
    this.makers.set(item.id, scope);
    const { path, headers } = item;
    this.write((j, credentials) =>
      j.append({ event: 'created', target: j.target, what: item.deleteOperation.operationId, request: journalRequest({ method: 'DELETE', path, headers }, credentials) }),
    );
  }

  record(operation: Operation, request: WireRequest, response: WireResponse, givenAway?: string, scope = RUN_SCOPE): void {
    for (const follower of this.followers) {
      const work = follower(operation, request, response, scope);
      if (work) {
        const tracked = work.catch(() => undefined).finally(() => this.inflight.delete(tracked));
        this.inflight.add(tracked);
      }
    }
    if (operation.method !== 'POST' || response.status < 200 || response.status >= 300) return;
    const del = deleteOf(this.operations, operation);
    if (!del) return;
    const id = idFromAnswer(response.json, idFieldsFor(pathParamsOf(del).at(-1)!));
    if (id === undefined) return;
    const collection = request.path.split('?')[0]!;
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k === 'authorization' || k === 'x-project-id'));
    const path = `${collection}/${encodeURIComponent(id)}`;
    this.created.push({ scope, deleteOperation: del, path, id, headers, givenAway });
    this.makers.set(id, scope);
    this.write((j, credentials) =>
      j.append({ event: 'created', target: j.target, what: del.operationId, request: journalRequest({ method: 'DELETE', path, headers }, credentials) }),
    );
  }

  /** The scope whose request created `id`, when the run created it. */
  madeBy(id: string): string | undefined {
    return this.makers.get(id);
  }

  /**
   * Deletes what was recorded (in `scope` only, when given); returns the paths that could not be deleted.
   */
  async drain(client: HttpClient, scope?: string): Promise<string[]> {
    const left: string[] = [];
    while (this.inflight.size) await Promise.all([...this.inflight]);
    for (const hook of this.beforeDrain.filter((h) => scope === undefined || h.scope === scope)) await hook.run().catch(() => undefined);
    while (this.inflight.size) await Promise.all([...this.inflight]);
    const mine = <T extends { scope: string }>(items: T[]): T[] => {
      const taken = items.filter((i) => scope === undefined || i.scope === scope);
      const kept = items.filter((i) => !taken.includes(i));
      items.splice(0, items.length, ...kept);
      return taken;
    };
    const restores = mine(this.restores);
    const created = mine(this.created);
    const verifications: Verification[] = mine(this.checks).map((c) => c.verify);
    while (restores.length) {
      const { request, verify } = restores.pop()!;
      if (verify) verifications.push(verify);
      // Already as it was (the operation never changed it, or a later restore put it back): nothing to replay.
      const unchanged = verify && (await reads(client, verify));
      const res = unchanged ? { status: 200 } : await client.send(request).catch(() => undefined);
      if (!res || res.status >= 300) left.push(`could not restore: ${request.method} ${request.path}`);
      else this.write((j) => j.append({ event: 'restored', target: j.target, method: request.method, path: request.path }));
    }
    const deleted: Created[] = [];
    // Newest first, so that what was made under something is deleted before it; a run of consecutive items of
    // one collection (the 50 agents of a positive phase) is deleted side by side, as they do not depend on
    // each other.
    for (const batch of batches(created.reverse())) {
      const answers = await Promise.all(
        batch.map((item) => client.send({ method: 'DELETE', path: item.path, headers: item.headers }).catch(() => undefined)),
      );
      for (const [i, res] of answers.entries()) {
        const item = batch[i]!;
        if (res && (res.status < 300 || res.status === 404)) {
          deleted.push(item);
          this.write((j) => j.append({ event: 'deleted', target: j.target, path: item.path }));
          continue;
        }
        if (item.givenAway) {
          this.givenAway.push(`${item.deleteOperation.operationId} ${item.path}: ${item.givenAway}`);
          // Beyond the run's reach as documented: nothing for a later cleanup to retry.
          this.write((j) => j.append({ event: 'deleted', target: j.target, path: item.path }));
        } else left.push(`${item.deleteOperation.operationId} ${item.path}`);
      }
    }
    left.push(...(await this.stillListed(client, deleted.filter((item) => item.listed !== false))));
    for (const item of deleted) if (item.verify) verifications.push(item.verify);
    for (const verify of verifications) {
      if (!(await reads(client, verify))) left.push(`not as before the run: GET ${verify.request.path} (expected ${verify.expect})`);
    }
    return left;
  }

  /** The deleted resources a list of their collection still holds (a delete that answered success and kept it). */
  private async stillListed(client: HttpClient, deleted: Created[]): Promise<string[]> {
    const byCollection = new Map<string, Created[]>();
    for (const item of deleted) {
      const key = JSON.stringify([item.path.slice(0, item.path.lastIndexOf('/')), item.headers]);
      byCollection.set(key, [...(byCollection.get(key) ?? []), item]);
    }
    const lists = await Promise.all(
      [...byCollection].map(async ([key, items]) => {
        const [collection, headers] = JSON.parse(key) as [string, Record<string, string>];
        const del = items[0]!.deleteOperation;
        const template = del.path.slice(0, del.path.lastIndexOf('/'));
        if (!this.operations.some((op) => op.method === 'GET' && op.path === template)) return [];
        const res = await client.send({ method: 'GET', path: collection, headers }).catch(() => undefined);
        const ids = res?.status === 200 ? listedIds(res.json, idFieldsFor(pathParamsOf(del).at(-1)!)) : undefined;
        return items.filter((item) => ids?.has(item.id)).map((item) => `${del.operationId} ${item.path}: deleted, but GET ${collection} still lists it`);
      }),
    );
    return lists.flat();
  }
}


/** Whether the verification's read answers as before the run. */
async function reads(client: HttpClient, verify: Verification): Promise<boolean> {
  const res = await client.send(verify.request).catch(() => undefined);
  if (res?.status !== 200 || res.json === null || typeof res.json !== 'object') return false;
  return canonical(verify.kept(res.json as Record<string, unknown>)) === verify.expect;
}

/** JSON text with object keys sorted, so that equal values compare equal. */
export function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Consecutive items of one collection (same delete operation and parent path), in the order given. */
function batches(items: Created[]): Created[][] {
  const out: Created[][] = [];
  const parent = (item: Created) => item.path.slice(0, item.path.lastIndexOf('/'));
  for (const item of items) {
    const last = out.at(-1)?.[0];
    if (last && last.deleteOperation === item.deleteOperation && parent(last) === parent(item)) out.at(-1)!.push(item);
    else out.push([item]);
  }
  return out;
}
