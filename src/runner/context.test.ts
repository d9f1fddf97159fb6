import { describe, expect, it } from 'vitest';
import { loadContract } from '../contract/load';
import { createRunContext, type RunSettings } from './context';

const contract = await loadContract('openapi.yaml');
const KEYS = { apiKey: 'oc_a', orgKey: 'oc_org_a', projectId: 'p', partnerKey: 'oc_partner_a', memberKey: 'oc_org_m' };
const SETTINGS: RunSettings = { baseUrl: 'http://api:10254/v1', credentials: KEYS, seed: 1, examples: 5, edition: 'cloud', embedded: false };
const op = (id: string) => contract.operations.find((o) => o.operationId === id)!;

describe('createRunContext › gateway', () => {
  it('sends the gateway-served operations to the gateway, with the same keys, edition and compiled schemas', () => {
    const ctx = createRunContext(contract, { ...SETTINGS, gateway: 'http://gw:8080/v1' });
    const gateway = ctx.gateway!;
    expect(gateway).toMatchObject({ baseUrl: 'http://gw:8080/v1', credentials: KEYS, edition: 'cloud', embedded: false });
    expect(gateway.compiler).toBe(ctx.compiler);
    expect(gateway.client).not.toBe(ctx.client);
    expect(gateway.runLedger).not.toBe(ctx.runLedger);
    for (const id of ['listPendingApprovals', 'submitApprovalDecision', 'listOrgPendingApprovals']) expect(ctx.forOperation(op(id))).toBe(gateway);
    expect(ctx.forOperation(op('listAgents'))).toBe(ctx);
  });

  it('without a gateway, every operation runs in the context itself', () => {
    const ctx = createRunContext(contract, SETTINGS);
    expect(ctx.gateway).toBeUndefined();
    expect(ctx.forOperation(op('listPendingApprovals'))).toBe(ctx);
  });
});
