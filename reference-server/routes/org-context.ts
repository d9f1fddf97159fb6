/** The caller's organization or partner, for routes that act on it (no project context). */
import { HttpError } from '../errors.ts';
import type { PartnerOrgRecord } from '../store/index.ts';
import { findPartnerOrg } from '../store/index.ts';
import type { Context } from './types.ts';

/** `/org/*` operations: served on Cloud and self-hosted Enterprise. */
export const ORG_EDITIONS = ['cloud', 'enterprise'] as const;
/** `/partner/*` and `/org/partner/*` operations: Cloud only. */
export const CLOUD_ONLY = ['cloud'] as const;

const ORGANIZATION_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Organization not found');

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

/** The caller partner's organization named by the `orgId` path parameter, or the 404 envelope. */
export function partnerOrgOf(ctx: Context): PartnerOrgRecord {
  const record = findPartnerOrg(ctx.store, callerPartnerId(ctx), ctx.params['orgId']!);
  if (!record) throw ORGANIZATION_NOT_FOUND;
  return record;
}
