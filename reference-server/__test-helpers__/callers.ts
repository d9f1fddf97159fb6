/** Request headers for each seeded caller of an in-process app. */
import type { App } from '../app.ts';

export type Caller = 'project' | 'org' | 'member' | 'partner';

/** `Authorization` (and `X-Project-Id` for org keys unless `withProject` is false) for a seeded key. */
export function headersFor(app: App, caller: Caller, withProject = true): Record<string, string> {
  const key = {
    project: app.keys.projectKey,
    org: app.keys.orgKey,
    member: app.keys.orgMemberKey,
    partner: app.keys.partnerKey,
  }[caller];
  const headers: Record<string, string> = { Authorization: `Bearer ${key}` };
  if (withProject && (caller === 'org' || caller === 'member')) headers['X-Project-Id'] = app.keys.projectId;
  return headers;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const AGENT_TOKEN = /^aoc_[0-9a-f]{64}$/;
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
