import type { Contract } from '../contract/load';
import type { Operation } from '../contract/types';
import type { Credentials } from '../runner/credentials';
import { companionEdition, companionOperations } from '../runner/embedded';
import { planRun, planText } from '../runner/plan';
import { isSelected } from '../runner/selection';
import type { CliOptions } from './args';

/** The embedded reference server hands the run every kind of key. */
const EMBEDDED_KEYS: Credentials = {
  apiKey: 'oc_embedded',
  orgKey: 'oc_org_embedded',
  projectId: 'embedded',
  partnerKey: 'oc_partner_embedded',
  memberKey: 'oc_org_member_embedded',
};

/**
 * `--plan`: what the run would send per operation (phases, how path parameters are bound, the checks that
 * judge, what an external target skips), as text. Sends nothing, starts nothing, probes nothing.
 */
export function planOutput(contract: Contract, options: CliOptions): string {
  const embedded = !options.target;
  const companion = embedded && !options.editionGiven ? companionEdition(contract.operations, options.edition) : undefined;
  const selected = (op: Operation) => isSelected(op, options.include, options.exclude);
  // The gateway-served operations go to the gateway, when there is one (an external target's only).
  const gateway = embedded ? undefined : options.gatewayTarget;
  const plans = planRun(
    contract,
    {
      baseUrl: options.target ?? 'http://127.0.0.1/v1',
      credentials: embedded ? EMBEDDED_KEYS : options.credentials,
      seed: options.seed ?? 0,
      examples: options.examples,
      edition: options.edition,
      embedded,
      checkIds: options.checks,
      excludeCheckIds: options.excludeChecks,
      maxResponseTimeMs: options.maxResponseTimeMs,
      readOnly: options.readOnly,
      allowDestructive: options.allowDestructive,
      ...(gateway ? { gateway } : {}),
      ...(companion ? { companion: { baseUrl: 'http://127.0.0.1/v1', credentials: EMBEDDED_KEYS, edition: companion } } : {}),
    },
    selected,
  );
  const served = companion ? companionOperations(contract.operations.filter(selected), options.edition, companion) : [];
  return planText(contract, plans, {
    baseUrl: options.target,
    embedded,
    readOnly: options.readOnly,
    ...(gateway ? { gateway } : {}),
    ...(served.length ? { companion: { edition: companion!, operations: served.map((op) => op.operationId) } } : {}),
  });
}
