import { createServer, type Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { HttpClient } from './client';

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
});
