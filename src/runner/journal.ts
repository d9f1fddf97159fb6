import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { WireRequest } from '../http/types';
import type { Credentials } from './credentials';

/** Which of the run's keys authorized a request; `own` is a key the run made (never written anywhere). */
export type KeyKind = 'apiKey' | 'orgKey' | 'partnerKey' | 'memberKey' | 'own';

/** A request kept without its secrets: the key is named by kind and put back from the credentials. */
export interface JournalRequest {
  method: string;
  path: string;
  body?: string;
  key?: KeyKind;
  projectId?: string;
}

export type JournalEntry =
  | { event: 'created'; target: string; request: JournalRequest; what: string }
  | { event: 'deleted'; target: string; path: string }
  | { event: 'restore'; target: string; request: JournalRequest }
  | { event: 'restored'; target: string; path: string; method: string };

/**
 * An append-only file (JSON lines) of what a run against an external target created and of the state it
 * must put back, written as it happens by every worker. The ledgers drain it as usual; when the run is
 * interrupted (Ctrl-C, a crash) the journal is what `onecli-conformance cleanup` and the interrupt handler
 * undo. Keys are never written: a request names the kind of key it used.
 */
export class Journal {
  constructor(
    readonly path: string,
    readonly target: string,
  ) {}

  append(entry: JournalEntry): void {
    appendFileSync(this.path, `${JSON.stringify(entry)}\n`);
  }

  /** Whether anything is still to undo, for any target the file names. */
  static anyPending(path: string): boolean {
    if (!existsSync(path)) return false;
    const targets = new Set<string>();
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const target = /^\{"event":"[a-z]+","target":("(?:[^"\\]|\\.)*")/.exec(line)?.[1];
      if (target) targets.add(JSON.parse(target) as string);
    }
    return [...targets].some((t) => {
      const { restores, deletes } = Journal.pending(path, t);
      return restores.length + deletes.length > 0;
    });
  }

  /** What is still to undo for `target`: restores and deletes, newest first. */
  static pending(path: string, target: string): { restores: JournalRequest[]; deletes: Array<{ request: JournalRequest; what: string }> } {
    const restores: JournalRequest[] = [];
    const created: Array<{ request: JournalRequest; what: string }> = [];
    if (!existsSync(path)) return { restores, deletes: created };
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let entry: JournalEntry;
      try {
        entry = JSON.parse(line) as JournalEntry;
      } catch {
        continue; // a line cut short by a crash
      }
      if (entry.target !== target) continue;
      if (entry.event === 'created') created.push({ request: entry.request, what: entry.what });
      if (entry.event === 'restore') restores.push(entry.request);
      if (entry.event === 'deleted') removeLast(created, (c) => c.request.path === entry.path);
      if (entry.event === 'restored') removeLast(restores, (r) => r.path === entry.path && r.method === entry.method);
    }
    return { restores: restores.reverse(), deletes: created.reverse() };
  }
}

function removeLast<T>(list: T[], match: (item: T) => boolean): void {
  for (let i = list.length - 1; i >= 0; i--) {
    if (match(list[i]!)) {
      list.splice(i, 1);
      return;
    }
  }
}

/** The journal form of a request: its key named by kind, `X-Project-Id` kept (it is not a secret). */
export function journalRequest(request: WireRequest, credentials: Credentials): JournalRequest {
  const authorization = request.headers.authorization;
  const token = authorization?.replace(/^Bearer /, '');
  const kinds: Array<[KeyKind, string | undefined]> = [
    ['apiKey', credentials.apiKey],
    ['orgKey', credentials.orgKey],
    ['partnerKey', credentials.partnerKey],
    ['memberKey', credentials.memberKey],
  ];
  const key = token === undefined ? undefined : (kinds.find(([, value]) => value === token)?.[0] ?? 'own');
  return {
    method: request.method,
    path: request.path,
    ...(request.body !== undefined ? { body: request.body } : {}),
    ...(key ? { key } : {}),
    ...(request.headers['x-project-id'] ? { projectId: request.headers['x-project-id'] } : {}),
  };
}

/** The request again, with the key of its kind from `credentials`; undefined when that key is not at hand. */
export function wireRequest(request: JournalRequest, credentials: Credentials): WireRequest | undefined {
  const headers: Record<string, string> = {};
  if (request.key) {
    const token = request.key === 'own' ? undefined : credentials[request.key];
    if (!token) return undefined;
    headers.authorization = `Bearer ${token}`;
  }
  if (request.projectId) headers['x-project-id'] = request.projectId;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  return { method: request.method, path: request.path, headers, ...(request.body !== undefined ? { body: request.body } : {}) };
}
