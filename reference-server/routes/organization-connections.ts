/**
 * Organization Connections tag: the organization's own app connections
 * (3 operations, Cloud and Enterprise only, admin or owner). Projects of the
 * organization see them in GET /connections; removing one also drops it from
 * agent assignments. Not found is the 404 envelope.
 */
import { json, noContent } from '../http.ts';
import type { OwnedConnection } from '../store/index.ts';
import { connectionSummary, connectionView, deleteConnection, findOwnedConnection, ownedConnections } from '../store/index.ts';
import { parseBody } from '../validation.ts';
import { CONNECTION_NOT_FOUND, orgOwner, queryParam, renameBody } from './apps-shared.ts';
import type { Context, RouteDef } from './types.ts';

const ORG_EDITIONS = ['cloud', 'enterprise'] as const;

/** The organization's connection named by the `connectionId` path parameter, or the 404 envelope. */
function orgConnectionOf(ctx: Context): OwnedConnection {
  const connection = findOwnedConnection(ctx.store, orgOwner(ctx), ctx.params['connectionId']!);
  if (!connection) throw CONNECTION_NOT_FOUND;
  return connection;
}

export const organizationConnectionsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/org/connections',
    operationId: 'listOrgConnections',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const provider = queryParam(ctx.req, 'provider');
      return json(200, ownedConnections(ctx.store, orgOwner(ctx), provider).map(connectionView));
    },
  },
  {
    method: 'PATCH',
    path: '/org/connections/{connectionId}',
    operationId: 'renameOrgConnection',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, renameBody);
      const connection = orgConnectionOf(ctx);
      connection.record.label = body.label;
      return json(200, connectionSummary(connection));
    },
  },
  {
    method: 'DELETE',
    path: '/org/connections/{connectionId}',
    operationId: 'deleteOrgConnection',
    auth: 'org-admin',
    editions: ORG_EDITIONS,
    handler: (ctx) => {
      deleteConnection(ctx.store, orgConnectionOf(ctx));
      return noContent();
    },
  },
];
