import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../reference-server/index';
import { EngineError } from '../errors';
import { HttpClient } from './client';
import { TransportFault, faultResponse, sendOrFault } from './transport-fault';
import type { WireRequest } from './types';

/** How the raw server treats one request: answer it well, or break off in one way. */
type Behaviour = 'good' | 'close-mid-body' | 'short-body' | 'reset' | 'silent' | 'garbage';

const GOOD = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\n\r\n{"ok":true}';

function behave(socket: Socket, behaviour: Behaviour): void {
  switch (behaviour) {
    case 'good':
      socket.write(GOOD);
      return;
    case 'close-mid-body':
      // Chunked, one chunk of the body, then the socket closes.
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n5\r\n{"ok"\r\n');
      socket.end();
      return;
    case 'short-body':
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"ok":tru');
      socket.end();
      return;
    case 'reset':
      socket.resetAndDestroy();
      return;
    case 'silent':
      return;
    case 'garbage':
      socket.write('not http at all\r\n\r\n');
      return;
  }
}

interface RawServer {
  base: string;
  /** Requests received so far, each with the connection (1-based) it came on. */
  requests: Array<{ path: string; connection: number }>;
}

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

/** A raw HTTP/1.1 server (GET without bodies only) that treats the n-th request (0-based) as `plan(n)` says. */
async function rawServer(plan: (n: number) => Behaviour): Promise<RawServer> {
  const requests: RawServer['requests'] = [];
  let connections = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    const connection = ++connections;
    let buffered = '';
    socket.on('error', () => {});
    socket.on('data', (data) => {
      buffered += data.toString('latin1');
      let end;
      while ((end = buffered.indexOf('\r\n\r\n')) >= 0) {
        const head = buffered.slice(0, end);
        buffered = buffered.slice(end + 4);
        const path = head.split(' ')[1] ?? '';
        const n = requests.length;
        requests.push({ path, connection });
        behave(socket, plan(n));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { base: `http://127.0.0.1:${port}/v1`, requests };
}

const get = (path: string): WireRequest => ({ method: 'GET', path, headers: {} });

describe('HttpClient › transport faults', () => {
  it.each<[Behaviour]>([['close-mid-body'], ['short-body'], ['reset'], ['garbage']])(
    'a %s on the first attempt only: the retry answers, over a connection of its own',
    async (behaviour) => {
      const server = await rawServer((n) => (n === 0 ? behaviour : 'good'));
      const client = new HttpClient(server.base);
      const response = await client.send(get('/agents'));
      expect(response).toMatchObject({ status: 200, json: { ok: true } });
      expect(response.transport).toBeUndefined();
      expect(client.transportRetries).toBe(1);
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1].connection).not.toBe(server.requests[0].connection);
      await client.close();
    },
  );

  it.each<[Behaviour, string, RegExp]>([
    ['close-mid-body', 'closed', /in the body/],
    ['short-body', 'length-mismatch', /Content-Length 100, 9 bytes received/],
    ['reset', 'reset', /ECONNRESET/],
    ['silent', 'timeout', /no answer headers within 300 ms/],
    ['garbage', 'protocol', /HTTPParserError|HPE_/],
  ])('after a good answer, a %s on both attempts is a TransportFault (%s), not the end of the run', async (behaviour, kind, detail) => {
    const server = await rawServer((n) => (n === 0 ? 'good' : behaviour));
    const client = new HttpClient(server.base, { timeoutMs: 300 });
    expect((await client.send(get('/health'))).status).toBe(200);
    const error = await client.send(get('/agents')).catch((e) => e);
    expect(error).toBeInstanceOf(TransportFault);
    expect(error).not.toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ kind, request: { method: 'GET', path: '/agents' }, detail: expect.stringMatching(detail) });
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/health', '/v1/agents', '/v1/agents']);
    await client.close();
  });

  it('a target that accepts the connection and never answers ends quickly: TARGET_UNREACHABLE, one line', async () => {
    const server = await rawServer(() => 'silent');
    const client = new HttpClient(server.base, { timeoutMs: 300 });
    const error = await client.send(get('/health')).catch((e) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error.code).toBe('TARGET_UNREACHABLE');
    expect(error.message).toBe(`target ${server.base} accepted the connection but did not answer within 300 ms`);
    expect(server.requests).toHaveLength(2);
    await client.close();
  });

  it('a target whose first exchanges all break off never answered: TARGET_UNREACHABLE, or TARGET_UNUSABLE when not HTTP', async () => {
    const closing = await rawServer(() => 'close-mid-body');
    const client = new HttpClient(closing.base);
    await expect(client.send(get('/health'))).rejects.toMatchObject({ code: 'TARGET_UNREACHABLE', message: expect.stringContaining('never answered completely (closed') });
    await client.close();
    const garbage = await rawServer(() => 'garbage');
    const other = new HttpClient(garbage.base);
    await expect(other.send(get('/health'))).rejects.toMatchObject({ code: 'TARGET_UNUSABLE', message: expect.stringContaining('does not speak HTTP') });
    await other.close();
  });

  it('a refused connection is TARGET_UNREACHABLE at once, not retried', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise((r) => probe.close(r));
    const client = new HttpClient(`http://127.0.0.1:${port}/v1`);
    const error = await client.send(get('/health')).catch((e) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'TARGET_UNREACHABLE', message: expect.stringContaining('ECONNREFUSED') });
    expect(client.transportRetries).toBe(0);
    await client.close();
  });

  it('a target that answered, then broke off the last 5 exchanges, stopped answering: TARGET_UNREACHABLE', async () => {
    const server = await rawServer((n) => (n === 0 || n === 3 ? 'good' : 'reset'));
    const client = new HttpClient(server.base);
    await client.send(get('/health'));
    // One broken exchange (2 attempts), then an answer resets the count.
    await expect(client.send(get('/a'))).rejects.toBeInstanceOf(TransportFault);
    expect((await client.send(get('/b'))).status).toBe(200);
    for (let i = 0; i < 4; i++) await expect(client.send(get(`/c${i}`))).rejects.toBeInstanceOf(TransportFault);
    const error = await client.send(get('/c4')).catch((e) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'TARGET_UNREACHABLE', message: expect.stringContaining('stopped answering: the last 5 exchanges broke off') });
    await client.close();
  });

  it('sendOrFault turns a TransportFault into a status-0 answer carrying what broke, and rethrows anything else', async () => {
    const server = await rawServer((n) => (n === 0 ? 'good' : 'short-body'));
    const client = new HttpClient(server.base);
    expect((await sendOrFault(client, get('/health'))).status).toBe(200);
    const response = await sendOrFault(client, get('/agents'));
    expect(response).toMatchObject({
      status: 0,
      headers: {},
      bodyText: '',
      isJson: false,
      transport: { kind: 'length-mismatch', detail: expect.stringContaining('Content-Length 100') },
    });
    expect(response.json).toBeUndefined();
    expect(response.durationMs).toBeGreaterThanOrEqual(0);
    await client.close();
    const refused = new HttpClient('http://127.0.0.1:1/v1');
    await expect(sendOrFault(refused, get('/health'))).rejects.toBeInstanceOf(EngineError);
    await refused.close();
  });

  it('faultResponse keeps the duration and the fault, nothing else', () => {
    const fault = new TransportFault({ kind: 'reset', request: get('/x'), detail: 'ECONNRESET read ECONNRESET', durationMs: 12 });
    expect(faultResponse(fault)).toEqual({
      status: 0,
      headers: {},
      bodyText: '',
      json: undefined,
      isJson: false,
      durationMs: 12,
      transport: { kind: 'reset', detail: 'ECONNRESET read ECONNRESET' },
    });
    expect(fault.message).toBe('GET /x: the exchange broke off (reset: ECONNRESET read ECONNRESET)');
  });

  it('against the reference server with drops-agent-list-once-in-three: most drops are answered on the retry, some become status-0 answers', async () => {
    const server = await startReferenceServer({ faults: ['drops-agent-list-once-in-three'] });
    const client = new HttpClient(server.baseUrl);
    const list = { method: 'GET', path: '/agents', headers: { authorization: `Bearer ${server.keys.projectKey}` } };
    const answers = [];
    for (let i = 0; i < 9; i++) answers.push(await sendOrFault(client, list));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 0, 200, 200, 200, 200, 200, 0]);
    expect(answers[2].transport).toMatchObject({ kind: 'length-mismatch', detail: expect.stringMatching(/^Content-Length \d+, 0 bytes received/) });
    expect(client.transportRetries).toBe(4);
    await client.close();
    await server.close();
  });
});
