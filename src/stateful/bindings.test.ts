import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../../reference-server/index';
import { loadContract } from '../contract/load';
import { createRunContext, type RunContext } from '../runner/context';
import { credentialsOf } from '../runner/embedded';

const contract = await loadContract('openapi.yaml');
const clear = contract.operations.find((o) => o.operationId === 'clearPartnerOrgBudget')!;
let server: RunningReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer({});
});
afterAll(async () => {
  await server.close();
});

function context(seed: number): RunContext {
  return createRunContext(contract, {
    baseUrl: server.baseUrl,
    credentials: credentialsOf(server),
    seed,
    examples: 5,
    edition: 'cloud',
    embedded: true,
  });
}

/** Whether the partner organization lists a budget on the secret. */
async function hasBudget(ctx: RunContext, orgId: string, secretId: string): Promise<boolean> {
  const res = await ctx.client.send({
    method: 'GET',
    path: `/partner/orgs/${orgId}/budgets`,
    headers: { authorization: `Bearer ${server.keys.partnerKey}` },
  });
  return (res.json as Array<{ secretId: string }>).some((b) => b.secretId === secretId);
}

describe('Binder.bindPrepared', () => {
  const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

  it('a plain bind + prepare of clearPartnerOrgBudget sometimes gets a secret no budget fits (the problem)', async () => {
    const refused: number[] = [];
    for (const seed of SEEDS) {
      const ctx = context(seed);
      const binding = await ctx.binder.bind(clear);
      if (!(await ctx.binder.prepare(clear, binding))) refused.push(seed);
      await ctx.runLedger.drain(ctx.client);
    }
    expect(refused.length).toBeGreaterThan(0);
  });

  it('binds clearPartnerOrgBudget to a secret that has a budget to clear, on every seed', async () => {
    for (const seed of SEEDS) {
      const ctx = context(seed);
      const binding = await ctx.binder.bindPrepared(clear);
      const [orgId, secretId] = [binding.orgId?.[0], binding.secretId?.[0]];
      expect(orgId && secretId, `seed ${seed}: ${JSON.stringify(binding)}`).toBeTruthy();
      expect(await hasBudget(ctx, orgId!, secretId!), `seed ${seed}`).toBe(true);
      expect(await ctx.runLedger.drain(ctx.client)).toEqual([]);
    }
  });
});
