/**
 * Partner Projects tag (Cloud; partner key): the projects of one of the
 * partner's organizations. Adding and removing projects is for unclaimed
 * organizations only (400 envelope otherwise: these operations document no 403),
 * and the last project cannot be removed.
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import { deleteProject, insertOrgProject, orgProjects } from '../store/index.ts';
import { object, parseBody, string } from '../validation.ts';
import { CLOUD_ONLY, partnerOrgOf } from './org-context.ts';
import { projectView, requireUnclaimed } from './partner-views.ts';
import type { RouteDef } from './types.ts';

const createProjectBody = object({ name: string({ minLength: 2, maxLength: 50 }) });

const PROJECT_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Project not found');
const LAST_PROJECT = HttpError.envelope(400, 'invalid_request_error', 'At least one project must remain');

export const partnerProjectsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/partner/orgs/{orgId}/projects',
    operationId: 'listPartnerProjects',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => json(200, orgProjects(ctx.store, partnerOrgOf(ctx).orgId).map(projectView)),
  },
  {
    method: 'POST',
    path: '/partner/orgs/{orgId}/projects',
    operationId: 'createPartnerProject',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createProjectBody);
      const record = partnerOrgOf(ctx);
      requireUnclaimed(record, 400);
      return json(201, projectView(insertOrgProject(ctx.store, record.orgId, body.name)));
    },
  },
  {
    method: 'DELETE',
    path: '/partner/orgs/{orgId}/projects/{projectId}',
    operationId: 'deletePartnerProject',
    auth: 'partner',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const record = partnerOrgOf(ctx);
      const project = ctx.store.projects.get(ctx.params['projectId']!);
      if (project?.orgId !== record.orgId) throw PROJECT_NOT_FOUND;
      requireUnclaimed(record, 400);
      if (orgProjects(ctx.store, record.orgId).length <= 1) throw LAST_PROJECT;
      deleteProject(ctx.store, project.id);
      return noContent();
    },
  },
];
