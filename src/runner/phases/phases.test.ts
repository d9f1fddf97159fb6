import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../../../reference-server/index';
import { loadContract } from '../../contract/load';
import { createRunContext, type RunContext } from '../context';
import type { Credentials } from '../credentials';
import { runPhase } from '../run-phase';

/** The headers, roles and methods phases against the correct reference server: what they send, when they run. */
const contract = await loadContract('openapi.yaml');
let server: RunningReferenceServer;

beforeAll(async () => {
  server = await startReferenceServer({});
});
afterAll(async () => {
  await server.close();
});

function context(credentials: Partial<Credentials> = {}): RunContext {
  const { keys } = server;
  return createRunContext(contract, {
    baseUrl: server.baseUrl,
    credentials: { apiKey: keys.projectKey, orgKey: keys.orgKey, projectId: keys.projectId, memberKey: keys.orgMemberKey, ...credentials },
    seed: 7,
    examples: 5,
    edition: 'cloud',
    embedded: true,
  });
}

function op(operationId: string) {
  return contract.operations.find((o) => o.operationId === operationId)!;
}

describe('headers phase', () => {
  it('sends the organization key without X-Project-Id; the documented 400 passes', async () => {
    const result = await runPhase(context(), op('listAgents'), 'headers');
    expect(result).toMatchObject({ cases: 1, statuses: { 400: 1 }, findings: [] });
    expect(result.checks['missing-required-header']).toMatchObject({ passed: 1 });
  });

  it.each([
    ['an operation without project context', 'listProjects', {}, 'not-applicable'],
    ["an operation on the caller's own key", 'regenerateApiKey', {}, 'not-applicable'],
    ['no organization key', 'listAgents', { orgKey: undefined }, 'no-credential'],
  ] as const)('does not run for %s', async (_name, operationId, creds, reason) => {
    expect((await runPhase(context(creds), op(operationId), 'headers')).notRun).toMatchObject({ reason });
  });
});

describe('roles phase', () => {
  it('reads a bound resource before and after a refused unsafe call', async () => {
    const ctx = context();
    const result = await runPhase(ctx, op('deleteOrgSecret'), 'roles');
    expect(result).toMatchObject({ cases: 1, requests: 3, statuses: { 403: 1 }, findings: [] });
    expect(result.checks['role-enforcement']).toMatchObject({ passed: 1 });
    expect(await ctx.ledger.drain(ctx.client)).toEqual([]);
  });

  it.each([
    ['an operation open to members', 'getAppPermissions', {}, 'not-applicable'],
    ['no member key', 'deleteOrgSecret', { memberKey: undefined }, 'no-credential'],
  ] as const)('does not run for %s', async (_name, operationId, creds, reason) => {
    expect((await runPhase(context(creds), op(operationId), 'roles')).notRun).toMatchObject({ reason });
  });
});

describe('methods phase', () => {
  it('sends each unlisted method once per path, on its first operation; only the method checks judge', async () => {
    const result = await runPhase(context(), op('listAgents'), 'methods');
    // GET and POST are listed for /agents
    expect(result).toMatchObject({ cases: 3, statuses: {}, findings: [] });
    expect(result.checks['unsupported-method']).toMatchObject({ passed: 3 });
    expect(result.checks['status-code-conformance']).toMatchObject({ passed: 0, skipped: 3 });
    expect((await runPhase(context(), op('createAgent'), 'methods')).notRun).toMatchObject({ reason: 'not-applicable', detail: expect.stringContaining('listAgents') });
  });

  it('leaves out methods other operations serve on that path (PATCH and DELETE /agents/default match /agents/{agentId})', async () => {
    const result = await runPhase(context(), op('getDefaultAgent'), 'methods');
    expect(result.cases).toBe(2); // POST, PUT
  });
});
