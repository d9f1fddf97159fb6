/**
 * Project policy rules: custom rules (Rules tag CRUD) and app-permission rules
 * (one per provider tool and layer, written by `PUT /rules/permissions/{provider}`
 * and marked by `metadata.source = "app_permission"`).
 *
 * A rule scoped to an agent disappears with that agent: {@link projectRules}
 * drops (and deletes) rules whose agent no longer exists.
 */
import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';

export const RULE_ACTIONS = ['block', 'rate_limit', 'manual_approval', 'allow'] as const;
export const RULE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const RATE_LIMIT_WINDOWS = ['minute', 'hour', 'day'] as const;

export type RuleAction = (typeof RULE_ACTIONS)[number];
export type RuleMethod = (typeof RULE_METHODS)[number];
export type RateLimitWindow = (typeof RATE_LIMIT_WINDOWS)[number];

/** The documented `RuleCondition`. */
export interface RuleCondition {
  target: 'body';
  operator: 'contains';
  value: string;
  key?: string;
}

/** `metadata` of an app-permission rule. */
export interface AppPermissionMetadata {
  source: 'app_permission';
  provider: string;
  toolId: string;
}

export interface PolicyRuleRecord {
  id: string;
  projectId: string;
  name: string;
  hostPattern: string;
  pathPattern: string | null;
  method: RuleMethod | null;
  action: RuleAction;
  enabled: boolean;
  /** The agent the rule applies to; null: every agent of the project. */
  agentId: string | null;
  rateLimit: number | null;
  rateLimitWindow: RateLimitWindow | null;
  conditions: RuleCondition[];
  metadata: AppPermissionMetadata | null;
  createdAt: string;
}

export type NewPolicyRule = Omit<PolicyRuleRecord, 'id' | 'createdAt'>;

/** Creates and stores a rule. */
export function insertRule(store: Store, rule: NewPolicyRule): PolicyRuleRecord {
  const record: PolicyRuleRecord = { id: randomUUID(), ...rule, createdAt: new Date().toISOString() };
  store.rules.set(record.id, record);
  return record;
}

/** True for rules managed through the app-permission endpoints. */
export function isAppPermissionRule(rule: PolicyRuleRecord): boolean {
  return rule.metadata?.source === 'app_permission';
}

/** The project's rules, newest first (ties: last created first); rules of deleted agents are deleted first. */
export function projectRules(store: Store, projectId: string): PolicyRuleRecord[] {
  const rules = [...store.rules.values()].filter((rule) => rule.projectId === projectId);
  for (const rule of rules) {
    if (rule.agentId !== null && store.agents.get(rule.agentId)?.projectId !== projectId) store.rules.delete(rule.id);
  }
  return rules
    .filter((rule) => store.rules.has(rule.id))
    .reverse()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** The rule with this id in this project, or undefined. */
export function findRule(store: Store, projectId: string, ruleId: string): PolicyRuleRecord | undefined {
  return projectRules(store, projectId).find((rule) => rule.id === ruleId);
}

/**
 * API hosts of the catalogue apps, for overlap counts and app-permission rules
 * (the catalogue itself lists only blocklist hosts).
 */
const APP_API_HOSTS: Readonly<Record<string, readonly string[]>> = {
  github: ['api.github.com'],
  gmail: ['gmail.googleapis.com'],
  'google-calendar': ['www.googleapis.com'],
  slack: ['slack.com', '*.slack.com'],
  notion: ['api.notion.com'],
  linear: ['api.linear.app'],
  stripe: ['api.stripe.com'],
  aws: ['*.amazonaws.com'],
  salesforce: ['*.salesforce.com'],
};

/** The API hosts of a provider (empty when none is known). */
export function appApiHosts(provider: string): readonly string[] {
  return APP_API_HOSTS[provider] ?? [];
}

/** Whether a `*.domain` pattern covers a host or pattern. */
function covers(wildcard: string, other: string): boolean {
  if (!wildcard.startsWith('*.')) return false;
  const suffix = wildcard.slice(1);
  return other.endsWith(suffix) || other === wildcard.slice(2);
}

/** Whether two host patterns (exact or leading `*.` wildcard) can match a common host. Case-insensitive. */
export function hostPatternsOverlap(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x === y || x === '*' || y === '*' || covers(x, y) || covers(y, x);
}
