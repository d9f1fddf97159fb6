import type { Operation } from '../contract/types';

/** The keys a run may use. Any may be absent; operations needing a missing one are not covered. */
export interface Credentials {
  apiKey?: string;
  orgKey?: string;
  projectId?: string;
  partnerKey?: string;
  memberKey?: string;
}

export type AuthChoice = { headers: Record<string, string> } | { missing: string };

/** The headers that authenticate `operation` with the best key available, or why none fits. */
export function authFor(operation: Operation, creds: Credentials): AuthChoice {
  if (!operation.authenticated) return { headers: {} };
  const kinds = operation.keyKinds;
  const needsProject = operation.projectContext === 'required';
  if (kinds.includes('project') && creds.apiKey) return { headers: { authorization: `Bearer ${creds.apiKey}` } };
  if (kinds.includes('org') && creds.orgKey) {
    if (needsProject && !creds.projectId) return { missing: 'an organization key needs --project-id for this project endpoint' };
    const headers: Record<string, string> = { authorization: `Bearer ${creds.orgKey}` };
    if (operation.projectContext !== 'none' && creds.projectId) headers['x-project-id'] = creds.projectId;
    return { headers };
  }
  if (kinds.includes('partner') && creds.partnerKey) return { headers: { authorization: `Bearer ${creds.partnerKey}` } };
  const wanted = kinds.map((k) => ({ project: '--api-key', org: '--org-key', partner: '--partner-key' })[k]).join(' or ');
  return { missing: `needs ${wanted || 'a key'}` };
}

/** Every secret value of the credentials, for redaction. */
export function secretsOf(creds: Credentials): string[] {
  return [creds.apiKey, creds.orgKey, creds.partnerKey, creds.memberKey].filter((s): s is string => !!s);
}
