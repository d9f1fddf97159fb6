import { HttpClient } from './client';

/**
 * Asks the target once (GET <base>/health, public in OneCLI) with short timeouts. Any HTTP answer proves
 * the target usable; a refused connection, a timeout or bytes that are not HTTP throw an EngineError
 * (TARGET_UNREACHABLE / TARGET_UNUSABLE).
 */
export async function probeTarget(baseUrl: string, timeoutMs = 5000): Promise<{ status: number }> {
  // One attempt: a target that does not answer the probe in time will not answer its retry either.
  const client = new HttpClient(baseUrl, { connectTimeoutMs: timeoutMs, timeoutMs, connections: 1, retryTransport: false });
  try {
    const res = await client.send({ method: 'GET', path: '/health', headers: { accept: 'application/json' } });
    return { status: res.status };
  } finally {
    await client.close().catch(() => undefined);
  }
}
