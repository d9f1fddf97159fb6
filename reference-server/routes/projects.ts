/**
 * Projects tag (Cloud only): the projects of the caller's organization, as
 * documented. No project context is needed (X-Project-Id is not read, except
 * that one naming a project outside the key's organization is refused by the
 * auth step). Creating needs an admin or owner (403 envelope otherwise);
 * get/rename/delete document no 403, so any member of the organization may
 * call them.
 *
 * The slug is derived from the name (lower-case words joined by `-`): a name
 * whose slug another project of the organization already has is the
 * documented 409. Deleting removes every record of the project (agents,
 * secrets, rules, keys…); the last project of an organization cannot be
 * deleted (400 envelope).
 */
import { HttpError } from '../errors.ts';
import { json, noContent } from '../http.ts';
import type { ProjectRecord } from '../store/index.ts';
import { deleteProject, insertOrgProject, issueProjectKey, orgProjects, projectSlug, slugify } from '../store/index.ts';
import { object, optional, parseBody, string } from '../validation.ts';
import type { Context, RouteDef } from './types.ts';

const CLOUD_ONLY = ['cloud'] as const;
const projectName = () => string({ minLength: 2, maxLength: 50 });
const createProjectBody = object({ name: projectName() });
const updateProjectBody = object({ name: optional(projectName()) });

const PROJECT_NOT_FOUND = HttpError.envelope(404, 'not_found_error', 'Project not found');
const SLUG_TAKEN = HttpError.envelope(409, 'invalid_request_error', 'A project with this slug already exists');
const NO_FIELDS = HttpError.envelope(400, 'invalid_request_error', 'No fields to update');
const LAST_PROJECT = HttpError.envelope(400, 'invalid_request_error', 'Cannot delete the last project of an organization');
const INVALID_API_KEY = HttpError.envelope(401, 'authentication_error', 'Invalid API key or token.');

/** The caller's user id and organization (user principals only reach these routes). */
function caller(ctx: Context): { userId: string; orgId: string } {
  if (ctx.principal?.kind !== 'user') throw INVALID_API_KEY;
  return { userId: ctx.principal.userId, orgId: ctx.principal.orgId };
}

/** The documented `Project` schema. */
function projectView(project: ProjectRecord) {
  return { id: project.id, name: project.name, slug: projectSlug(project), createdAt: project.createdAt };
}

/** The project named by the path, in the caller's organization, or the 404 envelope. */
function projectOf(ctx: Context): ProjectRecord {
  const project = ctx.store.projects.get(ctx.params['projectId']!);
  if (!project || project.orgId !== caller(ctx).orgId) throw PROJECT_NOT_FOUND;
  return project;
}

/** Throws the 409 when another project of the organization already has this slug. */
function assertSlugFree(ctx: Context, orgId: string, slug: string, except?: string): void {
  if (orgProjects(ctx.store, orgId).some((p) => p.id !== except && projectSlug(p) === slug)) throw SLUG_TAKEN;
}

export const projectsRoutes: RouteDef[] = [
  {
    method: 'GET',
    path: '/projects',
    operationId: 'listProjects',
    auth: 'user',
    editions: CLOUD_ONLY,
    handler: (ctx) => json(200, orgProjects(ctx.store, caller(ctx).orgId).map(projectView)),
  },
  {
    method: 'POST',
    path: '/projects',
    operationId: 'createProject',
    auth: 'org-admin',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, createProjectBody);
      const { userId, orgId } = caller(ctx);
      assertSlugFree(ctx, orgId, slugify(body.name, 'project'));
      // A new project comes with its default agent; the creator's project key is returned once.
      const project = insertOrgProject(ctx.store, orgId, body.name);
      return json(201, { ...projectView(project), apiKey: issueProjectKey(ctx.store, userId, project.id) });
    },
  },
  {
    method: 'GET',
    path: '/projects/{projectId}',
    operationId: 'getProject',
    auth: 'user',
    editions: CLOUD_ONLY,
    handler: (ctx) => json(200, projectView(projectOf(ctx))),
  },
  {
    method: 'PATCH',
    path: '/projects/{projectId}',
    operationId: 'updateProject',
    auth: 'user',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const body = parseBody(ctx.req.body, updateProjectBody);
      const project = projectOf(ctx);
      if (body.name === undefined) throw NO_FIELDS;
      const slug = slugify(body.name, 'project');
      assertSlugFree(ctx, project.orgId, slug, project.id);
      Object.assign(project, { name: body.name, slug });
      return json(200, projectView(project));
    },
  },
  {
    method: 'DELETE',
    path: '/projects/{projectId}',
    operationId: 'deleteProject',
    auth: 'user',
    editions: CLOUD_ONLY,
    handler: (ctx) => {
      const project = projectOf(ctx);
      if (orgProjects(ctx.store, project.orgId).length <= 1) throw LAST_PROJECT;
      deleteProject(ctx.store, project.id);
      return noContent();
    },
  },
];
