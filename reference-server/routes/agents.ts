/**
 * Agents tag: the 13 documented operations, as documented (docs' error rule:
 * route-level validation → 400 flat; not found, conflicts and service-level
 * refusals → envelope).
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { AgentRecord, Store } from '../store/index.ts';
import { agentAccessToken, findAgent, insertAgent, projectAgents } from '../store/index.ts';
import { anyObject, array, enumOf, nullable, object, optional, parseBody, string } from '../validation.ts';
import type { Context, RouteDef } from './types.ts';

const IDENTIFIER_PATTERN = '^[a-z0-9][a-z0-9-]{0,49}$';
const agentName = () => string({ minLength: 1, maxLength: 255 });
const agentIdentifier = () => string({ pattern: IDENTIFIER_PATTERN });

const createAgentBody = object({
  name: agentName(),
  identifier: agentIdentifier(),
  parentIdentifier: optional(agentIdentifier()),
});
const renameAgentBody = object({ name: agentName() });
const secretModeBody = object({ mode: enumOf(['all', 'selective']) });
const agentSecretsBody = object({ secretIds: array(string()) });
const agentConnectionsBody = object({
  connections: array(object({ appConnectionId: string(), sessionPolicy: optional(nullable(anyObject())) })),
});

const AGENT_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Agent not found');
const NO_DEFAULT_AGENT = HttpError.envelope(404, 'not_found_error', 'No default agent found');
const DUPLICATE_IDENTIFIER = HttpError.envelope(409, 'invalid_request_error', 'An agent with this identifier already exists');
const CANNOT_DELETE_DEFAULT = HttpError.envelope(400, 'invalid_request_error', 'Cannot delete the default agent');
const SECRETS_NOT_FOUND = HttpError.envelope(400, 'invalid_request_error', 'One or more secrets not found');
const CONNECTIONS_NOT_FOUND = HttpError.envelope(400, 'invalid_request_error', 'One or more app connections not found');

const SUCCESS = { success: true } as const;

/** The agent named by the `agentId` path parameter in the caller's project, or the 404 envelope. */
function agentOf(ctx: Context): AgentRecord {
  const agent = findAgent(ctx.store, ctx.projectId(), ctx.params['agentId']!);
  if (!agent) throw AGENT_NOT_FOUND;
  return agent;
}

/** Ids of the agent's assigned secrets that still exist. */
function assignedSecretIds(store: Store, agent: AgentRecord): string[] {
  return [...agent.secretIds].filter((id) => store.secrets.has(id));
}

/** The agent's connection assignments whose connection still exists. */
function assignedConnections(store: Store, agent: AgentRecord): [string, Record<string, unknown> | null][] {
  return [...agent.connections].filter(([id]) => store.appConnections.has(id));
}

/** The documented `Agent` schema, every property filled. */
function agentView(store: Store, agent: AgentRecord) {
  return {
    id: agent.id,
    name: agent.name,
    identifier: agent.identifier,
    accessToken: agent.accessToken,
    isDefault: agent.isDefault,
    secretMode: agent.secretMode,
    createdAt: agent.createdAt,
    _count: {
      agentSecrets: assignedSecretIds(store, agent).length,
      agentAppConnections: assignedConnections(store, agent).length,
    },
  };
}

export const agentsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/agents',
    operationId: 'listAgents',
    auth: 'project',
    handler: (ctx) => json(200, projectAgents(ctx.store, ctx.projectId()).map((a) => agentView(ctx.store, a))),
  },
  {
    method: 'POST',
    path: '/agents',
    operationId: 'createAgent',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createAgentBody);
      const projectId = ctx.projectId();
      const siblings = projectAgents(ctx.store, projectId);
      if (siblings.some((a) => a.identifier === body.identifier)) throw DUPLICATE_IDENTIFIER;
      // A parentIdentifier naming no agent is ignored, as the real server does.
      const parent = siblings.find((a) => a.identifier === body.parentIdentifier);
      const agent = insertAgent(ctx.store, {
        projectId,
        name: body.name,
        identifier: body.identifier,
        isDefault: false,
        parentAgentId: parent?.id ?? null,
      });
      return json(201, { id: agent.id, name: agent.name, identifier: agent.identifier, createdAt: agent.createdAt });
    },
  },
  {
    method: 'GET',
    path: '/agents/default',
    operationId: 'getDefaultAgent',
    auth: 'project',
    handler: (ctx) => {
      const agent = projectAgents(ctx.store, ctx.projectId()).find((a) => a.isDefault);
      if (!agent) throw NO_DEFAULT_AGENT;
      return json(200, agentView(ctx.store, agent));
    },
  },
  {
    method: 'GET',
    path: '/agents/granular-access',
    operationId: 'listAgentGranularAccess',
    auth: 'project',
    handler: (ctx) => {
      const entries = projectAgents(ctx.store, ctx.projectId()).flatMap((agent) =>
        assignedConnections(ctx.store, agent)
          .filter(([, policy]) => policy !== null && Object.keys(policy).length > 0)
          .map(([connectionId, policy]) => {
            const connection = ctx.store.appConnections.get(connectionId)!;
            return {
              agentId: agent.id,
              agentName: agent.name,
              connectionId,
              provider: connection.provider,
              connectionLabel: connection.label,
              policy,
            };
          }),
      );
      return json(200, entries);
    },
  },
  {
    method: 'PATCH',
    path: '/agents/{agentId}',
    operationId: 'renameAgent',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, renameAgentBody);
      agentOf(ctx).name = body.name;
      return json(200, SUCCESS);
    },
  },
  {
    method: 'DELETE',
    path: '/agents/{agentId}',
    operationId: 'deleteAgent',
    auth: 'project',
    handler: (ctx) => {
      const agent = agentOf(ctx);
      if (agent.isDefault) throw CANNOT_DELETE_DEFAULT;
      ctx.store.agents.delete(agent.id);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/agents/{agentId}/set-default',
    operationId: 'setDefaultAgent',
    auth: 'project',
    // Idempotent: the docs list 200 and 404 only (the real server's 400 "already the default" is undocumented).
    handler: (ctx) => {
      const agent = agentOf(ctx);
      for (const other of projectAgents(ctx.store, agent.projectId)) other.isDefault = false;
      agent.isDefault = true;
      return json(200, SUCCESS);
    },
  },
  {
    method: 'POST',
    path: '/agents/{agentId}/regenerate-token',
    operationId: 'regenerateAgentToken',
    auth: 'project',
    handler: (ctx) => {
      const agent = agentOf(ctx);
      agent.accessToken = agentAccessToken();
      return json(200, { accessToken: agent.accessToken });
    },
  },
  {
    method: 'PATCH',
    path: '/agents/{agentId}/secret-mode',
    operationId: 'updateAgentSecretMode',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, secretModeBody);
      agentOf(ctx).secretMode = body.mode;
      return json(200, SUCCESS);
    },
  },
  {
    method: 'GET',
    path: '/agents/{agentId}/secrets',
    operationId: 'getAgentSecrets',
    auth: 'project',
    handler: (ctx) => json(200, assignedSecretIds(ctx.store, agentOf(ctx))),
  },
  {
    method: 'PUT',
    path: '/agents/{agentId}/secrets',
    operationId: 'updateAgentSecrets',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, agentSecretsBody);
      const agent = agentOf(ctx);
      const known = (id: string) => ctx.store.secrets.get(id)?.projectId === agent.projectId;
      if (!body.secretIds.every(known)) throw SECRETS_NOT_FOUND;
      agent.secretIds = new Set(body.secretIds);
      return json(200, SUCCESS);
    },
  },
  {
    method: 'GET',
    path: '/agents/{agentId}/connections',
    operationId: 'getAgentConnections',
    auth: 'project',
    handler: (ctx) =>
      json(
        200,
        assignedConnections(ctx.store, agentOf(ctx)).map(([appConnectionId, sessionPolicy]) => ({
          appConnectionId,
          sessionPolicy,
        })),
      ),
  },
  {
    method: 'PUT',
    path: '/agents/{agentId}/connections',
    operationId: 'updateAgentConnections',
    auth: 'project',
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, agentConnectionsBody);
      const agent = agentOf(ctx);
      const known = (id: string) => ctx.store.appConnections.get(id)?.projectId === agent.projectId;
      if (!body.connections.every((c) => known(c.appConnectionId))) throw CONNECTIONS_NOT_FOUND;
      agent.connections = new Map(body.connections.map((c) => [c.appConnectionId, c.sessionPolicy ?? null]));
      return json(200, SUCCESS);
    },
  },
];
