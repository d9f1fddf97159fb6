/**
 * Operations that change state beyond the resource they name, and how to put it back: read `field` of
 * `read` before the operation runs, and replay `call` with it (as path parameter `param`) before cleanup.
 */
export const RESTORE: Record<string, { read: string; field: string; call: string; param: string }> = {
  // makes another agent the project's default; the run's agents could not be deleted while default
  setDefaultAgent: { read: 'getDefaultAgent', field: 'id', call: 'setDefaultAgent', param: 'agentId' },
};
