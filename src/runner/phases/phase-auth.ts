import type { Operation } from '../../contract/types';
import type { RunContext } from '../context';
import { authFor } from '../credentials';

/** The credentials of a phase: the run's key for the operation, or a key of the run's own (OWN_KEYS). */
export async function phaseAuth(ctx: RunContext, operation: Operation): Promise<Record<string, string>> {
  const own = await ctx.binder.ownAuth(operation);
  if (own) return own;
  const auth = authFor(operation, ctx.credentials);
  return 'headers' in auth ? auth.headers : {};
}
