/**
 * State a provider holds for the caller (its BYOC configuration, its connections) that the run may take as
 * its own: only for a provider that held none of it before the run (the `read` says so), so that whatever the
 * run does there is undone by removing what it made, and nothing that was there before is touched. A
 * provider that already holds some is left alone (the operation gets only the run's other path values).
 *
 * - `config`: the configuration the run writes is its own; it is deleted at the end (`undo`, a 204 or a 404
 *   both mean gone) and the read must answer what it answered before.
 * - `connections`: each connection the run makes under the provider is found by listing `read` (the connect
 *   answers carry no id), recorded and deleted with `undo`.
 * - `permissions`: the provider's tool permissions are rules; each rule the run's writes make there is found
 *   by listing `list` (the answers carry counts), recorded and deleted with `undo`; the read must then answer
 *   what it answered before (no permission at all).
 */
export interface SlotSpec {
  /** Slots of one group share what was read before: the provider is the run's for every operation of the group. */
  group: string;
  kind: 'config' | 'connections' | 'permissions';
  /** The GET that says whether the provider holds anything of the caller's: with `{provider}` for configurations and permissions, a list for connections. */
  read: string;
  /** The list where what the run made is found (default: `read`). */
  list?: string;
  /**
   * Connections: the provider's blocklist (a GET with `{provider}`), which must hold no rule of the owner's
   * either, as removing a provider's last connection removes its blocklist rules on a real server.
   */
  blocklist?: string;
  /** The DELETE that removes what the run made: on the configuration's path, or `…/{connectionId}`. */
  undo: string;
}

const PROJECT_CONFIG: SlotSpec = { group: 'project-config', kind: 'config', read: 'getAppConfig', undo: 'deleteAppConfig' };
const ORG_CONFIG: SlotSpec = { group: 'org-config', kind: 'config', read: 'getOrgAppConfig', undo: 'deleteOrgAppConfig' };
const PROJECT_CONNECTIONS: SlotSpec = {
  group: 'project-connections',
  kind: 'connections',
  read: 'listConnections',
  undo: 'disconnectConnection',
  blocklist: 'getBlocklist',
};
const ORG_CONNECTIONS: SlotSpec = {
  group: 'org-connections',
  kind: 'connections',
  read: 'listOrgConnections',
  undo: 'deleteOrgConnection',
  blocklist: 'getOrgBlocklist',
};

const PROJECT_PERMISSIONS: SlotSpec = { group: 'project-permissions', kind: 'permissions', read: 'getRulePermissions', list: 'listRules', undo: 'deleteRule' };
const ORG_PERMISSIONS: SlotSpec = { group: 'org-permissions', kind: 'permissions', read: 'getAppPermissions', list: 'listOrgRules', undo: 'deleteOrgRule' };

/** Operations whose `{provider}` is bound only to providers that are the run's, by operationId. */
export const SLOTS: Record<string, SlotSpec> = {
  upsertAppConfig: PROJECT_CONFIG,
  toggleAppConfig: PROJECT_CONFIG,
  deleteAppConfig: PROJECT_CONFIG,
  upsertOrgAppConfig: ORG_CONFIG,
  toggleOrgAppConfig: ORG_CONFIG,
  deleteOrgAppConfig: ORG_CONFIG,
  // connecting without `connectionId` makes a connection, or refreshes one with the same label (or the
  // provider's last one): on a provider without connections, whatever it refreshes is the run's
  connectApp: PROJECT_CONNECTIONS,
  connectOrgApp: ORG_CONNECTIONS,
  setRulePermissions: PROJECT_PERMISSIONS,
  setAppPermissions: ORG_PERMISSIONS,
};

/**
 * Path parameters that name a connection: bound to connections the run makes itself (with `connect` on a
 * provider that is the run's, under a label of its own), never to listed ones. By operationId.
 */
export const MADE_BY_CONNECT: Record<string, { param: string; connect: string }> = {
  renameConnection: { param: 'connectionId', connect: 'connectApp' },
  disconnectConnection: { param: 'connectionId', connect: 'connectApp' },
  renameOrgConnection: { param: 'connectionId', connect: 'connectOrgApp' },
  deleteOrgConnection: { param: 'connectionId', connect: 'connectOrgApp' },
};

/** The label prefix of the connections the binder makes (recorded by the binder itself, not by discovery). */
export const MADE_LABEL = 'occ-made-';

/**
 * Whether a configuration read says the owner has none of its own: nothing enabled, no credentials, no
 * settings, not inherited. (A disabled configuration without any value reads the same; see README.)
 */
export function configAbsent(answer: unknown): boolean {
  if (answer === null || typeof answer !== 'object') return false;
  const a = answer as Record<string, unknown>;
  const settings = a.settings;
  const noSettings = settings === undefined || (settings !== null && typeof settings === 'object' && Object.keys(settings).length === 0);
  return a.enabled === false && a.hasCredentials === false && noSettings && a.source === undefined;
}

/** Whether a permissions read says the provider has no permission set at any layer. */
export function permissionsAbsent(answer: unknown): boolean {
  if (answer === null || typeof answer !== 'object') return false;
  const { defaults, byAgent } = answer as Record<string, unknown>;
  const empty = (v: unknown) => v === undefined || (v !== null && typeof v === 'object' && Object.keys(v).length === 0);
  return empty(defaults) && empty(byAgent) && defaults !== undefined;
}

/** Whether an item of the slot's list is something of `provider` the run may have made there. */
export function ofProvider(slot: SlotSpec, item: Record<string, unknown>, provider: string): boolean {
  if (slot.kind === 'connections') return item.provider === provider;
  const metadata = item.metadata as Record<string, unknown> | null | undefined;
  return slot.kind === 'permissions' && metadata?.source === 'app_permission' && metadata.provider === provider;
}

/**
 * Whether a blocklist answer holds no rule of the owner's (an organization's rules, which a project's
 * blocklist shows too, are not the project's).
 */
export function blocklistEmpty(answer: unknown, project: boolean): boolean {
  const items = Array.isArray(answer) ? answer : answer !== null && typeof answer === 'object' ? Object.values(answer).find(Array.isArray) : undefined;
  if (!items) return false;
  return items.every((item) => {
    if (item === null || typeof item !== 'object') return false;
    const { ruleId, scope } = item as Record<string, unknown>;
    return ruleId === null || ruleId === undefined || (project && scope === 'organization');
  });
}
