import { afterEach, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from './server.ts';

describe('server (socket)', () => {
  let server: RunningReferenceServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves the API on an ephemeral port under /v1', async () => {
    server = await startReferenceServer({ port: 0 });
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const headers = { Authorization: `Bearer ${server.keys.projectKey}`, 'Content-Type': 'application/json' };

    const list = await fetch(`${server.baseUrl}/agents`, { headers });
    expect(list.status).toBe(200);
    expect(list.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await list.json()).toEqual([expect.objectContaining({ isDefault: true })]);

    const created = await fetch(`${server.baseUrl}/agents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Wire', identifier: 'wire' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const deleted = await fetch(`${server.baseUrl}/agents/${id}`, { method: 'DELETE', headers });
    expect([deleted.status, deleted.headers.get('content-type'), await deleted.text()]).toEqual([204, null, '']);

    const malformed = await fetch(`${server.baseUrl}/agents`, { method: 'POST', headers, body: '{"name":' });
    expect([malformed.status, await malformed.json()]).toEqual([400, { error: expect.any(String) }]);

    expect(server.requestCount()).toBe(4);
    expect(server.requestsByMethod()).toEqual({ GET: 1, POST: 2, DELETE: 1 });
  });

  it('applies faults given at start', async () => {
    server = await startReferenceServer({ faults: ['auth-401-flat'] });
    const res = await fetch(`${server.baseUrl}/agents`);
    expect([res.status, await res.json()]).toEqual([401, { error: 'Invalid API key or token.' }]);
  });

  it('rejects with EADDRINUSE when the port is taken', async () => {
    server = await startReferenceServer();
    const port = Number(new URL(server.baseUrl).port);
    await expect(startReferenceServer({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
