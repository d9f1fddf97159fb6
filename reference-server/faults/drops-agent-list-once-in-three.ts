import type { AppResponse } from '../http.ts';
import type { Fault } from './types.ts';

/**
 * Whether the n-th listAgents request (1-based) is dropped: every third, and also the one after the third of
 * every nine, so that a client sending one request at a time, and each dropped one once more, sees most
 * dropped exchanges answered on the retry (6 → 7, 9 → 10) and one in three fail twice (3 → 4, 12 → 13).
 */
export function dropsListAgents(n: number): boolean {
  return n % 3 === 0 || n % 9 === 4;
}

/**
 * The answer, cut: its status and headers with the Content-Length of its body, `Connection: close`, and no
 * body. The server then closes the connection after the headers, so the client reads a body shorter than
 * declared (0 of N bytes). A fault only wraps the handler (an AppResponse in, one out) and never sees the
 * socket, so it cannot stop after some bytes of the body: it stops before the first.
 */
function cut(res: AppResponse): AppResponse {
  const length = res.text ? Buffer.byteLength(res.text.value) : res.body === undefined ? 0 : Buffer.byteLength(JSON.stringify(res.body));
  const contentType = res.text?.contentType ?? 'application/json; charset=utf-8';
  return {
    status: res.status,
    headers: { ...res.headers, 'content-type': contentType, 'content-length': String(length), connection: 'close' },
  };
}

/** listAgents (GET /v1/agents) breaks off after the headers on every third request to it. */
export const dropsAgentListOnceInThree = {
  id: 'drops-agent-list-once-in-three',
  description:
    'GET /v1/agents: every third request (and the one after the third of every nine) gets its status and ' +
    'headers, then the connection closes before the body: a client that retries once gets most of them on the ' +
    'retry, and one in three fails twice.',
  wrap: (next) => {
    let seen = 0;
    return async (req) => {
      const res = await next(req);
      if (req.match?.route.operationId !== 'listAgents') return res;
      seen++;
      return dropsListAgents(seen) ? cut(res) : res;
    };
  },
} as const satisfies Fault;
