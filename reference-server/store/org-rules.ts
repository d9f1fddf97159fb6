/**
 * Organization policy rules: custom rules (Organization Rules CRUD) and
 * organization app-permission rules (`metadata.source = "app_permission"`,
 * written by `PUT /org/rules/permissions/{provider}`). They apply to every
 * project of the organization and never to one agent (`agentId` is always null).
 * Project-level views read them with {@link orgRulesOf} (scope `organization`).
 */
import { randomUUID } from 'node:crypto';
import type { PolicyRuleRecord } from './rules.ts';
import type { Store } from './store.ts';

/** An organization rule: a policy rule owned by an organization instead of a project. */
export interface OrgRuleRecord extends Omit<PolicyRuleRecord, 'projectId' | 'agentId'> {
  orgId: string;
  agentId: null;
}

export type NewOrgRule = Omit<OrgRuleRecord, 'id' | 'createdAt' | 'agentId'>;

/** Creates and stores an organization rule. */
export function insertOrgRule(store: Store, rule: NewOrgRule): OrgRuleRecord {
  const record: OrgRuleRecord = { id: randomUUID(), ...rule, agentId: null, createdAt: new Date().toISOString() };
  store.orgRules.set(record.id, record);
  return record;
}

/** The organization's rules, newest first (ties: last created first). */
export function orgRulesOf(store: Store, orgId: string): OrgRuleRecord[] {
  return [...store.orgRules.values()]
    .filter((rule) => rule.orgId === orgId)
    .reverse()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The organization rule with this id, or undefined (a rule of another organization is not found). */
export function findOrgRule(store: Store, orgId: string, ruleId: string): OrgRuleRecord | undefined {
  const rule = store.orgRules.get(ruleId);
  return rule?.orgId === orgId ? rule : undefined;
}
