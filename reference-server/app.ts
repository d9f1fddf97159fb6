/**
 * The app: parse → route → (faults) → authenticate → handler → render errors.
 *
 * `createApp` builds one isolated instance (own store, own random seed keys).
 * `app.request()` dispatches in-process (no socket), `app.handle()` serves the
 * node:http server.
 */
import type { Edition } from './edition.ts';
import { HttpError, renderError } from './errors.ts';
import { applyFaults } from './faults/apply.ts';
import type { AppRequest, Handler, RawRequest, WireResponse } from './http.ts';
import { normalizeHeaders, parseJsonBody, toWire } from './http.ts';
import { PROJECT_HEADER_REQUIRED, apiKeyAuth } from './middleware/auth.ts';
import { createRouter } from './router.ts';
import { routes as allRoutes } from './routes/index.ts';
import type { RouteDef } from './routes/types.ts';
import { Store, seedStore, type SeedKeys } from './store/index.ts';
import { addLivedInData } from './store/lived-in.ts';

/** All routes are served below this prefix. */
export const API_PREFIX = '/v1';

export interface AppOptions {
  /** Default `cloud`. */
  edition?: Edition;
  /** Fault ids to apply (see faults/index.ts); default none. */
  faults?: readonly string[];
  /** Add approvals and app connections as a server in use holds them (see store/lived-in.ts); default false. */
  livedIn?: boolean;
  /** The route table; default every tag's routes. Tests pass their own. */
  routes?: readonly RouteDef[];
  /**
   * The store and seed keys of another app, to serve as they are (no seed or lived-in data of its own): a
   * second process over the same database, as a self-hosted OneCLI's gateway is beside its API server.
   */
  shared?: { store: Store; keys: SeedKeys };
}

/** Init of an in-process request. */
export interface AppRequestInit {
  headers?: Record<string, string>;
  /** A string is sent as is (e.g. malformed JSON); anything else is JSON-encoded; undefined sends no body. */
  body?: unknown;
}

/** An in-process response: the wire view plus the parsed JSON body (undefined when there is none). */
export interface TestResponse extends WireResponse {
  body: unknown;
}

export interface App {
  readonly keys: SeedKeys;
  readonly store: Store;
  readonly edition: Edition;
  /** Dispatches in-process; `path` includes `/v1` and may carry a query. */
  request(method: string, path: string, init?: AppRequestInit): Promise<TestResponse>;
  /** Answers one raw request; never throws. */
  handle(raw: RawRequest): Promise<WireResponse>;
  /** Requests handled so far. */
  requestCount(): number;
  /** Requests handled so far, by method. */
  requestsByMethod(): Readonly<Record<string, number>>;
}

function unknownRoute(req: AppRequest): HttpError {
  return HttpError.envelope(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${req.method}: ${req.path}). Please see https://onecli.sh/docs/api-reference for available endpoints.`,
  );
}

/** Builds an isolated app instance. Throws on an unknown fault id or a duplicate route. */
export function createApp(options: AppOptions = {}): App {
  const edition = options.edition ?? 'cloud';
  const store = options.shared?.store ?? new Store();
  const keys = options.shared?.keys ?? seedStore(store);
  if (options.livedIn && !options.shared) addLivedInData(store, keys);
  const served = (options.routes ?? allRoutes).filter((r) => !r.editions || r.editions.includes(edition));
  const router = createRouter(API_PREFIX, served);
  const authenticate = apiKeyAuth({ store, edition });
  const counts: Record<string, number> = {};

  const core: Handler = async (req) => {
    try {
      if (!req.match) throw unknownRoute(req);
      const { route, params } = req.match;
      const principal = authenticate(req, route.auth);
      const projectId = () => {
        if (principal?.kind !== 'user' || principal.projectId === undefined) throw PROJECT_HEADER_REQUIRED;
        return principal.projectId;
      };
      return await route.handler({ req, params, store, principal, projectId });
    } catch (error) {
      return renderError(error);
    }
  };
  const handler = applyFaults(core, options.faults ?? [], { store, keys });

  async function handle(raw: RawRequest): Promise<WireResponse> {
    const method = raw.method.toUpperCase();
    counts[method] = (counts[method] ?? 0) + 1;
    const queryAt = raw.url.indexOf('?');
    const path = queryAt === -1 ? raw.url : raw.url.slice(0, queryAt);
    const req: AppRequest = {
      method,
      path,
      query: new URLSearchParams(queryAt === -1 ? '' : raw.url.slice(queryAt + 1)),
      headers: normalizeHeaders(raw.headers),
      rawBody: raw.body,
      body: parseJsonBody(raw.body),
      match: router(method, path),
    };
    try {
      return toWire(await handler(req));
    } catch (error) {
      return toWire(renderError(error));
    }
  }

  return {
    keys,
    store,
    edition,
    handle,
    async request(method, path, init = {}) {
      const body = init.body === undefined ? '' : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      const wire = await handle({ method, url: path, headers: init.headers ?? {}, body });
      return { ...wire, body: wire.text === '' ? undefined : wire.headers['content-type']?.startsWith('application/json') === false ? wire.text : (JSON.parse(wire.text) as unknown) };
    },
    requestCount: () => Object.values(counts).reduce((a, b) => a + b, 0),
    requestsByMethod: () => ({ ...counts }),
  };
}
