/**
 * The `x-onecli-*` extensions are hints: a contract without them (OneCLI's own published document) still
 * loads, and what they would say is inferred from the document itself, one function per hint. Each returns
 * the value and, where the document cannot decide, the default taken (`assumed`), for the report.
 *
 * The rules, measured against the bundled contract (whose extensions come from the research facts):
 * - security: an operation-level `security: []` is public (no key, role public, no project context);
 * - key kinds: `/partner/…` a partner key; `/org/…` an organization key, and so where another route is
 *   for organization admins (below); any other route a project key or an organization key;
 * - project context: none on public, `/partner/…` and `/org/…` routes; elsewhere the `X-Project-Id` header
 *   parameter means the project is needed with an organization key (`required`; the document cannot tell it
 *   from `optional`, so that is a default taken), and its absence means the route names no project (`none`);
 * - role: `/org/…` org-admin unless the text says "readable by all members" (org-member); `/partner/…`
 *   partner-member, partner-admin where the text says admin or the operation documents a 403 (a partner key
 *   is refused only for its role); elsewhere org-admin where the text says "(admin)" or a documented 403 says
 *   "Insufficient permissions", project-member with a project context, else any authenticated caller;
 * - availability: "Cloud and self-hosted Enterprise" in the operation's or its tag's description is Cloud and
 *   Enterprise; "Cloud only" is Cloud; partner routes (`/partner/…`, `/org/partner/…`) are Cloud (partner keys
 *   exist only on Cloud); anything else is every edition (a default taken);
 * - served by: the API server (a default taken: nothing in a published document names the gateway).
 */
import type { Edition, ErrorShapeRule, KeyKind, Operation, ResponseSpec, Role, ServedBy } from './types';

/** A hint's value, and the default taken when the document did not decide it. */
export interface Inferred<T> {
  value: T;
  /** What was assumed, in words, when the document is ambiguous. */
  assumed?: string;
}

/** What the inference reads of one operation of a dereferenced document. */
export interface OperationSource {
  path: string;
  /** The operation object (dereferenced). */
  operation: Record<string, any>;
  /** Path-level and operation-level parameters together. */
  parameters: Array<Record<string, any>>;
  /** The security requirement in effect (operation-level, else the document's). */
  security: unknown[];
  /** The description of the operation's first tag, if the document gives one. */
  tagDescription?: string;
}

export type Hint = 'keyKinds' | 'projectContext' | 'role' | 'availability' | 'servedBy';

const isPartner = (path: string) => path === '/partner' || path.startsWith('/partner/');
const isOrg = (path: string) => path === '/org' || path.startsWith('/org/');

function hasProjectHeader(source: OperationSource): Record<string, any> | undefined {
  return source.parameters.find((p) => p.in === 'header' && String(p.name).toLowerCase() === 'x-project-id');
}

/** The operation's own words: summary and description. */
function ownText(source: OperationSource): string {
  return `${source.operation.summary ?? ''} ${source.operation.description ?? ''}`;
}

function documented403(source: OperationSource): string | undefined {
  const response = source.operation.responses?.['403'];
  return response ? String(response.description ?? '') : undefined;
}

/** The text or a documented 403 says the operation is for organization admins (a route outside /org/). */
function organizationAdminOnly(source: OperationSource): boolean {
  return /\(admin\)|\badmins? only\b|\badmin-only\b/i.test(ownText(source)) || /insufficient permissions/i.test(documented403(source) ?? '');
}

export function inferKeyKinds(source: OperationSource): Inferred<KeyKind[]> {
  if (source.security.length === 0) return { value: [] };
  if (isPartner(source.path)) return { value: ['partner'] };
  if (isOrg(source.path)) return { value: ['org'] };
  // A documented 403 "Insufficient permissions" on a route that names no project: the organization's key. A
  // text that only says "(admin)" leaves an admin's project key possible as well.
  if (/insufficient permissions/i.test(documented403(source) ?? '')) return { value: ['org'] };
  return { value: ['project', 'org'] };
}

export function inferProjectContext(source: OperationSource): Inferred<'required' | 'optional' | 'none'> {
  if (source.security.length === 0 || isPartner(source.path) || isOrg(source.path)) return { value: 'none' };
  const header = hasProjectHeader(source);
  if (!header) return { value: 'none' };
  if (header.required) return { value: 'required' };
  return {
    value: 'required',
    assumed: "X-Project-Id is an optional header, so an organization key needs it ('required'); 'optional' cannot be told from the document",
  };
}

export function inferRole(source: OperationSource): Inferred<Role> {
  if (source.security.length === 0) return { value: 'public' };
  const text = ownText(source);
  const saysAdmin = /\(admin\)|\badmins? only\b|\badmin-only\b/i.test(text);
  if (isPartner(source.path)) {
    if (saysAdmin || documented403(source) !== undefined) return { value: 'partner-admin' };
    return { value: 'partner-member', assumed: 'any partner member: neither the text nor a documented 403 says admin' };
  }
  if (isOrg(source.path)) {
    if (/readable by all members/i.test(text)) return { value: 'org-member' };
    return { value: 'org-admin' };
  }
  if (organizationAdminOnly(source)) return { value: 'org-admin' };
  if (hasProjectHeader(source)) return { value: 'project-member' };
  return { value: 'authenticated', assumed: 'any authenticated caller: the route names no project and no role' };
}

export function inferAvailability(source: OperationSource): Inferred<Record<Edition, boolean>> {
  const texts = [source.operation.description ?? '', source.tagDescription ?? ''].join(' ');
  if (/cloud and self-hosted enterprise/i.test(texts)) return { value: { cloud: true, enterprise: true, community: false } };
  if (/cloud only/i.test(texts)) return { value: { cloud: true, enterprise: false, community: false } };
  // An operation on "a self-hosted project" ("Copy a self-hosted project's secrets … into OneCLI Cloud") runs on
  // the self-hosted server, not on Cloud.
  if (/\bself-hosted (project|server|instance|installation|deployment)/i.test(ownText(source))) {
    return { value: { cloud: false, enterprise: true, community: true } };
  }
  if (isPartner(source.path) || source.path.startsWith('/org/partner/')) {
    return { value: { cloud: true, enterprise: false, community: false } };
  }
  return { value: { cloud: true, enterprise: true, community: true }, assumed: 'every edition: the document names none' };
}

export function inferServedBy(): Inferred<ServedBy> {
  return { value: 'api', assumed: 'the API server: the document names no other process' };
}

/** A general error the docs' errors page states for every call, assumed where the document lists none. */
export interface GeneralErrorRule {
  status: string;
  errorShape: ErrorShapeRule;
  /** The rule, in words, for the report. */
  rule: string;
  appliesTo: (op: Pick<Operation, 'authenticated' | 'role' | 'path' | 'parameters' | 'requestBody'>) => boolean;
}

/** The errors page's general table, in status order. */
export const GENERAL_ERRORS: GeneralErrorRule[] = [
  {
    status: '400',
    errorShape: 'by-request',
    rule: 'every operation with a body or parameters may answer 400 (flat for route-level validation, else the envelope)',
    appliesTo: (op) => !!op.requestBody || op.parameters.length > 0,
  },
  { status: '401', errorShape: 'envelope', rule: 'every authenticated operation may answer 401 (envelope)', appliesTo: (op) => op.authenticated },
  {
    status: '403',
    errorShape: 'envelope',
    rule: 'admin-only operations may answer 403 (envelope)',
    appliesTo: (op) => op.role === 'org-admin' || op.role === 'partner-admin',
  },
  {
    status: '404',
    errorShape: 'envelope',
    rule: 'operations whose path names a resource may answer 404 (envelope)',
    appliesTo: (op) => op.path.includes('{'),
  },
  { status: '500', errorShape: 'envelope', rule: 'every operation may answer 500 (envelope)', appliesTo: () => true },
];

const ENVELOPE_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', properties: { message: { type: 'string' }, type: { type: 'string' } } } },
};
/** A 400 is flat or the envelope, by request: either has an `error`. */
const EITHER_SCHEMA = { type: 'object', required: ['error'] };

/** The response a general rule adds, marked assumed. */
export function assumedResponse(rule: GeneralErrorRule): ResponseSpec {
  return {
    status: rule.status,
    contentType: 'application/json',
    schema: rule.errorShape === 'envelope' ? ENVELOPE_SCHEMA : EITHER_SCHEMA,
    errorShape: rule.errorShape,
    requiredHeaders: [],
    description: `Assumed from the docs' general errors: ${rule.rule}.`,
    assumed: true,
  };
}
