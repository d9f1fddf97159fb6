/** Spend caps a partner sets for one of its organizations on one of its LLM keys (partner secrets). */
import type { Store } from './store.ts';

export type BudgetPeriod = 'monthly' | 'total';

export interface PartnerBudgetRecord {
  partnerId: string;
  orgId: string;
  secretId: string;
  limitCents: number;
  period: BudgetPeriod;
  /** Spend recorded against the cap; the reference server has no gateway traffic, so it stays 0 unless a test sets it. */
  spentCents: number;
  createdAt: string;
}

/** Store key of the budget of one organization on one secret. */
export function budgetKey(orgId: string, secretId: string): string {
  return `${orgId}/${secretId}`;
}

/** Creates or replaces a budget (spend so far is kept on replacement). */
export function upsertPartnerBudget(
  store: Store,
  budget: Omit<PartnerBudgetRecord, 'spentCents' | 'createdAt'>,
): PartnerBudgetRecord {
  const key = budgetKey(budget.orgId, budget.secretId);
  const previous = store.partnerBudgets.get(key);
  const record: PartnerBudgetRecord = {
    ...budget,
    spentCents: previous?.spentCents ?? 0,
    createdAt: previous?.createdAt ?? new Date().toISOString(),
  };
  store.partnerBudgets.set(key, record);
  return record;
}

/** The organization's budgets, oldest first. */
export function orgBudgets(store: Store, orgId: string): PartnerBudgetRecord[] {
  return [...store.partnerBudgets.values()].filter((b) => b.orgId === orgId).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Deletes every budget set on a secret. */
export function deleteSecretBudgets(store: Store, secretId: string): void {
  for (const [key, budget] of store.partnerBudgets) if (budget.secretId === secretId) store.partnerBudgets.delete(key);
}
