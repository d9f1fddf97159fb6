import { describe, expect, it } from 'vitest';
import { Redactor } from '../http/redact';
import { harProblems } from './__test-helpers__/har-problems';
import { sampleReport } from './__test-helpers__/sample-report';
import { reportHar } from './har';
import type { ReportFinding } from './types';

/** A stateful finding whose case carries its three-step sequence: create, delete, then the read judged. */
function statefulFinding(): ReportFinding {
  return {
    id: '5e1f00aa42',
    checkId: 'use-after-free',
    severity: 'error',
    operationId: 'listAgents',
    method: 'GET',
    path: '/agents',
    phase: 'stateful',
    title: 'Deleted resource still listed',
    message: 'After a 2xx delete of agent a1, the list still holds it.',
    case: {
      kind: 'stateful',
      command: 'find agent in list',
      operationId: 'listAgents',
      expect: { of: 'read', id: 'a1', state: 'deleted' } as never,
      steps: [
        { command: 'create agent', operationId: 'createAgent', of: 'create', attempt: 1, created: 'a1', status: 201,
          request: { method: 'POST', path: '/agents', headers: { 'content-type': 'application/json' }, body: '{"name":"a"}' } },
        { command: 'delete agent', operationId: 'deleteAgent', of: 'delete', id: 'a1', status: 204,
          request: { method: 'DELETE', path: '/agents/a1', headers: {} } },
        { command: 'find agent in list', operationId: 'listAgents', of: 'read', id: 'a1', status: 200,
          request: { method: 'GET', path: '/agents?limit=5&name=a%20b', headers: {} } },
      ],
      judgedStep: 2,
    },
    request: { method: 'GET', path: '/agents?limit=5&name=a%20b', headers: {} },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: '[{"id":"a1"}]' },
    curl: "curl -sS 'http://127.0.0.1:10254/v1/agents?limit=5'",
    replay: { seed: 1, phase: 'stateful', index: 0, path: '0', shrunk: true },
    occurrences: 1,
    sequence: ['create agent', 'delete agent', 'find agent in list'],
  };
}

describe('reportHar', () => {
  it('is a valid HAR 1.2 log with one entry per finding, named by finding id and check', () => {
    const report = sampleReport('failing');
    const har = reportHar(report);
    expect(harProblems(har)).toEqual([]);
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'onecli-conformance', version: '0.1.0' });
    expect(har.log.entries).toHaveLength(report.findings.length);
    for (const [i, f] of report.findings.entries()) {
      const e = har.log.entries[i]!;
      expect(e.comment).toBe(`${f.id} ${f.checkId}: ${f.title}`);
      expect([e._findingId, e._checkId]).toEqual([f.id, f.checkId]);
      expect(e.request.url).toBe(`http://127.0.0.1:10254/v1${f.request.path}`);
      expect(e.response.status).toBe(Number(f.response.status));
      expect(e.response.content.text).toBe(f.response.body);
    }
    // survives the trip through JSON (what the file holds)
    expect(harProblems(JSON.parse(JSON.stringify(har)))).toEqual([]);
  });

  it('writes the body, its media type and size, and an empty body as none', () => {
    const report = sampleReport('failing');
    const har = reportHar(report);
    const create = har.log.entries.find((e) => e._checkId === 'negative-data-rejection')!;
    expect(create.request.postData).toEqual({ mimeType: 'application/json', text: `{"name":"${'x'.repeat(300)}"}` });
    expect(create.request.bodySize).toBe(311);
    expect(create.response).toMatchObject({ status: 201, statusText: 'Created', content: { size: 0, mimeType: 'x-unknown', text: '' } });
    const list = har.log.entries.find((e) => e._checkId === 'response-schema-conformance')!;
    expect(list.request.postData).toBeUndefined();
    expect(list.request.headers).toContainEqual({ name: 'authorization', value: 'Bearer [REDACTED]' });
  });

  it('gives a stateful finding the steps of its sequence, the judged one last with the full answer', () => {
    const report = sampleReport('failing');
    report.findings = [statefulFinding()];
    const har = reportHar(report);
    expect(harProblems(har)).toEqual([]);
    expect(har.log.entries.map((e) => [e.request.method, e.request.url, e.response.status, e._step])).toEqual([
      ['POST', 'http://127.0.0.1:10254/v1/agents', 201, 1],
      ['DELETE', 'http://127.0.0.1:10254/v1/agents/a1', 204, 2],
      ['GET', 'http://127.0.0.1:10254/v1/agents?limit=5&name=a%20b', 200, 3],
    ]);
    expect(har.log.entries.map((e) => e.comment)).toEqual([
      '5e1f00aa42 use-after-free: Deleted resource still listed (step 1/3 create agent)',
      '5e1f00aa42 use-after-free: Deleted resource still listed (step 2/3 delete agent)',
      '5e1f00aa42 use-after-free: Deleted resource still listed (step 3/3 find agent in list)',
    ]);
    expect(har.log.entries[0]!.request.postData).toEqual({ mimeType: 'application/json', text: '{"name":"a"}' });
    expect(har.log.entries[2]!.request.queryString).toEqual([{ name: 'limit', value: '5' }, { name: 'name', value: 'a b' }]);
    expect(har.log.entries[2]!.response.content.text).toBe('[{"id":"a1"}]');
  });

  it('a stateful finding without steps (older reports) is its one exchange', () => {
    const report = sampleReport('failing');
    const f = statefulFinding();
    if (f.case.kind === 'stateful') delete f.case.steps;
    report.findings = [f];
    expect(reportHar(report).log.entries.map((e) => e.request.url)).toEqual(['http://127.0.0.1:10254/v1/agents?limit=5&name=a%20b']);
  });

  it('sends companion and gateway operations to their own base URLs', () => {
    const report = sampleReport('failing');
    report.target.companion = { baseUrl: 'http://127.0.0.1:9999/v1', edition: 'enterprise', operations: ['createSecret'] };
    report.target.gateway = 'http://gw.example/v1/';
    const urls = reportHar(report, { gatewayOperations: ['listSecrets'] }).log.entries.map((e) => [e._findingId, e.request.url]);
    const by = (op: string) => urls.find(([id]) => id === report.findings.find((f) => f.operationId === op)!.id)![1];
    expect(by('createSecret')).toBe('http://127.0.0.1:9999/v1/secrets');
    expect(by('listSecrets')).toBe('http://gw.example/v1/secrets');
    expect(by('listAgents')).toBe('http://127.0.0.1:10254/v1/agents');
  });

  it('an exchange that broke off (no status) is status 0, still valid', () => {
    const report = sampleReport('failing');
    report.findings[0]!.response = { status: 'reset', headers: {}, body: '' };
    const har = reportHar(report);
    expect(harProblems(har)).toEqual([]);
    expect(har.log.entries[0]!.response).toMatchObject({ status: 0, comment: 'no HTTP answer: reset' });
  });

  it('the written text keeps no key: the CLI writes it through the redactor', () => {
    const key = 'oc_abcdefghijklmnopqrstuvwx';
    const report = sampleReport('failing');
    report.target.baseUrl = `http://127.0.0.1:10254/v1?k=${key}`;
    const text = new Redactor([key]).text(JSON.stringify(reportHar(report)));
    expect(text).not.toContain(key);
    expect(harProblems(JSON.parse(text))).toEqual([]);
  });
});
