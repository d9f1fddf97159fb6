import type { Operation } from '../contract/types';
import type { HttpClient } from '../http/client';
import type { WireRequest, WireResponse } from '../http/types';
import { idFieldsFor, idFromAnswer, pathParamsOf } from '../stateful/resources';

interface Created {
  deleteOperation: Operation;
  path: string;
  headers: Record<string, string>;
}

/**
 * A ledger of what the run created. A 2xx answer to a POST on a collection that returns an id, where the
 * contract has a DELETE on `<collection>/{param}`, is recorded; `drain` deletes them, newest first.
 */
export class Ledger {
  private readonly created: Created[] = [];

  constructor(private readonly operations: Operation[]) {}

  record(operation: Operation, request: WireRequest, response: WireResponse): void {
    if (operation.method !== 'POST' || response.status < 200 || response.status >= 300) return;
    const del = this.operations.find(
      (op) => op.method === 'DELETE' && new RegExp(`^${escape(operation.path)}/\\{[^}/]+\\}$`).test(op.path),
    );
    if (!del) return;
    const id = idFromAnswer(response.json, idFieldsFor(pathParamsOf(del).at(-1)!));
    if (id === undefined) return;
    const collection = request.path.split('?')[0]!;
    const headers = Object.fromEntries(Object.entries(request.headers).filter(([k]) => k === 'authorization' || k === 'x-project-id'));
    this.created.push({ deleteOperation: del, path: `${collection}/${encodeURIComponent(id)}`, headers });
  }

  /** Deletes what was recorded; returns the paths that could not be deleted. */
  async drain(client: HttpClient): Promise<string[]> {
    const left: string[] = [];
    while (this.created.length) {
      const item = this.created.pop()!;
      const res = await client.send({ method: 'DELETE', path: item.path, headers: item.headers }).catch(() => undefined);
      if (!res || (res.status >= 300 && res.status !== 404)) left.push(`${item.deleteOperation.operationId} ${item.path}`);
    }
    return left;
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
