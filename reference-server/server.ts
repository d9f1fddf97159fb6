/** The socket server: one app instance behind node:http. */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { API_PREFIX, type App, createApp } from './app.ts';
import type { Edition } from './edition.ts';
import type { SeedKeys } from './store/index.ts';
import { addUserData, type UserData } from './store/lived-in.ts';

export interface ReferenceServerOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default `cloud`. */
  edition?: Edition;
  /** Fault ids to apply (see faults/index.ts); default none. */
  faults?: readonly string[];
  /**
   * A running server whose store and keys this one serves too (two processes over one database, as a
   * self-hosted OneCLI's API server and gateway are); default its own fresh store.
   */
  sharesStoreWith?: RunningReferenceServer;
  /**
   * Add the approvals and app connections a server in use holds (store/lived-in.ts); default true. False
   * starts from the bare seed: no request held for approval, no app connection.
   */
  livedIn?: boolean;
  /**
   * Exactly this many requests held for approval (of the project's default agent) and app connections (the
   * project's own, provider `github`), as a user's traffic and OAuth flows leave them; added on top of
   * `livedIn` (store/lived-in.ts `addUserData`); default none. Not with `sharesStoreWith`.
   */
  userData?: UserData;
}

export interface RunningReferenceServer {
  /** `http://HOST:PORT/v1` — the base URL clients are given. */
  baseUrl: string;
  keys: SeedKeys;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
  /** Requests answered so far. */
  requestCount(): number;
  /** Requests answered so far, by method. */
  requestsByMethod(): Readonly<Record<string, number>>;
}

/** The app behind each running server, for `sharesStoreWith`. */
const appOf = new WeakMap<RunningReferenceServer, App>();

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts a fresh, isolated reference server. Rejects on an unknown fault id or
 * when the port cannot be bound (the listen error, e.g. code `EADDRINUSE`).
 */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<RunningReferenceServer> {
  const other = options.sharesStoreWith && appOf.get(options.sharesStoreWith);
  if (options.sharesStoreWith && !other) throw new Error('sharesStoreWith: not a server startReferenceServer started');
  const shared = other ? { store: other.store, keys: other.keys } : undefined;
  if (options.sharesStoreWith && options.userData) throw new Error('userData: not with sharesStoreWith (the other server holds the data)');
  const app = createApp({ edition: options.edition, faults: options.faults, livedIn: options.livedIn ?? true, shared });
  if (options.userData) addUserData(app.store, app.keys, options.userData);
  const host = options.host ?? '127.0.0.1';

  const server = createServer((req, res) => {
    readBody(req)
      .then((body) => app.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }))
      .then((wire) => res.writeHead(wire.status, wire.headers).end(wire.text))
      .catch(() => res.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const running: RunningReferenceServer = {
    baseUrl: `http://${urlHost}:${port}${API_PREFIX}`,
    keys: app.keys,
    requestCount: app.requestCount,
    requestsByMethod: app.requestsByMethod,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
  appOf.set(running, app);
  return running;
}
