import fc from 'fast-check';
import { validRequest } from '../../generators/requests/operation-request';
import { caseToWire } from '../../generators/requests/wire';
import type { Operation } from '../contract/types';
import type { RunContext } from '../runner/context';
import { authFor } from '../runner/credentials';
import { idFromAnswer, pathParamsOf, sourceOf } from './resources';

const CREATE_ATTEMPTS = 8;

/**
 * Real values for an operation's path parameters, so that generated requests reach existing resources
 * (and 2xx answers) instead of only 404s. Resources are created by the run (and recorded in its ledger
 * for deletion); catalogue values are read from list operations. Parents are created once per run and
 * reused; the resource a DELETE removes is always a fresh one. Best effort: a parameter that cannot be
 * bound is left out, and its requests keep generated values.
 */
export class Binder {
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(private readonly ctx: RunContext) {}

  async bind(operation: Operation, depth = 0): Promise<Record<string, string>> {
    const bound: Record<string, string> = {};
    const params = pathParamsOf(operation);
    for (const [i, param] of params.entries()) {
      const source = sourceOf(this.ctx.contract.operations, operation, param);
      if (!source || depth > 3) continue;
      const parents = await this.bind(source.operation, depth + 1);
      const consumed = operation.method === 'DELETE' && i === params.length - 1;
      const key = `${source.operation.operationId} ${JSON.stringify(parents)}`;
      const value = consumed
        ? await this.produce(source, parents, param)
        : await (this.cache.get(key) ?? this.cache.set(key, this.produce(source, parents, param)).get(key)!);
      if (value !== undefined) bound[param] = value;
    }
    return bound;
  }

  private async produce(
    source: NonNullable<ReturnType<typeof sourceOf>>,
    parents: Record<string, string>,
    param: string,
  ): Promise<string | undefined> {
    const op = source.operation;
    const auth = authFor(op, this.ctx.credentials);
    if ('missing' in auth) return undefined;
    const samples = fc.sample(validRequest(op), { seed: this.ctx.seed, numRuns: source.kind === 'list' ? 1 : CREATE_ATTEMPTS });
    for (const sample of samples) {
      const wire = caseToWire(op, { ...sample, pathParams: { ...sample.pathParams, ...parents } }, auth.headers);
      const res = await this.ctx.client.send(wire);
      if (res.status < 200 || res.status >= 300) continue;
      if (source.kind === 'list') {
        const items = Array.isArray(res.json) ? res.json : [];
        return idFromAnswer(items[0], [source.field]);
      }
      this.ctx.ledger.record(op, wire, res);
      return idFromAnswer(res.json, source.idFields) ?? undefined;
    }
    return undefined;
  }
}
