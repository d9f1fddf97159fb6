/** The caller's organization or partner, for routes that act on it (no project context). */
import type { Context } from './types.ts';

/** The organization of a user principal (org, member or project key). */
export function callerOrgId(ctx: Context): string {
  if (ctx.principal?.kind !== 'user') throw new Error('organization route reached without a user principal');
  return ctx.principal.orgId;
}

/** The partner of a partner principal. */
export function callerPartnerId(ctx: Context): string {
  if (ctx.principal?.kind !== 'partner') throw new Error('partner route reached without a partner principal');
  return ctx.principal.partnerId;
}
