import type { Operation } from '../contract/types';

/**
 * The operations of shard `i/n` of a selection (`--shard`). Tags stay whole (a lane's operations share what
 * they make); tags are dealt out largest first, each to the shard with the fewest operations so far (the lower
 * index on a tie), so shards get similar work and the same selection always splits the same way. A shard may
 * get no tag when there are fewer tags than shards.
 */
export function shardOperations(operations: Operation[], shard: string): Operation[] {
  const [index, count] = shard.split('/').map(Number) as [number, number];
  const byTag = new Map<string, Operation[]>();
  for (const op of operations) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
  const tags = [...byTag.keys()].sort((a, b) => byTag.get(b)!.length - byTag.get(a)!.length || a.localeCompare(b));
  const loads = Array.from({ length: count }, () => 0);
  const mine = new Set<string>();
  for (const tag of tags) {
    const lightest = loads.indexOf(Math.min(...loads));
    loads[lightest]! += byTag.get(tag)!.length;
    if (lightest === index - 1) mine.add(tag);
  }
  return operations.filter((op) => mine.has(op.tag));
}
