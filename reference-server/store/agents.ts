/** Agent records: creation and project-scoped look-ups. */
import { randomUUID } from 'node:crypto';
import type { Store } from './store.ts';
import type { AgentRecord } from './types.ts';
import { agentAccessToken } from './tokens.ts';

/** Fields chosen by the caller when creating an agent. */
export interface NewAgent {
  projectId: string;
  name: string;
  identifier: string;
  isDefault: boolean;
  parentAgentId?: string | null;
}

/** Creates and stores an agent (secret mode `all`, fresh access token). */
export function insertAgent(store: Store, agent: NewAgent): AgentRecord {
  const record: AgentRecord = {
    id: randomUUID(),
    projectId: agent.projectId,
    name: agent.name,
    identifier: agent.identifier,
    accessToken: agentAccessToken(),
    isDefault: agent.isDefault,
    secretMode: 'all',
    parentAgentId: agent.parentAgentId ?? null,
    createdAt: new Date().toISOString(),
    secretIds: new Set(),
    connections: new Map(),
  };
  store.agents.set(record.id, record);
  return record;
}

/** The project's agents, default first, then newest first (ties: last created first). */
export function projectAgents(store: Store, projectId: string): AgentRecord[] {
  return [...store.agents.values()]
    .filter((agent) => agent.projectId === projectId)
    .reverse()
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || b.createdAt.localeCompare(a.createdAt));
}

/** The agent with this id in this project, or undefined (an agent of another project is not found). */
export function findAgent(store: Store, projectId: string, agentId: string): AgentRecord | undefined {
  const agent = store.agents.get(agentId);
  return agent?.projectId === projectId ? agent : undefined;
}
