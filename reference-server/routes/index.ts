/** Every tag's routes, mounted under `/v1` by the app. A new tag is one file plus one line here. */
import { agentsRoutes } from './agents.ts';
import { organizationAppConfigRoutes } from './organization-app-config.ts';
import { organizationConnectionsRoutes } from './organization-connections.ts';
import { connectionsRoutes } from './connections.ts';
import { appsRoutes } from './apps.ts';
import { secretsRoutes } from './secrets.ts';
import { organizationApprovalsRoutes } from './organization-approvals.ts';
import { organizationPartnerRoutes } from './organization-partner.ts';
import { organizationRulesRoutes } from './organization-rules.ts';
import { organizationSecretsRoutes } from './organization-secrets.ts';
import { organizationSettingsRoutes } from './organization-settings.ts';
import { partnerBudgetsRoutes } from './partner-budgets.ts';
import { partnerMembersRoutes } from './partner-members.ts';
import { partnerOrganizationsRoutes } from './partner-organizations.ts';
import { partnerProjectsRoutes } from './partner-projects.ts';
import { partnerSecretsRoutes } from './partner-secrets.ts';
import { approvalsRoutes } from './approvals.ts';
import { userRoutes } from './user.ts';
import { agentSetupRoutes } from './agent-setup.ts';
import { rulesRoutes } from './rules.ts';
import { migrationRoutes } from './migration.ts';
import { projectsRoutes } from './projects.ts';
import { teamRoutes } from './team.ts';
import type { RouteDef } from './types.ts';
import { utilityRoutes } from './utility.ts';

export const routes: readonly RouteDef[] = [
  ...agentsRoutes,
  ...organizationAppConfigRoutes,
  ...organizationConnectionsRoutes,
  ...connectionsRoutes,
  ...appsRoutes,
  ...secretsRoutes,
  ...rulesRoutes,
  ...approvalsRoutes,
  ...userRoutes,
  ...projectsRoutes,
  ...teamRoutes,
  ...agentSetupRoutes,
  ...migrationRoutes,
  ...utilityRoutes,
  ...organizationSettingsRoutes,
  ...organizationSecretsRoutes,
  ...partnerOrganizationsRoutes,
  ...partnerProjectsRoutes,
  ...partnerSecretsRoutes,
  ...partnerBudgetsRoutes,
  ...partnerMembersRoutes,
  ...organizationPartnerRoutes,
  ...organizationApprovalsRoutes,
  ...organizationRulesRoutes,
];
