import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from '../checks/__test-helpers__/check-context';
import { checks } from '../checks/index';
import type { CaseInfo } from '../checks/types';
import { loadContract } from '../contract/load';
import type { Operation } from '../contract/types';
import type { RunSettings } from './context';
import { probeValue } from '../stateful/safety';
import { planRun, planText } from './plan';

const contract = await loadContract('openapi.yaml');
const KEYS = { apiKey: 'oc_a', orgKey: 'oc_org_a', projectId: 'p', partnerKey: 'oc_partner_a', memberKey: 'oc_org_m' };

function plan(settings: Partial<RunSettings>, only: string[]) {
  const base: RunSettings = { baseUrl: 'http://127.0.0.1:1/v1', credentials: KEYS, seed: 1, examples: 5, edition: 'cloud', embedded: true };
  return planRun(contract, { ...base, ...settings }, (op: Operation) => only.includes(op.operationId));
}

describe('planRun', () => {
  it('tells the phases, the bindings and the checks of an operation', () => {
    const [rename] = plan({}, ['renameAgent']);
    expect(rename!.bindings).toEqual([{ param: 'agentId', how: 'created by createAgent (POST /agents), id from agentId | id' }]);
    expect(rename!.phases.filter((p) => !p.notRun).map((p) => p.phase)).toEqual(['examples', 'coverage', 'positive', 'negative', 'auth', 'headers', 'methods']);
    const methods = rename!.phases.find((p) => p.phase === 'methods')!;
    expect(methods.checks).toEqual(['not-a-server-error', 'unsupported-method']);
    const negative = rename!.phases.find((p) => p.phase === 'negative')!;
    expect(negative.checks).toContain('negative-data-rejection');
    expect(negative.checks).not.toContain('positive-data-acceptance');
    expect(rename!.externalSkip).toBeUndefined();
  });

  it('binds the resource a DELETE consumes to a fresh one, catalogue values to a list', () => {
    const [del, app] = plan({}, ['deleteAgent', 'getApp']);
    expect(del!.bindings[0]!.how).toMatch(/^a fresh resource created by createAgent/);
    expect(app!.bindings[0]!.how).toBe('listed by listApps (GET /apps), field id');
  });

  it('on an external target, unlisted unsafe methods go only to resources the run created', () => {
    const [listAgents, rename, getApp, getUser] = plan({ embedded: false }, ['listAgents', 'renameAgent', 'getApp', 'getUser']);
    const methodsOf = (p: typeof rename) => p!.phases.find((x) => x.phase === 'methods')!;
    // /agents/{agentId}: every parameter is an agent the run creates, so PUT and POST are sent there.
    expect(methodsOf(rename).notRun).toBeUndefined();
    // /agents (a collection) has GET, and the unsafe methods it lacks are not sent: nothing is left to send.
    expect(methodsOf(listAgents).notRun).toMatchObject({ reason: 'not-covered', detail: expect.stringMatching(/only to resources the run created/) });
    // /apps/{provider}: a catalogue entry the run lists, not one it owns.
    expect(methodsOf(getApp).notRun?.reason).toBe('not-covered');
    expect(methodsOf(getUser).notRun?.reason).toBe('not-covered');
    // The embedded server is the run's own: every unlisted method is sent.
    const [embeddedList] = plan({}, ['listAgents']);
    expect(methodsOf(embeddedList).notRun).toBeUndefined();
  });

  it('on an external target, says why an operation is kept back; with path parameters it is only probed', () => {
    const [decide, provision] = plan({ embedded: false }, ['submitApprovalDecision', 'provisionUser']);
    expect(decide!.externalSkip).toBe('POST /approvals/{id}/decision would change state the run did not create');
    expect(decide!.probedExternally).toBe(true);
    expect(decide!.bindings).toEqual([{ param: 'id', how: 'occ-none-… (names nothing: the operation is only probed here)' }]);
    expect(decide!.phases.filter((p) => !p.notRun).map((p) => p.phase)).toEqual(['coverage', 'positive', 'negative', 'auth']);
    // No path parameter, nothing a probe could name: not sent at all.
    expect(provision!.externalSkip).toBeDefined();
    expect(provision!.probedExternally).toBeUndefined();
    expect(provision!.phases.every((p) => p.notRun?.reason === 'not-covered')).toBe(true);
    // What the run owns is acted on: settings put back, a key of a project the run made.
    const [setDefault, regenerate] = plan({ embedded: false }, ['setDefaultAgent', 'regenerateApiKey']);
    expect(setDefault!.externalSkip).toBeUndefined();
    expect(regenerate!.externalSkip).toBeUndefined();
    expect(regenerate!.ownKey).toContain('createProject');
  });

  it('probe path values name nothing, are stable per generated value, and fit plain string parameters', () => {
    expect(probeValue('abc')).toBe(probeValue('abc'));
    expect(probeValue('abc')).not.toBe(probeValue('abd'));
    expect(probeValue(12)).toMatch(/^occ-none-[0-9a-f]{8}$/);
  });

  it('read-only: only GET operations run, and not their methods phase', () => {
    const [list, rename] = plan({ readOnly: true }, ['listAgents', 'renameAgent']); // contract order
    expect(rename!.phases.every((p) => p.notRun?.reason === 'not-applicable' && p.notRun.detail === 'read-only run')).toBe(true);
    expect(list!.phases.filter((p) => !p.notRun).map((p) => p.phase)).toEqual(['positive', 'auth', 'headers']);
    expect(list!.phases.find((p) => p.phase === 'methods')!.notRun!.detail).toMatch(/^read-only run/);
  });

  it('--allow-destructive: an external target gets the operation named', () => {
    const [provision] = plan({ embedded: false, allowDestructive: ['provisionUser'] }, ['provisionUser']);
    expect(provision).toMatchObject({ externalSkip: 'POST /team/provisions would change state the run did not create', allowedDestructive: true });
    expect(provision!.phases.find((p) => p.phase === 'positive')!.notRun).toBeUndefined();
    expect(planText(contract, [provision!], { embedded: false, baseUrl: 'http://x/v1' })).toContain('on an external target: runs: named by --allow-destructive');
  });

  it('says which key is missing', () => {
    const [org] = plan({ credentials: { apiKey: 'oc_a' } }, ['listOrgSecrets']);
    expect(org!.phases.find((p) => p.phase === 'positive')!.notRun).toMatchObject({ reason: 'no-credential' });
  });

  it('prints the families and one block per operation', () => {
    const text = planText(contract, plan({}, ['createAgent', 'deleteAgent']), { embedded: true });
    expect(text).toContain('agent                  create createAgent · read find in listAgents');
    expect(text).toContain('deleteAgent  DELETE /agents/{agentId}');
    expect(text).toContain('on an external target: runs');
  });
});

describe('checks declare the case kinds they judge', () => {
  const KINDS: CaseInfo[] = [
    { kind: 'valid' },
    { kind: 'invalid', mutation: 'type-changed', pointer: '/name', location: 'body', proof: { verdict: 'invalid', reason: 'x' } },
    { kind: 'auth', variant: 'missing-key' },
    { kind: 'missing-header', header: 'x-project-id' },
    { kind: 'member-key' },
    { kind: 'unlisted-method', method: 'PUT' },
  ];
  it.each(checks.filter((c) => c.cases).map((c) => [c.id, c] as const))('%s applies to no other kind', (_id, check) => {
    for (const c of KINDS.filter((k) => !check.cases!.includes(k.kind))) {
      expect(outcomeOf(check, contextFor('createAgent', { status: 400, json: { error: 'x' }, case: c }))).toBeUndefined();
    }
  });
});
