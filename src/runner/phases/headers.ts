import { caseToWire } from '../../../generators/requests/wire';
import type { Operation } from '../../contract/types';
import { OWN_KEYS } from '../../stateful/own-keys';
import type { RunContext } from '../context';
import { send } from '../send';
import { boundRequest } from './bound-request';
import { notRun, type NotRun, type PhaseInput, type PhasePlan, type PlannedPhase, why } from './types';

/**
 * The headers phase: an operation that needs a project context, called with the organization key but
 * without X-Project-Id (one valid request, path parameters bound to real resources). A missing
 * Authorization header is the auth phase's. Judged by missing-required-header.
 */
export const headersPhase: PlannedPhase = { guard, plan, caseKinds: ['missing-header'] };

function guard(ctx: RunContext, operation: Operation): NotRun | undefined {
  if (operation.projectContext !== 'required') return why('not-applicable', 'the operation needs no project context, so no X-Project-Id');
  if (!operation.keyKinds.includes('org')) return why('not-applicable', 'the operation takes no organization key, so no X-Project-Id');
  if (OWN_KEYS[operation.operationId]) {
    return why('not-applicable', "the operation acts on the caller's own key; the run sends it only with a key of its own");
  }
  const { orgKey, projectId } = ctx.credentials;
  if (!orgKey || !projectId) return why('no-credential', 'needs --org-key and --project-id (sent with the organization key, without X-Project-Id)');
  return undefined;
}

async function plan({ ctx, operation, seed }: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  await ctx.binder.rememberRestore(operation);
  const refused = guard(ctx, operation);
  if (refused) return { notRun: refused };
  const { orgKey, projectId } = ctx.credentials as Required<typeof ctx.credentials>;
  const made = await boundRequest(ctx, operation, seed, { prepare: true });
  if (!made) return notRun('nothing-to-generate', 'no valid request routes to this operation');
  const authorization = `Bearer ${orgKey}`;
  return {
    cases: [
      async () => {
        const wire = caseToWire(operation, made.request, { authorization });
        // Anything a server wrongly created is deleted with the full credentials.
        const response = await send(ctx, operation, wire, { record: { ...wire, headers: { ...wire.headers, 'x-project-id': projectId } }, onFault: 'throw' });
        return { exchange: { request: wire, response }, info: { kind: 'missing-header', header: 'x-project-id' } };
      },
    ],
  };
}
