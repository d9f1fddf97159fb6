import { request } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceServer, type RunningReferenceServer } from '../server.ts';
import { dropsListAgents } from './drops-agent-list-once-in-three.ts';

const running: RunningReferenceServer[] = [];
afterAll(() => Promise.all(running.map((s) => s.close())));

/** One GET over a connection of its own: the status, the declared length, and the bytes that came before the close. */
function get(baseUrl: string, path: string, key: string): Promise<{ status: number; declared: number; received: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${path}`, { agent: false, headers: { authorization: `Bearer ${key}` } }, (res) => {
      let received = 0;
      res.on('data', (chunk: Buffer) => (received += chunk.length));
      res.on('error', () => {});
      res.on('close', () =>
        resolve({ status: res.statusCode!, declared: Number(res.headers['content-length']), received, complete: res.complete }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('drops-agent-list-once-in-three', () => {
  it('drops every third request, and the one after the third of every nine', () => {
    const dropped = Array.from({ length: 18 }, (_, i) => i + 1).filter(dropsListAgents);
    expect(dropped).toEqual([3, 4, 6, 9, 12, 13, 15, 18]);
  });

  it('one request at a time, each dropped one sent once more: most retries answer, one exchange in three fails twice', () => {
    let n = 0;
    const outcomes: string[] = [];
    for (let exchange = 0; exchange < 9; exchange++) {
      if (!dropsListAgents(++n)) outcomes.push('ok');
      else outcomes.push(dropsListAgents(++n) ? 'fault' : 'retried');
    }
    expect(outcomes).toEqual(['ok', 'ok', 'fault', 'ok', 'retried', 'ok', 'retried', 'ok', 'fault']);
  });

  it('on the wire: status and headers, the Content-Length of the body, then the connection closes before any byte of it', async () => {
    const server = await startReferenceServer({ faults: ['drops-agent-list-once-in-three'] });
    running.push(server);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get(server.baseUrl, '/agents', server.keys.projectKey));
    // Other routes are not counted, nor dropped.
    const health = await get(server.baseUrl, '/health', server.keys.projectKey);
    expect(health).toMatchObject({ status: 200, complete: true });
    expect(answers.map((a) => a.complete)).toEqual([true, true, false, false]);
    const [whole, , cut] = answers;
    expect(whole.received).toBe(whole.declared);
    expect(cut).toMatchObject({ status: 200, declared: whole.declared, received: 0 });
  });
});
