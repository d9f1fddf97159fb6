import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { HttpClient, retryDelayMs } from './client';
import { Limiter } from './limiter';

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

describe('HttpClient concurrency and rate', () => {
  it('a limiter shared by two clients caps their exchanges in flight together', async () => {
    let inFlight = 0;
    let peak = 0;
    const handler: Parameters<typeof createServer>[1] = (_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      }, 20);
    };
    const [a, b] = await Promise.all([serve(handler), serve(handler)]);
    const limiter = new Limiter(3);
    const clients = [new HttpClient(a, { limiter }), new HttpClient(b, { limiter })];
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => clients[i % 2].send({ method: 'GET', path: `/x${i}`, headers: {} })));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(peak).toBe(3);
    expect(limiter.inFlight).toBe(0);
    await Promise.all(clients.map((c) => c.close()));
  });

  it('waiting out a 429 holds no slot: another client gets the only one meanwhile', async () => {
    let first = true;
    const busy = await serve((_req, res) => {
      const status = first ? 429 : 200;
      first = false;
      res.writeHead(status, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end('{}');
    });
    const quick = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const limiter = new Limiter(1);
    const slow = new HttpClient(busy, { limiter });
    const fast = new HttpClient(quick, { limiter });
    const done: string[] = [];
    const waited = slow.send({ method: 'GET', path: '/a', headers: {} }).then(() => done.push('slow'));
    await new Promise((r) => setTimeout(r, 100));
    await fast.send({ method: 'GET', path: '/b', headers: {} }).then(() => done.push('fast'));
    await waited;
    expect(done).toEqual(['fast', 'slow']);
    await Promise.all([slow.close(), fast.close()]);
  });

  it('rate: at most N requests started per second, evenly spaced (5 at 20/s take 200 ms or more)', async () => {
    const starts: number[] = [];
    const base = await serve((_req, res) => {
      starts.push(performance.now());
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const client = new HttpClient(base, { rate: 20 });
    const began = performance.now();
    await Promise.all(Array.from({ length: 5 }, (_, i) => client.send({ method: 'GET', path: `/x${i}`, headers: {} })));
    expect(performance.now() - began).toBeGreaterThanOrEqual(190);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(40);
    expect(() => new HttpClient(base, { rate: 0 })).toThrow('rate must be a positive number');
    await client.close();
  });
});
