/** The in-memory state of one server instance: one map per entity, keyed by id (API keys by key value). */
import type {
  AgentRecord,
  ApiKeyRecord,
  AppConnectionRecord,
  OrganizationRecord,
  PartnerRecord,
  ProjectRecord,
  SecretRecord,
  UserRecord,
} from './types.ts';
import type { PolicyRuleRecord } from './rules.ts';
import type { VaultConnectionRecord } from './vaults.ts';
import type { ApprovalRecord } from './approvals.ts';
import type { OrgSecretRecord, PartnerSecretRecord } from './inline-secrets.ts';
import type { OrgRuleRecord } from './org-rules.ts';
import type { OrgSettingsRecord } from './org-settings.ts';
import type { AppConfigRecord, BlocklistRuleRecord } from './app-configs.ts';
import type { OrgAppConnectionRecord } from './app-connections.ts';
import type { PartnerBudgetRecord } from './partner-budgets.ts';
import type { PartnerMemberRecord } from './partner-members.ts';
import type { PartnerOrgRecord } from './partner-orgs.ts';

export class Store {
  readonly organizations = new Map<string, OrganizationRecord>();
  readonly projects = new Map<string, ProjectRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly partners = new Map<string, PartnerRecord>();
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  readonly agents = new Map<string, AgentRecord>();
  readonly secrets = new Map<string, SecretRecord>();
  readonly appConnections = new Map<string, AppConnectionRecord>();
  readonly orgAppConnections = new Map<string, OrgAppConnectionRecord>();
  readonly appConfigs = new Map<string, AppConfigRecord>();
  readonly blocklistRules = new Map<string, BlocklistRuleRecord>();
  readonly approvals = new Map<string, ApprovalRecord>();
  /** Project policy rules (custom and app-permission). */
  readonly rules = new Map<string, PolicyRuleRecord>();
  readonly vaultConnections = new Map<string, VaultConnectionRecord>();
  /** Organization settings, by organization id (absent: default-allow). */
  readonly orgSettings = new Map<string, OrgSettingsRecord>();
  readonly orgSecrets = new Map<string, OrgSecretRecord>();
  readonly partnerSecrets = new Map<string, PartnerSecretRecord>();
  /** Organization policy rules (custom and app-permission), inherited by every project of the organization. */
  readonly orgRules = new Map<string, OrgRuleRecord>();
  /** Partner links of partner-created organizations, by organization id. */
  readonly partnerOrgs = new Map<string, PartnerOrgRecord>();
  /** Partner portal members, by user id. */
  readonly partnerMembers = new Map<string, PartnerMemberRecord>();
  /** Partner spend caps, by `${orgId}/${secretId}`. */
  readonly partnerBudgets = new Map<string, PartnerBudgetRecord>();
}
