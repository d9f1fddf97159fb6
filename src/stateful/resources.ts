import type { Operation } from '../contract/types';

/**
 * How the engine finds real values for path parameters: which operation produces the resource a
 * parameter names, and which field of its answer carries the id. Inferred from the contract's paths:
 * `/x/{xId}` is produced by `POST /x`; otherwise by a POST on the same first segment and collection name
 * (`/partner/orgs/{orgId}/secrets/{secretId}` ← `POST /partner/secrets`). Parameters that name catalogue
 * entries rather than resources are read from a list operation instead.
 */
export type Source =
  | { kind: 'create'; operation: Operation; idFields: string[] }
  | { kind: 'list'; operation: Operation; field: string };

/**
 * Parameters that name catalogue entries, read from a list (OneCLI: app providers, agent frameworks with a
 * credential stub, pending approvals). A list of strings gives the strings themselves.
 */
const LISTED: Record<string, { operationId: string; field: string }> = {
  provider: { operationId: 'listApps', field: 'id' },
  agent: { operationId: 'listCredentialStubs', field: 'id' },
  id: { operationId: 'listPendingApprovals', field: 'id' },
};

/** Response fields that may carry the id of a created resource, by parameter name. */
export function idFieldsFor(param: string): string[] {
  const fields = [param, 'id'];
  if (param === 'orgId') fields.push('organizationId');
  return fields;
}

/** The id of a created resource in a 2xx answer, or undefined. */
export function idFromAnswer(body: unknown, fields: string[]): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  for (const f of fields) {
    const v = (body as Record<string, unknown>)[f];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

export function sourceOf(operations: Operation[], operation: Operation, param: string): Source | undefined {
  const listed = LISTED[param];
  if (listed) {
    const list = operations.find((o) => o.operationId === listed.operationId);
    return list ? { kind: 'list', operation: list, field: listed.field } : undefined;
  }
  const segments = operation.path.split('/');
  const at = segments.indexOf(`{${param}}`);
  if (at < 1) return undefined;
  const collection = segments.slice(0, at).join('/');
  const exact = operations.find((o) => o.method === 'POST' && o.path === collection);
  if (exact) return { kind: 'create', operation: exact, idFields: idFieldsFor(param) };
  const sibling = `/${segments[1]}/${segments[at - 1]}`;
  const near = operations.find((o) => o.method === 'POST' && o.path === sibling);
  if (near) return { kind: 'create', operation: near, idFields: idFieldsFor(param) };
  const list = operations.find((o) => o.method === 'GET' && o.path === collection);
  return list ? { kind: 'list', operation: list, field: 'id' } : undefined;
}

/** Path parameters of an operation, in path order. */
export function pathParamsOf(operation: Operation): string[] {
  return [...operation.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** The DELETE that removes what a POST on a collection creates: `DELETE <collection>/{param}`, if any. */
export function deleteOf(operations: Operation[], create: Operation): Operation | undefined {
  const prefix = `${create.path}/`;
  return operations.find(
    (o) => o.method === 'DELETE' && o.path.startsWith(prefix) && /^\{[^}/]+\}$/.test(o.path.slice(prefix.length)),
  );
}
