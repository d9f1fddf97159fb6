/** Organization settings: the policy mode (default-allow unless set otherwise). */
import type { Store } from './store.ts';

export type PolicyMode = 'allow' | 'deny';

export interface OrgSettingsRecord {
  orgId: string;
  policyMode: PolicyMode;
}

/** The organization's settings; an organization that never set any is default-allow. */
export function orgSettingsOf(store: Store, orgId: string): OrgSettingsRecord {
  return store.orgSettings.get(orgId) ?? { orgId, policyMode: 'allow' };
}

/** Sets the organization's policy mode. */
export function setOrgPolicyMode(store: Store, orgId: string, policyMode: PolicyMode): OrgSettingsRecord {
  const record: OrgSettingsRecord = { orgId, policyMode };
  store.orgSettings.set(orgId, record);
  return record;
}
