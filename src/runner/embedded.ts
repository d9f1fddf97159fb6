import { startReferenceServer, type RunningReferenceServer } from '../../reference-server/index';
import type { Edition, Operation } from '../contract/types';
import type { Credentials } from './credentials';

/** A server the run sends to: where, with which keys, serving as which edition. */
export interface Target {
  baseUrl: string;
  credentials: Credentials;
  edition: Edition;
}

/** The embedded reference server(s) of a run, and how to stop them. */
export interface EmbeddedTargets {
  primary: Target;
  /** Serves the operations the primary edition does not (see companionEdition). */
  companion?: Target;
  close(): Promise<void>;
}

const EDITIONS: Edition[] = ['cloud', 'enterprise', 'community'];

/**
 * The edition a second embedded server runs as, so that an embedded run reaches every operation of the
 * contract: no single edition serves them all (Cloud does not serve `POST /migrate/export`, the
 * self-hosted editions do not serve the Partner API). It is the edition serving most of the operations
 * `edition` does not; undefined when `edition` serves them all.
 */
export function companionEdition(operations: Operation[], edition: Edition): Edition | undefined {
  const missing = operations.filter((op) => !op.availability[edition]);
  let best: { edition: Edition; served: number } | undefined;
  for (const other of EDITIONS) {
    if (other === edition) continue;
    const served = missing.filter((op) => op.availability[other]).length;
    if (served > (best?.served ?? 0)) best = { edition: other, served };
  }
  return best?.edition;
}

/** The operations a companion of `companion` edition serves for a run of `edition`. */
export function companionOperations(operations: Operation[], edition: Edition, companion: Edition): Operation[] {
  return operations.filter((op) => !op.availability[edition] && op.availability[companion]);
}

/**
 * Starts the embedded reference server as `edition` and, with `companion`, a second one as the edition
 * that serves what the first does not. Each is its own in-memory store with its own seed keys.
 */
export async function startEmbedded(operations: Operation[], edition: Edition, companion: boolean): Promise<EmbeddedTargets> {
  const servers: RunningReferenceServer[] = [];
  const target = async (as: Edition): Promise<Target> => {
    const server = await startReferenceServer({ port: 0, edition: as });
    servers.push(server);
    return { baseUrl: server.baseUrl, credentials: credentialsOf(server), edition: as };
  };
  try {
    const primary = await target(edition);
    const other = companion ? companionEdition(operations, edition) : undefined;
    return {
      primary,
      ...(other ? { companion: await target(other) } : {}),
      close: async () => {
        await Promise.all(servers.map((s) => s.close()));
      },
    };
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
}

export function credentialsOf(server: RunningReferenceServer): Credentials {
  return {
    apiKey: server.keys.projectKey,
    orgKey: server.keys.orgKey,
    projectId: server.keys.projectId,
    partnerKey: server.keys.partnerKey,
    memberKey: server.keys.orgMemberKey,
  };
}
