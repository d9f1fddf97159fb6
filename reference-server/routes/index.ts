/** Every tag's routes, mounted under `/v1` by the app. A new tag is one file plus one line here. */
import { agentsRoutes } from './agents.ts';
import { secretsRoutes } from './secrets.ts';
import { organizationSecretsRoutes } from './organization-secrets.ts';
import { organizationSettingsRoutes } from './organization-settings.ts';
import { approvalsRoutes } from './approvals.ts';
import { userRoutes } from './user.ts';
import { agentSetupRoutes } from './agent-setup.ts';
import type { RouteDef } from './types.ts';
import { utilityRoutes } from './utility.ts';

export const routes: readonly RouteDef[] = [
  ...agentsRoutes,
  ...secretsRoutes,
  ...approvalsRoutes,
  ...userRoutes,
  ...agentSetupRoutes,
  ...utilityRoutes,
  ...organizationSettingsRoutes,
  ...organizationSecretsRoutes,
];
