/**
 * Connections tag: the project's app connections (3 operations), as documented.
 * The list includes the organization's connections (`scope: organization`);
 * renaming and removing act on the project's own connections only (an
 * organization connection is managed by the Organization Connections tag and
 * is not found here). Not found is the 404 envelope (docs' rule).
 */
import { json, noContent } from '../http.ts';
import { connectionSummary, connectionView, deleteConnection, findOwnedConnection, visibleConnections } from '../store/index.ts';
import type { OwnedConnection } from '../store/index.ts';
import { parseBody } from '../validation.ts';
import { CONNECTION_NOT_FOUND, projectOwner, queryParam, renameBody } from './apps-shared.ts';
import type { Context, RouteDef } from './types.ts';

/** The project's connection named by the `connectionId` path parameter, or the 404 envelope. */
function connectionOf(ctx: Context): OwnedConnection {
  const connection = findOwnedConnection(ctx.store, projectOwner(ctx), ctx.params['connectionId']!);
  if (!connection) throw CONNECTION_NOT_FOUND;
  return connection;
}

export const connectionsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/connections',
    operationId: 'listConnections',
    auth: 'project',
    handler: (ctx) => {
      const { projectId } = projectOwner(ctx);
      const provider = queryParam(ctx.req, 'provider');
      return json(200, visibleConnections(ctx.store, projectId, provider).map(connectionView));
    },
  },
  {
    method: 'PATCH',
    path: '/connections/{connectionId}',
    operationId: 'renameConnection',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, renameBody);
      const connection = connectionOf(ctx);
      connection.record.label = body.label;
      return json(200, connectionSummary(connection));
    },
  },
  {
    method: 'DELETE',
    path: '/connections/{connectionId}',
    operationId: 'disconnectConnection',
    auth: 'project',
    handler: (ctx) => {
      deleteConnection(ctx.store, connectionOf(ctx));
      return noContent();
    },
  },
];
