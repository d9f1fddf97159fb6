import { afterEach, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from './server.ts';

/**
 * Concurrent requests over real sockets, and isolation between servers: what a conformance run relies on
 * when it sends independent work at once and when several runs (CI shards) each start their own server.
 */
describe('server under concurrent requests', () => {
  const servers: RunningReferenceServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function start(): Promise<RunningReferenceServer> {
    const server = await startReferenceServer({ port: 0 });
    servers.push(server);
    return server;
  }

  const call = (server: RunningReferenceServer, method: string, path: string, body?: unknown) =>
    fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${server.keys.projectKey}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then(async (res) => ({ status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as any) }));

  it('racing creates of one identifier: exactly one 201, the rest 409 envelope, never a 500', async () => {
    const server = await start();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => call(server, 'POST', '/agents', { name: `Racer ${i}`, identifier: 'racer' })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(39);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error' } });
    }
    const list = await call(server, 'GET', '/agents');
    expect(list.body.filter((a: { identifier: string }) => a.identifier === 'racer')).toHaveLength(1);
  });

  it('mixed concurrent creates, reads, updates and deletes keep the store consistent', async () => {
    const server = await start();
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call(server, 'POST', '/secrets', { name: `Key ${i}`, type: 'anthropic', value: `sk-ant-${i}`, hostPattern: 'api.anthropic.com' }),
      ),
    );
    expect(created.map((c) => c.status)).toEqual(Array(30).fill(201));
    const ids: string[] = created.map((c) => c.body.id);
    expect(new Set(ids).size).toBe(30);

    const [toDelete, toRename] = [ids.slice(0, 15), ids.slice(15)];
    const answers = await Promise.all([
      ...toDelete.map((id) => call(server, 'DELETE', `/secrets/${id}`)),
      ...toRename.map((id, i) => call(server, 'PATCH', `/secrets/${id}`, { name: `Renamed ${i}` })),
      ...Array.from({ length: 20 }, () => call(server, 'GET', '/secrets')),
      // Deleting the same secret twice at once: one 204, one 404 envelope.
      call(server, 'DELETE', `/secrets/${toRename[0]}`),
      call(server, 'DELETE', `/secrets/${toRename[0]}`),
    ]);
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const doubled = answers.slice(-2).map((a) => a.status).sort();
    expect(doubled).toEqual([204, 404]);

    const left: Array<{ id: string; name: string }> = (await call(server, 'GET', '/secrets')).body;
    const mine = left.filter((s) => ids.includes(s.id));
    expect(mine.map((s) => s.id).sort()).toEqual(toRename.slice(1).sort());
    for (const s of mine) expect(s.name).toMatch(/^Renamed \d+$/);
  });

  it('two servers never share state or keys', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.keys.projectKey).not.toBe(b.keys.projectKey);
    const made = await call(a, 'POST', '/agents', { name: 'Only in A', identifier: 'only-in-a' });
    expect(made.status).toBe(201);
    const listB = await call(b, 'GET', '/agents');
    expect(listB.body.some((x: { identifier: string }) => x.identifier === 'only-in-a')).toBe(false);
    // A's key means nothing to B.
    const foreign = await fetch(`${b.baseUrl}/agents`, { headers: { Authorization: `Bearer ${a.keys.projectKey}` } });
    expect(foreign.status).toBe(401);
  });
});
