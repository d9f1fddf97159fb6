import { Pool, errors as undiciErrors } from 'undici';
import { EngineError } from '../errors';
import type { WireRequest, WireResponse } from './types';

export interface HttpClientOptions {
  /** Milliseconds to establish a connection. Default 5000. */
  connectTimeoutMs?: number;
  /** Milliseconds to wait for response headers, and between body chunks. Default 15000. */
  timeoutMs?: number;
  /** Connections kept open to the target. Default 8. */
  connections?: number;
  /** Bodies longer than this are cut (bytes): the rest is not read. Default 8 MiB. */
  maxBodyBytes?: number;
  /** Milliseconds for a whole exchange, body included, so that a target trickling bytes cannot hold the run. Default 60000. */
  totalTimeoutMs?: number;
  /**
   * Times a request answered 429 Too Many Requests is sent again, after the answer's Retry-After (seconds
   * or an HTTP date, at most 30 s) or else an exponential back-off from 1 s. A 429 means the request was not
   * processed, so sending it again is safe whatever its method. The last answer is returned as it is.
   * Default 4.
   */
  rateLimitRetries?: number;
  /** Milliseconds this client may spend waiting out 429s in all; past it a 429 is returned at once. Default 120000. */
  rateLimitBudgetMs?: number;
}

/** The longest wait a Retry-After may ask for. */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * One pooled, keep-alive client per target. `baseUrl` is the API base as OneCLI documents it
 * (e.g. `http://localhost:10254/v1`); request paths are appended to its path.
 */
export class HttpClient {
  readonly baseUrl: URL;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly maxBodyBytes: number;
  private readonly totalTimeoutMs: number;
  private readonly rateLimitRetries: number;
  private rateLimitBudgetMs: number;
  private sent = 0;
  private rateLimited = 0;

  constructor(baseUrl: string, options: HttpClientOptions = {}) {
    this.baseUrl = new URL(baseUrl);
    this.basePath = this.baseUrl.pathname.replace(/\/+$/, '');
    this.maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 60_000;
    this.rateLimitRetries = options.rateLimitRetries ?? 4;
    this.rateLimitBudgetMs = options.rateLimitBudgetMs ?? 120_000;
    const timeout = options.timeoutMs ?? 15_000;
    this.pool = new Pool(this.baseUrl.origin, {
      connections: options.connections ?? 8,
      connect: { timeout: options.connectTimeoutMs ?? 5_000 },
      headersTimeout: timeout,
      bodyTimeout: timeout,
      keepAliveTimeout: 10_000,
    });
  }

  /** Requests sent so far by this client. */
  get requestsSent(): number {
    return this.sent;
  }

  /** Answers 429 that were waited out and sent again. */
  get rateLimitedRetries(): number {
    return this.rateLimited;
  }

  async send(request: WireRequest): Promise<WireResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.sendOnce(request);
      if (response.status !== 429 || attempt >= this.rateLimitRetries) return response;
      const wait = retryDelayMs(response.headers['retry-after'], attempt);
      // A target that always answers 429 must not stretch the run without end.
      if (this.rateLimitBudgetMs <= 0 || wait > this.rateLimitBudgetMs) return response;
      this.rateLimitBudgetMs -= wait;
      this.rateLimited++;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private async sendOnce(request: WireRequest): Promise<WireResponse> {
    const started = performance.now();
    this.sent++;
    const signal = AbortSignal.timeout(this.totalTimeoutMs);
    let res;
    try {
      res = await this.pool.request({
        method: request.method as any,
        path: this.basePath + request.path,
        headers: request.headers,
        body: request.body,
        signal,
      });
    } catch (error) {
      throw transportError(error, this.baseUrl.href, signal, this.totalTimeoutMs);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    try {
      for await (const chunk of res.body) {
        if (size + chunk.length > this.maxBodyBytes) {
          // Leaving the loop destroys the body: the rest is never read (a target may stream without end).
          chunks.push(chunk.subarray(0, this.maxBodyBytes - size));
          truncated = true;
          break;
        }
        size += chunk.length;
        chunks.push(chunk);
      }
    } catch (error) {
      throw transportError(error, this.baseUrl.href, signal, this.totalTimeoutMs);
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    const bodyText = Buffer.concat(chunks).toString('utf8');
    let json: unknown;
    let isJson = false;
    if (bodyText.length > 0 && !truncated) {
      try {
        json = JSON.parse(bodyText);
        isJson = true;
      } catch {
        // not JSON: checks that need JSON say so
      }
    }
    return {
      status: res.statusCode,
      headers,
      bodyText,
      json,
      isJson,
      ...(truncated ? { truncated: true } : {}),
      durationMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** How long to wait before sending a rate-limited request again: its Retry-After, else 1 s, 2 s, 4 s… */
export function retryDelayMs(retryAfter: string | undefined, attempt: number, now = Date.now()): number {
  const backoff = Math.min(1000 * 2 ** attempt, MAX_RETRY_AFTER_MS);
  if (retryAfter === undefined) return backoff;
  const seconds = Number(retryAfter.trim());
  if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.min(Math.max(seconds, 0) * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? backoff : Math.min(Math.max(date - now, 0), MAX_RETRY_AFTER_MS);
}

function transportError(error: unknown, target: string, signal?: AbortSignal, totalMs?: number): EngineError {
  const e = error as { code?: string; message?: string };
  if (signal?.aborted) {
    return new EngineError('TARGET_UNREACHABLE', `target ${target} did not finish answering within ${Math.round((totalMs ?? 0) / 1000)} s`);
  }
  if (e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.BodyTimeoutError) {
    return new EngineError('TARGET_UNREACHABLE', `target ${target} did not answer in time (${e.code})`);
  }
  if (e instanceof undiciErrors.ConnectTimeoutError) {
    return new EngineError('TARGET_UNREACHABLE', `cannot connect to ${target}: connection timed out`);
  }
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'ECONNRESET') {
    return new EngineError('TARGET_UNREACHABLE', `cannot reach ${target}: ${e.code}`);
  }
  if (e instanceof undiciErrors.HTTPParserError || e.code === 'HPE_INVALID_CONSTANT' || String(e.code).startsWith('HPE_')) {
    return new EngineError('TARGET_UNUSABLE', `target ${target} does not speak HTTP (${e.code ?? e.message})`);
  }
  return new EngineError('TARGET_UNREACHABLE', `request to ${target} failed: ${e.code ?? ''} ${e.message ?? String(error)}`.trim());
}
