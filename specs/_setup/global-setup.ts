import type { TestProject } from 'vitest/node';
import { startReferenceServer } from '../../reference-server/index';
import type { TargetInfo } from '../_support/settings';

/**
 * Hands the target to every spec file. The CLI sets ONECLI_BASE_URL and the keys (it starts the embedded
 * reference server itself when no target is configured); run directly with vitest and no target, this
 * setup starts one for the run and stops it afterwards.
 */
export default async function setup(project: TestProject) {
  const env = process.env;
  if (env.ONECLI_BASE_URL) {
    const target: TargetInfo = {
      baseUrl: env.ONECLI_BASE_URL,
      embedded: env.ONECLI_CONFORMANCE_EMBEDDED === '1',
      credentials: {
        apiKey: env.ONECLI_API_KEY || undefined,
        orgKey: env.ONECLI_ORG_API_KEY || undefined,
        projectId: env.ONECLI_PROJECT_ID || undefined,
        partnerKey: env.ONECLI_PARTNER_API_KEY || undefined,
        memberKey: env.ONECLI_ORG_MEMBER_API_KEY || env.ONECLI_MEMBER_API_KEY || undefined,
      },
    };
    project.provide('target', target);
    return;
  }
  const server = await startReferenceServer({ port: 0, edition: (env.ONECLI_CONFORMANCE_EDITION as any) ?? 'cloud' });
  project.provide('target', {
    baseUrl: server.baseUrl,
    embedded: true,
    credentials: {
      apiKey: server.keys.projectKey,
      orgKey: server.keys.orgKey,
      projectId: server.keys.projectId,
      partnerKey: server.keys.partnerKey,
      memberKey: server.keys.orgMemberKey,
    },
  });
  return () => server.close();
}
