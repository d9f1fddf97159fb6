/**
 * Operations that change settings-like state beyond the resource they name, and how to put it back exactly:
 * `read` (a GET without path parameters) is sent before the operation runs; `put` turns its answer into the
 * request of `call` that puts it back (path parameters, body), or undefined when it cannot be put back (then
 * the operation is not sent to a target the run does not own); `kept` is what the read must answer again
 * once the run is over (verified by reading back, see Ledger.drain).
 */
export interface RestoreSpec {
  read: string;
  call: string;
  put(before: Record<string, unknown>): { pathParams?: Record<string, string>; body?: unknown } | undefined;
  kept(answer: Record<string, unknown>): unknown;
  /** Also put back on the embedded server (without the verifying read). */
  alsoEmbedded?: boolean;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export const RESTORE: Record<string, RestoreSpec> = {
  // makes another agent the project's default; the run's agents could not be deleted while default
  setDefaultAgent: {
    read: 'getDefaultAgent',
    call: 'setDefaultAgent',
    put: (before) => (text(before.id) ? { pathParams: { agentId: text(before.id)! } } : undefined),
    kept: (answer) => answer.id,
    alsoEmbedded: true,
  },
  // the caller's display name
  updateUser: {
    read: 'getUser',
    call: 'updateUser',
    put: (before) => (text(before.name) ? { body: { name: before.name } } : undefined),
    kept: (answer) => answer.name,
  },
  // the organization's policy mode
  updateOrgSettings: {
    read: 'getOrgSettings',
    call: 'updateOrgSettings',
    put: (before) => (text(before.policyMode) ? { body: { policyMode: before.policyMode } } : undefined),
    kept: (answer) => answer.policyMode,
  },
};
