import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { HttpClient, retryDelayMs } from './client';

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.closeAllConnections?.() ?? s.close()));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}/v1`;
}

describe('HttpClient against hostile targets', () => {
  it('a body streamed without end is cut at maxBodyBytes: the answer is marked truncated, never parsed', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      const timer = setInterval(() => res.write('"x",'.repeat(1000)), 1);
      res.on('close', () => clearInterval(timer));
    });
    const client = new HttpClient(base, { maxBodyBytes: 64 * 1024 });
    const response = await client.send({ method: 'GET', path: '/agents', headers: {} });
    expect(response.truncated).toBe(true);
    expect(response.bodyText.length).toBe(64 * 1024);
    expect(response.isJson).toBe(false);
    await client.close();
  });

  it('a target trickling bytes under the per-chunk timeout hits the total deadline: TARGET_UNREACHABLE', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
    });
    const client = new HttpClient(base, { timeoutMs: 1_000, totalTimeoutMs: 600 });
    const error = await client.send({ method: 'GET', path: '/agents', headers: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'TARGET_UNREACHABLE', message: expect.stringContaining('did not finish answering within') });
    await client.close();
  });

  it('an ordinary answer is read whole and parsed', async () => {
    const base = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const client = new HttpClient(base);
    const response = await client.send({ method: 'GET', path: '/health', headers: {} });
    expect(response).toMatchObject({ status: 200, isJson: true, json: { ok: true } });
    expect(response.truncated).toBeUndefined();
    await client.close();
  });

  it('a 429 is waited out (Retry-After) and the request sent again; the last 429 is returned when it lasts', async () => {
    let calls = 0;
    const base = await serve((req, res) => {
      calls++;
      if (req.url!.includes('busy') || calls <= 2) {
        res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' });
        res.end('{"error":{"message":"slow down","type":"rate_limit_error"}}');
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{"id":"a1"}');
    });
    const client = new HttpClient(base, { rateLimitRetries: 3 });
    const created = await client.send({ method: 'POST', path: '/agents', headers: {}, body: '{}' });
    expect(created.status).toBe(201);
    expect(calls).toBe(3);
    expect(client.rateLimitedRetries).toBe(2);
    const busy = await client.send({ method: 'GET', path: '/busy', headers: {} });
    expect(busy.status).toBe(429);
    expect(calls).toBe(3 + 4);
    await client.close();
    // With its waiting budget spent, a client returns the 429 at once.
    const spent = new HttpClient(base, { rateLimitBudgetMs: 0 });
    const before = calls;
    expect((await spent.send({ method: 'GET', path: '/busy', headers: {} })).status).toBe(429);
    expect(calls).toBe(before + 1);
    await spent.close();
  });
});

describe('retryDelayMs', () => {
  it('follows Retry-After in seconds or as a date, capped at 30 s; else backs off 1 s, 2 s, 4 s', () => {
    expect(retryDelayMs('2', 0)).toBe(2000);
    expect(retryDelayMs('600', 0)).toBe(30_000);
    expect(retryDelayMs(new Date(10_000).toUTCString(), 0, 5_000)).toBe(5_000);
    expect(retryDelayMs(undefined, 0)).toBe(1000);
    expect(retryDelayMs(undefined, 2)).toBe(4000);
    expect(retryDelayMs('soon', 1)).toBe(2000);
  });
});
