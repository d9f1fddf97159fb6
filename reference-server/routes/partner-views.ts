/** Views and claim-state guards shared by the Partner tags. */
import { HttpError } from '../errors.ts';
import type { PartnerOrgRecord, ProjectRecord, Store } from '../store/index.ts';
import { orgProjects, projectSlug } from '../store/index.ts';

/** The documented `Project` schema. */
export function projectView(project: ProjectRecord) {
  return { id: project.id, name: project.name, slug: projectSlug(project), createdAt: project.createdAt };
}

/** The documented `PartnerOrg` schema. */
export function partnerOrgView(store: Store, record: PartnerOrgRecord) {
  const org = store.organizations.get(record.orgId)!;
  return {
    id: org.id,
    name: org.name,
    slug: record.slug,
    createdAt: org.createdAt,
    status: record.status,
    claimedByEmail: record.claimedByEmail,
    claimedAt: record.claimedAt,
    projects: orgProjects(store, org.id).map(projectView),
  };
}

function noLongerManaged(status: number, record: PartnerOrgRecord): HttpError {
  const type = status === 403 ? 'authentication_error' : 'invalid_request_error';
  return record.status === 'claimed'
    ? HttpError.envelope(status, type, 'Organization has already been claimed')
    : HttpError.envelope(status, type, 'Organization has detached from the partner');
}

/**
 * Refuses changes to an organization that is no longer unclaimed, with the status
 * the operation documents: 403 (organization operations) or 400 (project operations,
 * which document no 403).
 */
export function requireUnclaimed(record: PartnerOrgRecord, status: 400 | 403): void {
  if (record.status !== 'unclaimed') throw noLongerManaged(status, record);
}
