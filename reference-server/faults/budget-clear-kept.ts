import { budgetKey } from '../store/index.ts';
import type { Fault } from './types.ts';

/** clearPartnerOrgBudget answers 204 as documented but keeps the budget: it is still listed afterwards. */
export const budgetClearKept = {
  id: 'budget-clear-kept',
  description: 'DELETE /v1/partner/orgs/{orgId}/secrets/{secretId}/budget answers 204 but keeps the budget (still listed by GET …/budgets).',
  wrap: (next, { store }) => async (req) => {
    if (req.match?.route.operationId !== 'clearPartnerOrgBudget') return next(req);
    const key = budgetKey(req.match.params['orgId'] ?? '', req.match.params['secretId'] ?? '');
    const budget = store.partnerBudgets.get(key);
    const res = await next(req);
    if (res.status === 204 && budget) store.partnerBudgets.set(key, budget);
    return res;
  },
} as const satisfies Fault;
