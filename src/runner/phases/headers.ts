import { caseToWire } from '../../../generators/requests/wire';
import { OWN_KEYS } from '../../stateful/own-keys';
import { boundRequest } from './bound-request';
import { notRun, type PhasePlan, type PhaseInput, type NotRun } from './types';

/**
 * The headers phase: an operation that needs a project context, called with the organization key but
 * without X-Project-Id (one valid request, path parameters bound to real resources). A missing
 * Authorization header is the auth phase's. Judged by missing-required-header.
 */
export async function headersPhase({ ctx, operation, seed }: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  if (operation.projectContext !== 'required') return notRun('not-applicable', 'the operation needs no project context, so no X-Project-Id');
  if (!operation.keyKinds.includes('org')) return notRun('not-applicable', 'the operation takes no organization key, so no X-Project-Id');
  if (OWN_KEYS[operation.operationId]) {
    return notRun('not-applicable', "the operation acts on the caller's own key; the run sends it only with a key of its own");
  }
  const { orgKey, projectId } = ctx.credentials;
  if (!orgKey || !projectId) return notRun('no-credential', 'needs --org-key and --project-id (sent with the organization key, without X-Project-Id)');
  const made = await boundRequest(ctx, operation, seed, { prepare: true });
  if (!made) return notRun('nothing-to-generate', 'no valid request routes to this operation');
  const authorization = `Bearer ${orgKey}`;
  return {
    cases: [
      async () => {
        const wire = caseToWire(operation, made.request, { authorization });
        const response = await ctx.client.send(wire);
        // Anything a server wrongly created is deleted with the full credentials.
        ctx.ledger.record(operation, { ...wire, headers: { ...wire.headers, 'x-project-id': projectId } }, response);
        return { exchange: { request: wire, response }, info: { kind: 'missing-header', header: 'x-project-id' } };
      },
    ],
  };
}
