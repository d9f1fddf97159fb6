import { type Check, failed, inconclusive, passed } from './types';

export const roleEnforcement: Check = {
  id: 'role-enforcement',
  severity: 'error',
  doc:
    'An admin-only operation (x-onecli-role: org-admin) called with the key of a plain organization member must ' +
    'answer 403 "Insufficient permissions" (the body is judged by error-shape) and change nothing: where the call ' +
    'targets a resource the contract can read back, the read taken after the call must equal the one taken before. ' +
    'A 401 means the member key itself was refused, which proves nothing about roles: inconclusive. Where the ' +
    'role was inferred from the document\'s prose (no x-onecli-roles), a failure is a warning.',
  cases: ['member-key'],
  appliesTo: (ctx) => ctx.case.kind === 'member-key',
  run(ctx) {
    if (ctx.case.kind !== 'member-key') return passed;
    const status = ctx.exchange.response.status;
    const state = ctx.case.state;
    if (status === 403 && !state?.changed) return passed;
    if (status === 401) return inconclusive('the member key was refused as a key (401); check --member-key');
    const title =
      status < 300 ? 'Admin-only operation allowed to a plain member' : status === 403 ? 'Refused call changed state' : 'Wrong status for a plain member';
    const read = state ? `; ${state.read} ${state.changed ? 'changed' : 'unchanged'} across the call` : '';
    // A role the contract does not state, inferred from its prose ("(admin)"), is a reading, not a promise.
    const inferred = ctx.operation.inferred?.includes('role');
    return failed(
      {
        title,
        message:
          `Received ${status} to a request with a plain member's key${read}; documented: 403 (admin or owner only), and nothing changes.` +
          (inferred ? ' The role is inferred from the document\'s text, which states no role formally: a warning.' : ''),
        received: state ? { status, changed: state.changed, read: state.read } : status,
        documented: 403,
        cause: status < 300 ? '2xx' : String(status),
      },
      inferred ? 'warning' : undefined,
    );
  },
};
