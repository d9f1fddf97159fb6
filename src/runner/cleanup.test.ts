import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../../reference-server/index';
import { loadContract } from '../contract/load';
import { HttpClient } from '../http/client';
import { Ledger } from './cleanup';

const contract = await loadContract('openapi.yaml');
const createAgent = contract.operations.find((o) => o.operationId === 'createAgent')!;
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A ledger holding one agent created on a fresh server (with `faults`). */
async function ledgerWithAgent(faults: string[]) {
  const server = await startReferenceServer({ faults });
  servers.push(server);
  const client = new HttpClient(server.baseUrl);
  const request = {
    method: 'POST',
    path: '/agents',
    headers: { authorization: `Bearer ${server.keys.projectKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'n', identifier: 'ledger-agent' }),
  };
  const response = await client.send(request);
  expect(response.status).toBe(201);
  const ledger = new Ledger(contract.operations);
  ledger.record(createAgent, request, response);
  return { ledger, client, id: (response.json as { id: string }).id };
}

describe('Ledger', () => {
  it('deletes what the run created and verifies by listing that it is gone', async () => {
    const { ledger, client } = await ledgerWithAgent([]);
    expect(await ledger.drain(client)).toEqual([]);
  });

  it('names a resource whose delete answered 2xx but that the list still holds', async () => {
    const { ledger, client, id } = await ledgerWithAgent(['delete-keeps-resource']);
    expect(await ledger.drain(client)).toEqual([`deleteAgent /agents/${id}: deleted, but GET /agents still lists it`]);
  });
});
