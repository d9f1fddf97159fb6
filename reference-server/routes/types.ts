/** The shape of a route and of what its handler receives. */
import type { Edition } from '../edition.ts';
import type { AppRequest, AppResponse } from '../http.ts';
import type { AuthPolicy, Principal } from '../middleware/auth.ts';
import type { Store } from '../store/index.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One documented operation. */
export interface RouteDef {
  method: HttpMethod;
  /** OpenAPI path template below `/v1`, as in operations.json: `/agents/{agentId}`. */
  path: string;
  operationId: string;
  /** Who may call it; checked before the handler runs. */
  auth: AuthPolicy;
  /** Editions that serve the route (default: all); elsewhere it is an unknown route. */
  editions?: readonly Edition[];
  handler(ctx: Context): AppResponse | Promise<AppResponse>;
}

/** What a handler receives once the request is authenticated. */
export interface Context {
  req: AppRequest;
  /** Decoded path parameters, by template name. */
  params: Readonly<Record<string, string>>;
  store: Store;
  /** The caller; undefined on `public` routes. */
  principal: Principal | undefined;
  /** The project the call acts on; throws the missing-project 400 when there is none. */
  projectId(): string;
}
