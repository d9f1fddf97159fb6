/**
 * Partner Budgets tag (Cloud; partner key): spend caps for one of the
 * partner's organizations on one of the partner's LLM keys (an `anthropic` or
 * `openai` partner secret; a generic secret is refused with a 400 envelope).
 * Another partner's organization or secret is not found.
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { PartnerBudgetRecord } from '../store/index.ts';
import { budgetKey, orgBudgets, upsertPartnerBudget } from '../store/index.ts';
import { enumOf, integer, object, parseBody } from '../validation.ts';
import { CLOUD_ONLY, partnerOrgOf } from './org-context.ts';
import { partnerSecretOf } from './partner-secrets.ts';
import type { RouteDef } from './types.ts';

const budgetBody = object({
  limitCents: integer({ minimum: 1, maximum: 100000000 }),
  period: enumOf(['monthly', 'total']),
});

const NOT_AN_LLM_KEY = HttpError.envelope(400, 'invalid_request_error', 'Budgets can only be set on LLM keys (anthropic or openai secrets)');
const BUDGET_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Budget not found');

/** The documented `Budget` schema. */
function budgetView(budget: PartnerBudgetRecord) {
  return {
    secretId: budget.secretId,
    organizationId: budget.orgId,
    limitCents: budget.limitCents,
    period: budget.period,
    spentCents: budget.spentCents,
  };
}

export const partnerBudgetsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/partner/orgs/{orgId}/budgets',
    operationId: 'listPartnerOrgBudgets',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => json(200, orgBudgets(ctx.store, partnerOrgOf(ctx).orgId).map(budgetView)),
  },
  {
    method: 'POST',
    path: '/partner/orgs/{orgId}/secrets/{secretId}/budget',
    operationId: 'setPartnerOrgBudget',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, budgetBody);
      const org = partnerOrgOf(ctx);
      const secret = partnerSecretOf(ctx);
      if (secret.type === 'generic') throw NOT_AN_LLM_KEY;
      const budget = upsertPartnerBudget(ctx.store, {
        partnerId: org.partnerId,
        orgId: org.orgId,
        secretId: secret.id,
        limitCents: body.limitCents,
        period: body.period,
      });
      return json(200, budgetView(budget));
    },
  },
  {
    method: 'DELETE',
    path: '/partner/orgs/{orgId}/secrets/{secretId}/budget',
    operationId: 'clearPartnerOrgBudget',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const org = partnerOrgOf(ctx);
      const secret = partnerSecretOf(ctx);
      if (!ctx.store.partnerBudgets.delete(budgetKey(org.orgId, secret.id))) throw BUDGET_NOT_FOUND;
      return noContent();
    },
  },
];
