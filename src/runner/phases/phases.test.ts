import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../../../reference-server/index';
import { loadContract } from '../../contract/load';
import { createRunContext, type RunContext, type RunSettings } from '../context';
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

function settings(credentials: Partial<Credentials> = {}): RunSettings {
  const { keys } = server;
  return {
    baseUrl: server.baseUrl,
    credentials: {
      apiKey: keys.projectKey,
      orgKey: keys.orgKey,
      projectId: keys.projectId,
      memberKey: keys.orgMemberKey,
      partnerKey: keys.partnerKey,
      ...credentials,
    },
    seed: 7,
    examples: 5,
    edition: 'cloud',
    embedded: true,
  };
}

function context(credentials: Partial<Credentials> = {}): RunContext {
  return createRunContext(contract, settings(credentials));
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
    expect(await ctx.runLedger.drain(ctx.client)).toEqual([]);
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

describe('stateful phase', () => {
  it('runs --examples sequences on the create operation, each starting with a create; only the lifecycle checks judge', async () => {
    const ctx = context();
    const result = await runPhase(ctx, op('createRule'), 'stateful');
    expect(result).toMatchObject({ cases: 5, statuses: {}, findings: [] });
    expect(result.requests).toBeGreaterThan(5);
    expect(result.checks['ensure-resource-availability']!.passed).toBeGreaterThan(0);
    expect(result.checks['status-code-conformance']).toMatchObject({ passed: 0, failed: 0 });
    expect(await ctx.runLedger.drain(ctx.client)).toEqual([]);
  });

  it('caps sequences at 20 per family', async () => {
    const result = await runPhase(createRunContext(contract, { ...settings(), examples: 50 }), op('addPartnerMember'), 'stateful');
    expect(result.cases).toBe(20);
  });

  it.each([
    ['a member of a family', 'renameAgent', 'not-applicable', 'sequences of the agent family run on createAgent'],
    ['an operation in no family', 'getHealth', 'not-applicable', 'belongs to no resource family'],
  ] as const)('does not run for %s', async (_name, operationId, reason, detail) => {
    expect((await runPhase(context(), op(operationId), 'stateful')).notRun).toMatchObject({ reason, detail: expect.stringContaining(detail) });
  });

  it('does not run without a lifecycle check, nor without the family’s key', async () => {
    const noChecks = createRunContext(contract, { ...settings(), checkIds: ['not-a-server-error'] });
    expect((await runPhase(noChecks, op('createAgent'), 'stateful')).notRun).toMatchObject({ reason: 'not-applicable' });
    expect((await runPhase(context({ partnerKey: undefined }), op('createPartnerSecret'), 'stateful')).notRun).toMatchObject({ reason: 'no-credential' });
  });
});

describe('stateful phase against a faulty server', () => {
  it('reports the shrunk sequence that ends in the failure', async () => {
    const faulty = await startReferenceServer({ faults: ['delete-keeps-resource'] });
    try {
      const { keys } = faulty;
      const ctx = createRunContext(contract, {
        ...settings(),
        baseUrl: faulty.baseUrl,
        credentials: { apiKey: keys.projectKey, orgKey: keys.orgKey, projectId: keys.projectId },
        examples: 10,
      });
      const result = await runPhase(ctx, op('createAgent'), 'stateful');
      const uaf = result.findings.find((f) => f.checkId === 'use-after-free')!;
      expect(uaf).toMatchObject({ phase: 'stateful', operationId: 'createAgent', title: 'Deleted resource still listed' });
      expect(uaf.sequence).toEqual(['create agent', 'delete agent', 'find agent in list']);
      expect(uaf.message).toContain('Sequence: create agent → delete agent → find agent in list.');
      expect(uaf.replay.path).toMatch(/^\d+(:\d+)*$/);
      expect(result.checks['use-after-free']!.failed).toBeGreaterThan(0);
    } finally {
      await faulty.close();
    }
  });
});
