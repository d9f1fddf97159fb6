import type { RequestCase } from '../../../generators/requests/types';
import { caseToWire } from '../../../generators/requests/wire';
import type { Operation } from '../../contract/types';
import type { WireRequest } from '../../http/types';
import { OWN_KEYS } from '../../stateful/own-keys';
import type { RunContext } from '../context';
import { authFor } from '../credentials';
import { send } from '../send';
import { boundRequest } from './bound-request';
import { notRun, type NotRun, type PhaseInput, type PhasePlan, type PlannedPhase, why } from './types';

/**
 * The roles phase: an admin-only operation called with the key of a plain organization member (one valid
 * request, path parameters bound to real resources). An unsafe call on a bound resource is bracketed by
 * two reads with the run's own (admin) key, a GET on the same path or else on the parent collection, so
 * that role-enforcement can tell whether the refused call changed anything.
 */
export const rolesPhase: PlannedPhase = { guard, plan, caseKinds: ['member-key'] };

function guard(ctx: RunContext, operation: Operation): NotRun | undefined {
  if (operation.role !== 'org-admin') return why('not-applicable', `the operation is not admin-only (role ${operation.role})`);
  if (!operation.keyKinds.includes('org')) return why('not-applicable', 'the operation takes no organization key');
  if (OWN_KEYS[operation.operationId]) {
    return why('not-applicable', "the operation acts on the caller's own organization; the run never sends it with the user's keys");
  }
  if (!ctx.credentials.memberKey) return why('no-credential', 'needs --member-key (an organization key of a plain member)');
  return undefined;
}

async function plan({ ctx, operation, seed }: PhaseInput): Promise<PhasePlan | { notRun: NotRun }> {
  await ctx.binder.rememberRestore(operation);
  const refused = guard(ctx, operation);
  if (refused) return { notRun: refused };
  const { memberKey, projectId } = ctx.credentials;
  const made = await boundRequest(ctx, operation, seed, { prepare: true });
  if (!made) return notRun('nothing-to-generate', 'no valid request routes to this operation');
  const member: Record<string, string> = { authorization: `Bearer ${memberKey}` };
  if (operation.projectContext !== 'none' && projectId) member['x-project-id'] = projectId;
  const admin = authFor(operation, ctx.credentials);
  const read = operation.method !== 'GET' && Object.keys(made.bound).length ? stateRead(ctx, operation, made.request, made.bound) : undefined;
  return {
    cases: [
      async () => {
        const wire = caseToWire(operation, made.request, member);
        const before = read && (await read.take());
        // Anything a server wrongly created is deleted with the admin's credentials.
        const record = 'headers' in admin && { ...wire, headers: { ...wire.headers, ...admin.headers } };
        const response = await send(ctx, operation, wire, { record, onFault: 'throw' });
        const after = before !== undefined ? await read!.take() : undefined;
        const state = before !== undefined && after !== undefined ? { read: read!.label, changed: before !== after } : undefined;
        return {
          exchange: { request: wire, response },
          info: { kind: 'member-key', ...(state ? { state } : {}) },
          requests: 1 + (before !== undefined ? 1 : 0) + (after !== undefined ? 1 : 0),
        };
      },
    ],
  };
}

/**
 * How to read what the call acts on: a GET on the same path (the resource), or on the parent path (the
 * collection, narrowed to the items naming the resource). `take` answers a canonical text of the read, or
 * undefined when the read is not a 200.
 */
function stateRead(
  ctx: RunContext,
  operation: Operation,
  request: RequestCase,
  bound: Record<string, string>,
): { label: string; take: () => Promise<string | undefined> } | undefined {
  const parent = operation.path.replace(/\/[^/]+$/, '');
  const same = ctx.contract.operations.find((o) => o.method === 'GET' && o.path === operation.path);
  const reader = same ?? ctx.contract.operations.find((o) => o.method === 'GET' && o.path === parent);
  if (!reader) return undefined;
  const auth = authFor(reader, ctx.credentials);
  if ('missing' in auth) return undefined;
  const resource = same ? undefined : lastParamValue(operation, bound);
  const wire: WireRequest = caseToWire(reader, { operationId: reader.operationId, kind: 'valid', pathParams: request.pathParams, query: {}, headers: {} }, auth.headers);
  return {
    label: `${reader.operationId} (${reader.method} ${reader.path})`,
    async take() {
      const res = await send(ctx, reader, wire, { record: false, onFault: 'throw' });
      if (res.status !== 200 || !res.isJson) return undefined;
      return canonical(resource === undefined ? res.json : itemsNaming(res.json, resource));
    },
  };
}

/** The bound value of the operation's last path parameter when the path ends with it (the resource acted on). */
function lastParamValue(operation: Operation, bound: Record<string, string>): string | undefined {
  const last = /\{([^}]+)\}$/.exec(operation.path)?.[1];
  return last ? bound[last] : undefined;
}

/** The items of a list answer (the array, or a wrapper's first array) that hold `value`; the body otherwise. */
function itemsNaming(body: unknown, value: string): unknown {
  const items = Array.isArray(body) ? body : isObject(body) ? Object.values(body).find(Array.isArray) : undefined;
  if (!items) return body;
  return items.filter((item) => isObject(item) && Object.values(item).includes(value));
}

/** JSON text with object keys sorted, so that equal values compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
