// A counting HTTP proxy for `npm run bench`: listens on 127.0.0.1 (a free port), forwards every request to
// one upstream origin over a keep-alive agent, counts what passed, notes the time of the first request and
// of the last answer, and can delay every answer by `delayMs` (a slow network, seen from the suite).
import { Agent, createServer, request as httpRequest } from 'node:http';

/** Request headers not forwarded: hop-by-hop, or rewritten for the upstream. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

/**
 * startProxy({ upstream: 'http://127.0.0.1:PORT', delayMs = 0 }) → { origin, stats, reset(), close() }.
 * stats: requests (every request the proxy received, answered or not), answered, failed (upstream errors,
 * answered 502), parseErrors (requests node:http could not parse; answered 400 by node itself),
 * firstRequestAt / lastAnswerAt (process.hrtime.bigint() values or undefined).
 */
export async function startProxy({ upstream, delayMs = 0 }) {
  const target = new URL(upstream);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 256 });
  const stats = { requests: 0, answered: 0, failed: 0, parseErrors: 0, firstRequestAt: undefined, lastAnswerAt: undefined };
  const later = (fn) => (delayMs > 0 ? setTimeout(fn, delayMs) : fn());

  const server = createServer((req, res) => {
    const now = process.hrtime.bigint();
    stats.requests++;
    stats.firstRequestAt ??= now;
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
    headers.host = target.host;
    let upstreamReq;
    const fail = (error) => {
      stats.failed++;
      stats.lastErrors = [...(stats.lastErrors ?? []).slice(-4), `${req.method} ${req.url}: ${error.message}`];
      later(() => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`bench proxy: ${error.message}`);
      });
    };
    try {
      upstreamReq = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent });
    } catch (error) {
      req.resume();
      return fail(error);
    }
    upstreamReq.on('response', (upstreamRes) => {
      later(() => {
        const out = { ...upstreamRes.headers };
        delete out.connection;
        delete out['keep-alive'];
        delete out['transfer-encoding'];
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, out);
        upstreamRes.pipe(res);
        upstreamRes.on('end', () => {
          stats.answered++;
          stats.lastAnswerAt = process.hrtime.bigint();
        });
      });
    });
    upstreamReq.on('error', fail);
    req.pipe(upstreamReq);
  });
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 60_000;
  server.on('clientError', (error, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    stats.parseErrors++;
    socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    stats,
    reset() {
      Object.assign(stats, { requests: 0, answered: 0, failed: 0, parseErrors: 0, firstRequestAt: undefined, lastAnswerAt: undefined });
    },
    close() {
      agent.destroy();
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
