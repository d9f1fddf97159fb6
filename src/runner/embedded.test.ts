import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Contract, loadContract } from '../contract/load';
import { companionEdition, companionOperations, type EmbeddedTargets, startEmbedded } from './embedded';

let contract: Contract;
beforeAll(async () => {
  contract = await loadContract('openapi.yaml');
});

describe('companionEdition', () => {
  test('Cloud gets a self-hosted companion for the one operation it does not serve', () => {
    expect(companionEdition(contract.operations, 'cloud')).toBe('enterprise');
    expect(companionOperations(contract.operations, 'cloud', 'enterprise').map((op) => op.operationId)).toEqual(['migrateExport']);
  });

  test('the self-hosted editions get Cloud, which serves what they lack (Partner API, Projects)', () => {
    expect(companionEdition(contract.operations, 'enterprise')).toBe('cloud');
    expect(companionEdition(contract.operations, 'community')).toBe('cloud');
    expect(companionOperations(contract.operations, 'community', 'cloud').length).toBe(58);
  });

  test('none when the edition serves every operation', () => {
    const all = contract.operations.map((op) => ({ ...op, availability: { cloud: true, enterprise: true, community: true } }));
    expect(companionEdition(all, 'cloud')).toBeUndefined();
  });
});

describe('startEmbedded', () => {
  let targets: EmbeddedTargets;
  beforeAll(async () => {
    targets = await startEmbedded(contract.operations, 'cloud', true);
  });
  afterAll(() => targets.close());

  const exportData = (baseUrl: string, key: string) =>
    request(`${baseUrl}/migrate/export`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cloudApiKey: `oc_${'ab'.repeat(32)}` }),
    });

  test('two servers with their own keys: the companion serves migrateExport, Cloud does not', async () => {
    const { primary, companion } = targets;
    expect(companion?.edition).toBe('enterprise');
    expect(companion!.credentials.apiKey).not.toBe(primary.credentials.apiKey);
    const onCloud = await exportData(primary.baseUrl, primary.credentials.apiKey!);
    expect(onCloud.statusCode).toBe(404);
    await onCloud.body.dump();
    const selfHosted = await exportData(companion!.baseUrl, companion!.credentials.apiKey!);
    expect(selfHosted.statusCode).toBe(200);
    expect(await selfHosted.body.json()).toMatchObject({ imported: { secrets: expect.any(Number) } });
  });

  test('without a companion only the primary runs', async () => {
    const single = await startEmbedded(contract.operations, 'cloud', false);
    try {
      expect(single.companion).toBeUndefined();
    } finally {
      await single.close();
    }
  });
});
