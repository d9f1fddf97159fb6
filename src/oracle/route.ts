import { matchTemplate } from '../../generators/requests/wire';
import type { Operation } from '../contract/types';

/**
 * The operation a server would route `method rawPath` to: among the operations whose template
 * matches, the one with the most literal segments (`/agents/default` before `/agents/{agentId}`).
 */
export function routeOperation(operations: Operation[], method: string, rawPath: string): Operation | undefined {
  let best: Operation | undefined;
  let bestLiterals = -1;
  for (const op of operations) {
    if (op.method !== method || !matchTemplate(op.path, rawPath)) continue;
    const literals = op.path.split('/').filter((s) => s && !s.startsWith('{')).length;
    if (literals > bestLiterals) {
      best = op;
      bestLiterals = literals;
    }
  }
  return best;
}
