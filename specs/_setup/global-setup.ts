import type { TestProject } from 'vitest/node';
import { loadContract } from '../../src/contract/load';
import type { Edition } from '../../src/contract/types';
import { startEmbedded, type Target } from '../../src/runner/embedded';
import type { TargetInfo } from '../_support/settings';

/**
 * Hands the target to the spec when vitest is run directly (the CLI and runConformance provide the run's
 * settings, target included, and this setup does nothing): ONECLI_BASE_URL and the keys from the environment,
 * or, with no target, an embedded reference server started for the run and stopped afterwards.
 */
export default async function setup(project: TestProject) {
  // Started by the CLI or runConformance: the run's settings, target included, are provided already.
  if ((project.getProvidedContext() as { settings?: unknown }).settings) return;
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
      ...(env.ONECLI_CONFORMANCE_COMPANION ? { companion: JSON.parse(env.ONECLI_CONFORMANCE_COMPANION) as Target } : {}),
    };
    project.provide('target', target);
    return;
  }
  // Run directly with vitest: the embedded server, and its companion unless an edition was asked for.
  const contract = await loadContract(env.ONECLI_CONFORMANCE_CONTRACT ?? 'openapi.yaml');
  const edition = (env.ONECLI_CONFORMANCE_EDITION as Edition | undefined) ?? 'cloud';
  const embedded = await startEmbedded(contract.operations, edition, !env.ONECLI_CONFORMANCE_EDITION);
  project.provide('target', {
    baseUrl: embedded.primary.baseUrl,
    embedded: true,
    credentials: embedded.primary.credentials,
    ...(embedded.companion ? { companion: embedded.companion } : {}),
  });
  return () => embedded.close();
}
