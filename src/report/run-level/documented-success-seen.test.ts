import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../cli/args';
import type { Contract } from '../../contract/load';
import type { Operation, ResponseSpec } from '../../contract/types';
import type { Phase, PhaseResult } from '../../runner/types';
import { buildReport } from '../build-report';
import type { Report } from '../types';

const ID = 'documented-success-seen';

function operation(operationId: string, statuses: string[]): Operation {
  const responses: Record<string, ResponseSpec> = Object.fromEntries(statuses.map((status) => [status, { status, requiredHeaders: [] }]));
  return { operationId, method: 'POST', path: `/${operationId}/{id}`, tag: 'T', responses } as Operation;
}

function phase(op: Operation, name: Phase, statuses: Record<string, number>, valid?: PhaseResult['valid']): PhaseResult {
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  return { operationId: op.operationId, tag: op.tag, method: op.method, path: op.path, phase: name, cases: requests, requests, statuses, checks: {}, findings: [], durationMs: 1, ...(valid ? { valid } : {}) };
}

function notRun(op: Operation, name: Phase, reason: NonNullable<PhaseResult['notRun']>['reason'], detail: string): PhaseResult {
  return { ...phase(op, name, {}), cases: 0, notRun: { reason, detail } };
}

const refused = operation('createSecret', ['201', '400']);
const alternatives = operation('updateAgent', ['200', '204', '404']);
const fine = operation('listAgents', ['200', '401']);
const probed = operation('setDefaultAgent', ['200', '404']);
const keyless = operation('listPartnerOrganizations', ['200']);
const OPS = [refused, alternatives, fine, probed, keyless];
const RESULTS: PhaseResult[] = [
  phase(refused, 'positive', { '400': 5 }, { sent: 5, accepted: 0 }),
  phase(alternatives, 'positive', { '200': 3, '404': 1 }, { sent: 4, accepted: 3 }),
  phase(fine, 'positive', { '200': 2 }, { sent: 2, accepted: 2 }),
  notRun(probed, 'examples', 'not-covered', 'setDefaultAgent changes project-wide state'),
  phase(probed, 'positive', { '404': 3 }, { sent: 3, accepted: 0 }),
  notRun(keyless, 'positive', 'no-credential', 'needs a partner key'),
];

function report(checks?: string[]): Report {
  const contract = { path: 'openapi.yaml', sha256: '0'.repeat(64), title: 'OneCLI API', version: '1', document: {}, operations: OPS } as Contract;
  return buildReport(
    {
      tool: { name: 'onecli-conformance', version: '0' },
      contract,
      target: { baseUrl: 'http://127.0.0.1:10254/v1', embedded: true },
      options: { seed: 7, examples: 1, edition: 'cloud', include: [], exclude: [], strict: false, ...(checks ? { checks } : {}) },
      startedAt: new Date(0),
      finishedAt: new Date(0),
    },
    structuredClone(RESULTS),
    { leftovers: [], errors: [] },
  );
}

describe(ID, () => {
  const judged = report(['status-code-conformance', ID]);
  const tally = (operationId: string) => judged.operations.find((o) => o.operationId === operationId)!.checks[ID];

  it('fails an operation whose valid requests never got a documented 2xx, and one that never gave one of two documented 2xx', () => {
    const findings = judged.findings.filter((f) => f.checkId === ID);
    expect(findings.map((f) => `${f.operationId} ${f.severity} ${f.cause}`)).toEqual([
      'createSecret error no success status returned',
      'updateAgent error another success status returned',
    ]);
    expect(findings[0]!.message).toBe(
      'Documented 201 never returned in the whole run, although valid requests reached the operation: every valid request refused (5 sent); answered 400 × 5.',
    );
    expect(findings[1]!.message).toContain('Documented 204 never returned');
    // The evidence is the operation: its path template, and the status it was answered most.
    expect(findings[0]!.request).toEqual({ method: 'POST', path: '/createSecret/{id}', headers: {} });
    expect(findings[0]!.response.status).toBe(400);
    expect(judged.verdict).toBe('does-not-conform');
    expect(tally('createSecret')).toEqual({ passed: 0, failed: 1, inconclusive: 0, skipped: 0 });
  });

  it('passes an operation that returned every documented 2xx, and does not judge one kept to probes or without a credential', () => {
    expect(tally('listAgents')).toEqual({ passed: 1, failed: 0, inconclusive: 0, skipped: 0 });
    expect(tally('setDefaultAgent')).toEqual({ passed: 0, failed: 0, inconclusive: 0, skipped: 1 });
    expect(tally('listPartnerOrganizations')).toEqual({ passed: 0, failed: 0, inconclusive: 0, skipped: 1 });
    expect(judged.summary.checks[ID]).toEqual({ passed: 1, failed: 2, inconclusive: 0, skipped: 2 });
  });

  it('is off unless named: without --checks, or with a list that does not name it, the report is the same as before', () => {
    for (const off of [report(), report(['status-code-conformance'])]) {
      expect(off.findings).toEqual([]);
      expect(off.summary.checks[ID]).toBeUndefined();
      expect(off.operations.every((o) => !(ID in o.checks))).toBe(true);
      expect(off.verdict).toBe('conforms');
    }
  });

  it('writes findings report.schema.json accepts', () => {
    const schema = JSON.parse(readFileSync(new URL('../report.schema.json', import.meta.url), 'utf8'));
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const written = JSON.parse(JSON.stringify(judged));
    expect(validate(written) ? [] : validate.errors).toEqual([]);
  });

  it('is a check id --checks takes, and not one a default run selects', () => {
    expect(parseCli(['--checks', `status-code-conformance,${ID}`], {}).checks).toEqual(['status-code-conformance', ID]);
    expect(parseCli([], {}).checks).toBeUndefined();
  });
});
