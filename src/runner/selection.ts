import type { Operation } from '../contract/types';

/**
 * Whether `--include` / `--exclude` (operationIds or tags) select an operation: every operation when
 * nothing is included, never one that is excluded.
 */
export function isSelected(operation: Pick<Operation, 'operationId' | 'tag'>, include: string[], exclude: string[]): boolean {
  const names = (list: string[]) => list.includes(operation.operationId) || list.includes(operation.tag);
  return (include.length === 0 || names(include)) && !names(exclude);
}
