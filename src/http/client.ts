import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Pool, type Dispatcher, errors as undiciErrors } from 'undici';
import { EngineError } from '../errors';
import type { Limiter } from './limiter';
import { TransportFault, type TransportFaultKind } from './transport-fault';
import type { WireRequest, WireResponse } from './types';

export interface HttpClientOptions {
  /** Milliseconds to establish a connection. Default 5000. */
  connectTimeoutMs?: number;
  /**
   * Milliseconds to wait for response headers, and between body chunks. Default 10000. undici checks both
   * on a coarse clock: a wait may run up to about a second past it.
   */
  timeoutMs?: number;
  /** Connections kept open to the target. Default: the limiter's `max` when one is given, else 8. */
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
  /**
   * The run's concurrency: every attempt of every exchange holds one of its slots while on the wire (not
   * while waiting out a 429). One limiter may be shared by the clients of all the run's targets. Default none
   * (at most `connections` exchanges at once, by the pool).
   */
  limiter?: Limiter;
  /**
   * At most this many requests started per second by this client (a per-target cap): starts are spaced
   * evenly, 1000/rate ms apart, every attempt counted (transport retries and 429 retries too). Requests
   * waiting for their turn hold no limiter slot. Default none.
   */
  rate?: number;
  /** Send an exchange that broke off once more over a fresh connection (default true; the probe does not). */
  retryTransport?: boolean;
}

/** The longest wait a Retry-After may ask for. */
const MAX_RETRY_AFTER_MS = 30_000;
/** Consecutive broken exchanges (after their retry) after which a target that did answer counts as gone. */
const STOPPED_ANSWERING_AFTER = 5;
/** Error codes of a connection that could not be made at all (the target is not there). */
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** How one attempt broke off after the connection was made. */
interface Broken {
  kind: TransportFaultKind;
  detail: string;
}

/** What an attempt had read when it failed, to tell a short body from a plain close. */
interface AttemptState {
  contentLength?: number;
  bytesRead: number;
  headersReceived: boolean;
}

const noop = () => {};

/**
 * One pooled, keep-alive client per target. `baseUrl` is the API base as OneCLI documents it
 * (e.g. `http://localhost:10254/v1`); request paths are appended to its path.
 *
 * **Transport faults.** An exchange that breaks off after the connection was made (the socket reset or
 * closed before the answer was complete, a Content-Length longer than the body, no headers or no next body
 * chunk within `timeoutMs`, the whole exchange past `totalTimeoutMs`, bytes that are not HTTP) is sent again
 * once, over a fresh connection of its own (never a pooled socket that may be dead too). When the retry
 * breaks off as well, `send` throws:
 * - `EngineError('TARGET_UNREACHABLE' | 'TARGET_UNUSABLE')` when the target cannot be used at all: the
 *   connection cannot be made (refused, DNS failure, connect timeout; not retried); or this client has never
 *   received an answer from it (its first exchanges all break off: e.g. a target that accepts the connection
 *   and never answers, ended after 2 × `timeoutMs`; `TARGET_UNUSABLE` when the bytes are not HTTP); or the
 *   last 5 exchanges of this client all broke off (a target that stopped answering);
 * - otherwise a `TransportFault` (src/http/transport-fault.ts): this one exchange failed, the run goes on
 *   (`sendOrFault` turns it into an answer with status 0 that the transport-error check judges).
 * An exchange thus sends its request at most twice (429 retries apart), whatever its method: a reset may
 * come after the target processed it, so a create may be made twice.
 */
export class HttpClient {
  readonly baseUrl: URL;
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly maxBodyBytes: number;
  private readonly totalTimeoutMs: number;
  private readonly timeoutMs: number;
  private readonly connectTimeoutMs: number;
  private readonly rateLimitRetries: number;
  private rateLimitBudgetMs: number;
  private readonly limiter: Limiter | undefined;
  private readonly retryTransport: boolean;
  /** Milliseconds between two starts (0: no rate cap). */
  private readonly intervalMs: number;
  /** Settles when the request before in line has started: requests take their rate turn in order. */
  private rateGate: Promise<void> = Promise.resolve();
  private lastStart = Number.NEGATIVE_INFINITY;
  private sent = 0;
  private rateLimited = 0;
  private answers = 0;
  private brokenInARow = 0;
  private transportRetried = 0;

  constructor(baseUrl: string, options: HttpClientOptions = {}) {
    this.baseUrl = new URL(baseUrl);
    this.basePath = this.baseUrl.pathname.replace(/\/+$/, '');
    this.maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
    this.totalTimeoutMs = options.totalTimeoutMs ?? 60_000;
    this.rateLimitRetries = options.rateLimitRetries ?? 4;
    this.rateLimitBudgetMs = options.rateLimitBudgetMs ?? 120_000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    this.limiter = options.limiter;
    this.retryTransport = options.retryTransport ?? true;
    if (options.rate !== undefined && !(Number.isFinite(options.rate) && options.rate > 0)) {
      throw new RangeError(`HttpClient: rate must be a positive number of requests per second, got ${options.rate}`);
    }
    this.intervalMs = options.rate ? 1000 / options.rate : 0;
    this.pool = new Pool(this.baseUrl.origin, {
      connections: options.connections ?? options.limiter?.max ?? 8,
      connect: { timeout: this.connectTimeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  /** Requests sent so far by this client (every attempt). */
  get requestsSent(): number {
    return this.sent;
  }

  /** Answers 429 that were waited out and sent again. */
  get rateLimitedRetries(): number {
    return this.rateLimited;
  }

  /** Exchanges that broke off once and were sent again over a fresh connection. */
  get transportRetries(): number {
    return this.transportRetried;
  }

  /**
   * Sends `request` and reads the answer. Throws a `TransportFault` when this exchange broke off twice, an
   * `EngineError` when the target cannot be used (the rule is in the class comment).
   */
  async send(request: WireRequest): Promise<WireResponse> {
    for (let attempt = 0; ; attempt++) {
      const response = await this.exchange(request);
      if (response.status !== 429 || attempt >= this.rateLimitRetries) return response;
      const wait = retryDelayMs(response.headers['retry-after'], attempt);
      // A target that always answers 429 must not stretch the run without end.
      if (this.rateLimitBudgetMs <= 0 || wait > this.rateLimitBudgetMs) return response;
      this.rateLimitBudgetMs -= wait;
      this.rateLimited++;
      await sleep(wait);
    }
  }

  /** One exchange: an attempt, and when it breaks off after connecting, one more over a fresh connection. */
  private async exchange(request: WireRequest): Promise<WireResponse> {
    // When the first attempt went on the wire (the waits for the rate and a slot are not counted).
    let started: number | undefined;
    let broken: Broken | undefined;
    for (const fresh of this.retryTransport ? [false, true] : [false]) {
      const state: AttemptState = { bytesRead: 0, headersReceived: false };
      try {
        const response = await this.inTurn(() => {
          started ??= performance.now();
          return this.attempt(request, fresh, state);
        });
        this.answers++;
        this.brokenInARow = 0;
        return response;
      } catch (error) {
        broken = this.brokenBy(error, state);
        if (!fresh) this.transportRetried++;
      }
    }
    this.brokenInARow++;
    const target = this.baseUrl.href;
    if (this.answers === 0) throw neverAnswered(target, broken!, this.timeoutMs, this.totalTimeoutMs);
    if (this.brokenInARow >= STOPPED_ANSWERING_AFTER) {
      throw new EngineError(
        'TARGET_UNREACHABLE',
        `target ${target} stopped answering: the last ${this.brokenInARow} exchanges broke off, each retried once (last: ${broken!.kind}: ${broken!.detail})`,
      );
    }
    throw new TransportFault({ ...broken!, request, durationMs: performance.now() - (started ?? performance.now()) });
  }

  /** Runs `fn` once this client's rate allows a start and the limiter gives a slot; the slot is held while it runs. */
  private async inTurn<T>(fn: () => Promise<T>): Promise<T> {
    let release: () => void = noop;
    if (this.intervalMs > 0) {
      const turn = this.rateGate.then(async () => {
        const wait = this.lastStart + this.intervalMs - performance.now();
        if (wait > 0) await sleep(wait);
        // Only the request whose turn it is waits for a slot, so a start is never later than a slot allows
        // and never earlier than the rate allows.
        const slot = this.limiter ? await this.limiter.acquire() : noop;
        this.lastStart = performance.now();
        return slot;
      });
      this.rateGate = turn.then(noop, noop);
      release = await turn;
    } else if (this.limiter) {
      release = await this.limiter.acquire();
    }
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** One attempt, over the pool or over a connection of its own that is closed afterwards. */
  private async attempt(request: WireRequest, fresh: boolean, state: AttemptState): Promise<WireResponse> {
    if (!fresh) return this.sendOnce(request, this.pool, state);
    const client = new Client(this.baseUrl.origin, {
      connect: { timeout: this.connectTimeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      pipelining: 1,
    });
    try {
      return await this.sendOnce(request, client, state);
    } finally {
      client.destroy().catch(noop);
    }
  }

  private async sendOnce(request: WireRequest, dispatcher: Dispatcher, state: AttemptState): Promise<WireResponse> {
    const started = performance.now();
    this.sent++;
    const signal = AbortSignal.timeout(this.totalTimeoutMs);
    let res;
    try {
      res = await dispatcher.request({
        method: request.method as any,
        path: this.basePath + request.path,
        headers: request.headers,
        body: request.body,
        signal,
      });
    } catch (error) {
      throw new AttemptError(error, signal.aborted);
    }
    state.headersReceived = true;
    const declared = Number(res.headers['content-length']);
    if (Number.isInteger(declared) && declared >= 0) state.contentLength = declared;
    const chunks: Buffer[] = [];
    let size = 0;
    let truncated = false;
    try {
      for await (const chunk of res.body) {
        state.bytesRead += chunk.length;
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
      throw new AttemptError(error, signal.aborted);
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

  /**
   * How an attempt broke off. Throws instead when the connection could not be made at all (EngineError
   * TARGET_UNREACHABLE: not retried) or the request could not be sent as given (INTERNAL).
   */
  private brokenBy(error: unknown, state: AttemptState): Broken {
    const target = this.baseUrl.href;
    const aborted = error instanceof AttemptError && error.aborted;
    const e = (error instanceof AttemptError ? error.cause : error) as { code?: string; name?: string; message?: string; errors?: Array<{ code?: string }> };
    const code = e?.code ?? e?.errors?.find((inner) => inner?.code)?.code;
    const said = oneLine(`${code ?? e?.name ?? ''} ${e?.message ?? String(e)}`);
    if (aborted) return { kind: 'timeout', detail: `the whole exchange took over ${this.totalTimeoutMs} ms` };
    if (e instanceof undiciErrors.ConnectTimeoutError || code === 'UND_ERR_CONNECT_TIMEOUT') {
      throw new EngineError('TARGET_UNREACHABLE', `cannot connect to ${target}: connection timed out`);
    }
    if (code !== undefined && CONNECT_CODES.has(code)) throw new EngineError('TARGET_UNREACHABLE', `cannot reach ${target}: ${code}`);
    if (code === 'UND_ERR_INVALID_ARG') throw new EngineError('INTERNAL', `a request to ${target} cannot be sent as built: ${said}`);
    if (e instanceof undiciErrors.HeadersTimeoutError || code === 'UND_ERR_HEADERS_TIMEOUT') {
      return { kind: 'timeout', detail: `no answer headers within ${this.timeoutMs} ms` };
    }
    if (e instanceof undiciErrors.BodyTimeoutError || code === 'UND_ERR_BODY_TIMEOUT') {
      return { kind: 'timeout', detail: `the body stalled for ${this.timeoutMs} ms` };
    }
    const short = state.contentLength !== undefined && state.bytesRead < state.contentLength;
    const length = `Content-Length ${state.contentLength}, ${state.bytesRead} bytes received`;
    if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') return { kind: 'length-mismatch', detail: short ? length : said };
    if (e instanceof undiciErrors.HTTPParserError || code?.startsWith('HPE_')) return { kind: 'protocol', detail: said };
    if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'reset', detail: state.headersReceived ? `${said} (in the body: ${state.bytesRead} bytes received)` : said };
    if (e instanceof undiciErrors.SocketError || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') {
      if (short) return { kind: 'length-mismatch', detail: `${length}, then the connection closed` };
      return { kind: 'closed', detail: state.headersReceived ? `${said} (in the body: ${state.bytesRead} bytes received)` : `${said} (before the answer's headers)` };
    }
    return { kind: 'other', detail: said };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

/** The failure of one attempt, with whether the whole-exchange deadline ended it. */
class AttemptError extends Error {
  readonly aborted: boolean;
  constructor(cause: unknown, aborted: boolean) {
    super((cause as Error)?.message ?? String(cause), { cause });
    this.aborted = aborted;
  }
}

/** The error for a target whose first exchanges all broke off, retry included: it never answered this client. */
function neverAnswered(target: string, broken: Broken, timeoutMs: number, totalTimeoutMs: number): EngineError {
  if (broken.kind === 'protocol') return new EngineError('TARGET_UNUSABLE', `target ${target} does not speak HTTP (${broken.detail})`);
  if (broken.kind === 'timeout' && broken.detail.startsWith('the whole exchange')) {
    return new EngineError('TARGET_UNREACHABLE', `target ${target} did not finish answering within ${Math.round(totalTimeoutMs / 1000)} s`);
  }
  if (broken.kind === 'timeout' && broken.detail.startsWith('no answer headers')) {
    return new EngineError('TARGET_UNREACHABLE', `target ${target} accepted the connection but did not answer within ${timeoutMs} ms`);
  }
  return new EngineError('TARGET_UNREACHABLE', `target ${target} accepted the connection but never answered completely (${broken.kind}: ${broken.detail}; retried once)`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
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
