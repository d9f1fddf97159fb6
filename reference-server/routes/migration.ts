/**
 * Migration tag: `POST /migrate/export`, self-hosted only (not served on
 * Cloud). There is no Cloud to send to: the export is simulated. A cloud API
 * key that is not read as a project key (an `oc_` bearer that is neither an
 * organization nor a partner key, as the API reads bearers) or a `cloudUrl` that is not
 * http(s) makes the simulated import fail (400 envelope "Cloud import failed:
 * …", the documented service-level refusal); otherwise the project's secrets,
 * agents, agent-secret assignments and rules are counted as imported, and
 * 1Password-backed secrets (no local value to send) are skipped. Nothing local
 * changes.
 */
import { isIPv6 } from 'node:net';
import { HttpError } from '../errors.ts';
import { json } from '../http.ts';
import { projectAgents, projectRules, projectSecrets } from '../store/index.ts';
import { object, optional, parseBody, string, type Validator } from '../validation.ts';
import type { RouteDef } from './types.ts';

const UNRESERVED = 'a-z0-9\\-._~';
const SUB_DELIMS = "!$&'()*+,;=";
const PCT = '%[0-9a-f]{2}';
const PCHAR = `(?:[${UNRESERVED}${SUB_DELIMS}:@]|${PCT})`;
const AUTHORITY = `(?:(?:[${UNRESERVED}${SUB_DELIMS}:]|${PCT})*@)?(?:\\[[^\\]/?#@]*\\]|(?:[${UNRESERVED}${SUB_DELIMS}]|${PCT})*)(?::[0-9]*)?`;
// `/?/`: like Ajv's `uri` format (one leading slash may introduce an authority), so both readings agree.
const HIER_PART = `(?:/?/${AUTHORITY}(?:/${PCHAR}*)*|/(?:${PCHAR}+(?:/${PCHAR}*)*)?|${PCHAR}+(?:/${PCHAR}*)*)`;
const QUERY = `(?:[${UNRESERVED}${SUB_DELIMS}:@/?]|${PCT})*`;
/** RFC 3986 `URI` (absolute, optional query and fragment); IP literals are checked separately. */
const URI = new RegExp(`^[a-z][a-z0-9+\\-.]*:${HIER_PART}(?:\\?${QUERY})?(?:#${QUERY})?$`, 'i');
const IP_LITERAL = /^[a-z][a-z0-9+\-.]*:\/?\/(?:[^/?#@]*@)?\[([^\]]*)\]/i;
const IP_FUTURE = new RegExp(`^v[0-9a-f]+\\.[${UNRESERVED}${SUB_DELIMS}:]+$`, 'i');

/** Whether a string is an absolute URI (JSON Schema `format: uri`, RFC 3986). */
export function isUri(value: string): boolean {
  if (!URI.test(value)) return false;
  const literal = IP_LITERAL.exec(value)?.[1];
  if (literal === undefined) return true;
  return (isIPv6(literal) && !literal.includes('%')) || IP_FUTURE.test(literal);
}

/** A string in `format: uri`. */
function uri(): Validator<string> {
  const base = string();
  return (value, field) => {
    const text = base(value, field);
    if (!isUri(text)) throw HttpError.validation(`${field} must be an absolute URI (RFC 3986), e.g. https://api.onecli.sh`);
    return text;
  };
}

const exportBody = object({ cloudApiKey: string(), cloudUrl: optional(uri()) });

const importFailed = (reason: string) => HttpError.envelope(400, 'invalid_request_error', `Cloud import failed: ${reason}`);
/** What the simulated Cloud takes for a project key: `oc_`, not `oc_org_`/`oc_partner_`, no whitespace. */
const PROJECT_KEY = /^oc_(?!org_|partner_)\S+$/;

export const migrationRoutes: RouteDef[] = [
  {
    method: 'POST',
    path: '/migrate/export',
    operationId: 'migrateExport',
    auth: 'project',
    editions: ['enterprise', 'community'],
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, exportBody);
      const projectId = ctx.projectId();
      if (body.cloudUrl !== undefined && !/^https?:/i.test(body.cloudUrl)) throw importFailed('cloudUrl must be an http(s) URL');
      if (!PROJECT_KEY.test(body.cloudApiKey)) throw importFailed('Invalid API key or token.');

      const secrets = projectSecrets(ctx.store, projectId);
      const exported = secrets.filter((s) => s.valueSource === 'inline');
      const exportedIds = new Set(exported.map((s) => s.id));
      const agents = projectAgents(ctx.store, projectId);
      const agentSecrets = agents.reduce((n, a) => n + [...a.secretIds].filter((id) => exportedIds.has(id)).length, 0);
      const skipped = secrets
        .filter((s) => s.valueSource !== 'inline')
        .map((s) => ({ type: 'secret', name: s.name, reason: '1Password-backed secrets have no local value to export' }));
      return json(200, {
        imported: { secrets: exported.length, agents: agents.length, agentSecrets, rules: projectRules(ctx.store, projectId).length },
        skipped,
      });
    },
  },
];
