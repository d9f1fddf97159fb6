import { describe, expect, it } from 'vitest';
import type { Operation } from '../contract/types';
import { sampleReport } from '../report/__test-helpers__/sample-report';
import type { ReportFinding } from '../report/types';
import { evidenceRequest, splitArgs } from './replay';

const op = (over: Partial<Operation> = {}) =>
  ({ operationId: 'listAgents', method: 'GET', path: '/agents', authenticated: true, keyKinds: ['project', 'org'], projectContext: 'required', ...over }) as Operation;

function finding(over: Partial<ReportFinding> = {}): ReportFinding {
  return { ...sampleReport('failing').findings[0]!, ...over };
}

describe('splitArgs', () => {
  it('takes the report and the finding id apart from the options and their values', () => {
    expect(splitArgs(['r.json', '--target', 'http://x/v1', 'abc123', '--strict', '--api-key=k'])).toEqual({
      positionals: ['r.json', 'abc123'],
      flags: ['--target', 'http://x/v1', '--strict', '--api-key=k'],
    });
  });
});

describe('evidenceRequest', () => {
  it('puts the current key back into the redacted Authorization, and drops content-length', () => {
    const f = finding({ request: { method: 'GET', path: '/agents', headers: { authorization: 'Bearer [REDACTED]', 'content-length': '0' } } });
    expect(evidenceRequest(f, op(), { apiKey: 'oc_project' })).toEqual({ method: 'GET', path: '/agents', headers: { authorization: 'Bearer oc_project' } });
  });

  it('with an organization key, sends X-Project-Id as authFor does, the current project in place of the recorded one', () => {
    const f = finding({ request: { method: 'GET', path: '/agents', headers: { authorization: 'Bearer [REDACTED]', 'x-project-id': 'old' } } });
    expect(evidenceRequest(f, op(), { orgKey: 'oc_org_k', projectId: 'p1' }).headers).toEqual({ authorization: 'Bearer oc_org_k', 'x-project-id': 'p1' });
  });

  it('keeps what the case was about: no key, a malformed key, a member key, an organization key without X-Project-Id', () => {
    const creds = { apiKey: 'oc_project', orgKey: 'oc_org_k', memberKey: 'oc_org_member', projectId: 'p1' };
    const none = finding({ case: { kind: 'auth', variant: 'missing-key' }, request: { method: 'GET', path: '/agents', headers: {} } });
    expect(evidenceRequest(none, op(), creds).headers).toEqual({});
    const bad = finding({ case: { kind: 'auth', variant: 'malformed-key' }, request: { method: 'GET', path: '/agents', headers: { authorization: 'Bearer [REDACTED]' } } });
    expect(evidenceRequest(bad, op(), creds).headers).toEqual({ authorization: 'Bearer oc_not-a-valid-key' });
    const member = finding({ case: { kind: 'member-key' }, request: { method: 'DELETE', path: '/agents/a', headers: { authorization: 'Bearer [REDACTED]', 'x-project-id': 'x' } } });
    expect(evidenceRequest(member, op(), creds).headers).toEqual({ authorization: 'Bearer oc_org_member', 'x-project-id': 'p1' });
    const header = finding({ case: { kind: 'missing-header', header: 'x-project-id' }, request: { method: 'GET', path: '/agents', headers: { authorization: 'Bearer [REDACTED]' } } });
    expect(evidenceRequest(header, op(), creds).headers).toEqual({ authorization: 'Bearer oc_org_k' });
  });

  it('says which key is missing (the evidence is redacted)', () => {
    const member = finding({ case: { kind: 'member-key' } });
    expect(() => evidenceRequest(member, op(), { apiKey: 'oc_project' })).toThrow(/needs --member-key/);
    expect(() => evidenceRequest(finding(), op({ keyKinds: ['partner'] }), { apiKey: 'oc_project' })).toThrow(/--partner-key/);
  });
});
