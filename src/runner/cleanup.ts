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
}

/** The scope of what the run as a whole made (the binder's parents, shared by every lane): drained last. */
export const RUN_SCOPE = 'run';

/** What a lane of the run records into the run's ledger (Ledger.scope). */
export interface LedgerScope {
  record(operation: Operation, request: WireRequest, response: WireResponse, givenAway?: string): void;
  restoreFirst(request: WireRequest): void;
}

/**
 * A ledger of what the run created. A 2xx answer to a POST on a collection that returns an id, where the
 * contract has a DELETE on `<collection>/{param}`, is recorded; `drain` deletes them, newest first, after
 * replaying the requests that put back state the run changed (the project's default agent), then verifies
 * by listing each collection (where the contract can list it) that none of them is still there.
 */
export class Ledger {
  private readonly created: Created[] = [];
  private readonly restores: Array<{ scope: string; request: WireRequest }> = [];
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
      restoreFirst: (request) => this.restoreFirst(request, scope),
    };
  }

  /** A request that puts back state the run is about to change; replayed first by `drain`, newest first. */
  restoreFirst(request: WireRequest, scope = RUN_SCOPE): void {
    this.restores.push({ scope, request });
    this.write((j, credentials) => j.append({ event: 'restore', target: j.target, request: journalRequest(request, credentials) }));
  }

  private write(entry: (journal: Journal, credentials: Credentials) => void): void {
    if (this.journal) entry(this.journal.journal, this.journal.credentials);
  }

  record(operation: Operation, request: WireRequest, response: WireResponse, givenAway?: string, scope = RUN_SCOPE): void {
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
    const mine = <T extends { scope: string }>(items: T[]): T[] => {
      const taken = items.filter((i) => scope === undefined || i.scope === scope);
      const kept = items.filter((i) => !taken.includes(i));
      items.splice(0, items.length, ...kept);
      return taken;
    };
    const restores = mine(this.restores);
    const created = mine(this.created);
    while (restores.length) {
      const { request } = restores.pop()!;
      const res = await client.send(request).catch(() => undefined);
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
    left.push(...(await this.stillListed(client, deleted)));
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
