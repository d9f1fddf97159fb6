import { describe, expect, it } from 'vitest';
import type { Operation } from '../contract/types';
import { shardOperations } from './shard';

const op = (operationId: string, tag: string) => ({ operationId, tag }) as Operation;
const ops = [op('a1', 'A'), op('a2', 'A'), op('a3', 'A'), op('b1', 'B'), op('b2', 'B'), op('c1', 'C'), op('d1', 'D')];

describe('shardOperations', () => {
  it('splits the selection into disjoint shards that together hold every operation, tags kept whole', () => {
    const shards = [1, 2, 3].map((i) => shardOperations(ops, `${i}/3`).map((o) => o.operationId));
    expect(shards.flat().sort()).toEqual(ops.map((o) => o.operationId).sort());
    expect(new Set(shards.flat()).size).toBe(ops.length);
    for (const shard of shards) {
      const tags = new Set(shard.map((id) => id[0]));
      for (const tag of tags) expect(shard.filter((id) => id[0] === tag).length).toBe(ops.filter((o) => o.tag === tag.toUpperCase()).length);
    }
  });

  it('balances by operation count: tags largest first, each to the lightest shard (the lower on a tie)', () => {
    // A (3) → 1; B (2) → 2; C (1) → 2 (2 < 3); D (1) → 1 (3 = 3).
    expect(shardOperations(ops, '1/2').map((o) => o.tag)).toEqual(['A', 'A', 'A', 'D']);
    expect(shardOperations(ops, '2/2').map((o) => o.tag)).toEqual(['B', 'B', 'C']);
  });

  it('gives an empty shard when there are more shards than tags', () => {
    expect(shardOperations(ops.slice(0, 3), '2/2')).toEqual([]);
  });
});
