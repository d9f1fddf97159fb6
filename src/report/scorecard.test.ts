import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { Contract } from '../contract/load';
import type { Operation, ResponseSpec } from '../contract/types';
import type { Phase, PhaseResult } from '../runner/types';
import { buildReport } from './build-report';
import { scorecardOf, type ScorecardOperation } from './scorecard';
import type { Report } from './types';

/** An operation documenting `statuses` (`!` marks one assumed from the docs' general errors). */
function operation(operationId: string, statuses: string[], tag = 'Agents'): Operation {
  const responses: Record<string, ResponseSpec> = {};
  for (const s of statuses) {
    const status = s.replace('!', '');
    responses[status] = { status, requiredHeaders: [], ...(s.endsWith('!') ? { assumed: true as const } : {}) };
  }
  return { operationId, method: 'POST', path: `/${operationId}`, tag, responses } as Operation;
}

function phase(op: Operation, name: Phase, statuses: Record<string, number>, valid?: PhaseResult['valid']): PhaseResult {
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  return { operationId: op.operationId, tag: op.tag, method: op.method, path: op.path, phase: name, cases: requests, requests, statuses, checks: {}, findings: [], durationMs: 1, ...(valid ? { valid } : {}) };
}

function notRun(op: Operation, name: Phase, reason: NonNullable<PhaseResult['notRun']>['reason'], detail: string): PhaseResult {
  return { ...phase(op, name, {}), cases: 0, notRun: { reason, detail } };
}

/** The report buildReport makes of `results` over a contract of `ops`. */
function reportOf(ops: Operation[], results: PhaseResult[]): Report {
  const contract = { path: 'openapi.yaml', sha256: '0'.repeat(64), title: 'OneCLI API', version: '1', document: {}, operations: ops } as Contract;
  return buildReport(
    { tool: { name: 'onecli-conformance', version: '0' }, contract, target: { baseUrl: 'http://x', embedded: true }, options: { seed: 1, examples: 1, edition: 'cloud', include: [], exclude: [], strict: false }, startedAt: new Date(0), finishedAt: new Date(0) },
    results,
    { leftovers: [], errors: [] },
  );
}

/** The scorecard row of each operation, from a report buildReport makes of `results`. */
function rows(ops: Operation[], results: PhaseResult[]): Map<string, ScorecardOperation> {
  return new Map(scorecardOf(ops, reportOf(ops, results).operations).operations.map((r) => [r.operationId, r]));
}

const statusesOf = (row: ScorecardOperation | undefined) => row!.documented.map((d) => `${d.status}:${d.seen || d.notSeen!.reason}`);

describe('scorecardOf', () => {
  it('matches each answer as status-code-conformance does: exact code, then range, then default', () => {
    const op = operation('createAgent', ['201', '4XX', '404', 'default']);
    const row = rows([op], [phase(op, 'positive', { '201': 3, '404': 2, '409': 1, '503': 1 })]).get('createAgent');
    expect(statusesOf(row)).toEqual(['201:3', '404:2', '4XX:1', 'default:1']);
    expect(row!.undocumented).toEqual([]);
  });

  it('orders documented statuses by code, a range after its codes, default last', () => {
    const op = operation('createAgent', ['default', '404', '200', '4XX', '400', '2XX']);
    expect(rows([op], []).get('createAgent')!.documented.map((d) => d.status)).toEqual(['200', '2XX', '400', '404', '4XX', 'default']);
  });

  it('lists statuses answered but not documented, and does not take status 0 (a broken exchange) for one', () => {
    const op = operation('createAgent', ['201', '400']);
    const row = rows([op], [phase(op, 'positive', { '201': 1, '418': 2, '0': 3 }), phase(op, 'negative', { '400': 1, '502': 1 })]).get('createAgent');
    expect(row!.undocumented).toEqual([
      { status: '418', seen: 2 },
      { status: '502', seen: 1 },
    ]);
  });

  it('says a status nothing aims at was not provoked, and one the run aimed at was answered otherwise', () => {
    const op = operation('createAgent', ['201', '400', '401', '404', '409', '500!']);
    const row = rows([op], [phase(op, 'positive', { '201': 4 }), phase(op, 'negative', { '422': 2 }), phase(op, 'auth', { '403': 2 })]).get('createAgent')!;
    expect(statusesOf(row)).toEqual(['201:4', '400:answered-otherwise', '401:answered-otherwise', '404:not-provoked', '409:not-provoked', '500:not-provoked']);
    expect(row.documented.find((d) => d.status === '401')!.notSeen!.detail).toBe('sent by auth; answered 201 × 4, 403 × 2, 422 × 2');
    expect(row.documented.find((d) => d.status === '500')!.assumed).toBe(true);
    expect(row.documented.find((d) => d.status === '201')!.assumed).toBeUndefined();
  });

  it('gives the reason the aiming phase did not run: no member key for 403, nothing to mutate for 400', () => {
    const op = operation('deleteAgent', ['204', '400', '403']);
    const row = rows([op], [
      phase(op, 'positive', { '204': 1 }),
      notRun(op, 'coverage', 'nothing-to-generate', 'no request body'),
      notRun(op, 'negative', 'nothing-to-generate', 'nothing can be made invalid'),
      notRun(op, 'headers', 'not-applicable', 'no project context'),
      notRun(op, 'roles', 'no-credential', 'needs --member-key'),
    ]).get('deleteAgent')!;
    // For 400: negative's reason, the phase that aims at it most directly, not headers' (which also sends no 400 here).
    expect(row.documented.map((d) => d.notSeen && `${d.status} ${d.notSeen.reason}: ${d.notSeen.detail}`)).toEqual([
      undefined,
      '400 nothing-to-send: nothing can be made invalid',
      '403 no-credential: needs --member-key',
    ]);
  });

  it('prefers a reason another run could remove: a 400 headers would provoke with the organization key', () => {
    const op = operation('listAgents', ['200', '400']);
    const row = rows([op], [
      phase(op, 'positive', { '200': 1 }),
      notRun(op, 'negative', 'nothing-to-generate', 'nothing can be made invalid'),
      notRun(op, 'headers', 'no-credential', 'needs --org-key and --project-id'),
    ]).get('listAgents')!;
    expect(row.documented[1]!.notSeen).toEqual({ reason: 'no-credential', detail: 'needs --org-key and --project-id' });
  });

  it('says a success status of an operation kept to probes was not seen by the safety rule, not refused', () => {
    const op = operation('setDefaultAgent', ['200', '404']);
    const rule = 'setDefaultAgent changes project-wide state; such calls run only against the embedded reference server';
    const row = rows([op], [notRun(op, 'examples', 'not-covered', rule), phase(op, 'positive', { '404': 5 }, { sent: 5, accepted: 0 })]).get('setDefaultAgent')!;
    expect(statusesOf(row)).toEqual(['200:safety-rule', '404:5']);
    expect(row.noSuccess).toEqual({ reason: 'safety-rule', detail: rule });
  });

  it('says every valid request was refused when valid requests went out and none was accepted', () => {
    const op = operation('createSecret', ['201', '400']);
    const row = rows([op], [phase(op, 'examples', { '400': 1 }, { sent: 1, accepted: 0 }), phase(op, 'positive', { '400': 4, '0': 1 }, { sent: 4, accepted: 0 })]).get('createSecret')!;
    expect(row.reached2xx).toBe(false);
    const expected = { reason: 'answered-otherwise', detail: 'every valid request refused (5 sent); answered 400 × 5' };
    expect(row.documented[0]!.notSeen).toEqual(expected);
    expect(row.noSuccess).toEqual(expected);
  });

  it('gives an operation that did not run its own reason for every status: excluded, or the first real phase reason', () => {
    const excluded = operation('listAgents', ['200', '401']);
    const partner = operation('listPartnerOrganizations', ['200', '401']);
    const result = rows([excluded, partner], [
      notRun(partner, 'coverage', 'nothing-to-generate', 'no request body'),
      notRun(partner, 'positive', 'no-credential', 'needs a partner key'),
      notRun(partner, 'auth', 'no-credential', 'needs a partner key'),
    ]);
    expect(statusesOf(result.get('listAgents'))).toEqual(['200:excluded', '401:excluded']);
    expect(result.get('listAgents')!.noSuccess!.reason).toBe('excluded');
    expect(statusesOf(result.get('listPartnerOrganizations'))).toEqual(['200:no-credential', '401:no-credential']);
    expect(result.get('listPartnerOrganizations')!.noSuccess).toEqual({ reason: 'no-credential', detail: 'needs a partner key' });
  });

  it('adds up pairs, seen, not seen by reason, undocumented pairs and selected operations without a success', () => {
    const a = operation('createAgent', ['201', '400', '404']);
    const b = operation('listAgents', ['200', '401']);
    const ops = [a, b];
    const report = reportOf(ops, [phase(a, 'positive', { '201': 2, '418': 1 }), phase(a, 'negative', { '400': 2, '422': 1 })]);
    expect(report.scorecard).toEqual(scorecardOf(ops, report.operations));
    expect(report.scorecard!.totals).toEqual({
      documented: 5,
      seen: 2,
      notSeen: { 'not-provoked': 1, excluded: 2 },
      undocumented: 2,
      // listAgents was not selected: the run did not try it.
      withoutSuccess: 0,
    });
  });

  it('is the same for the same report, whatever order the statuses were counted in', () => {
    const op = operation('createAgent', ['201', '400']);
    const one = rows([op], [phase(op, 'positive', { '201': 1, '418': 1, '419': 1 })]);
    const two = rows([op], [phase(op, 'positive', { '419': 1, '418': 1, '201': 1 })]);
    expect(JSON.stringify([...one])).toBe(JSON.stringify([...two]));
  });
});

describe('report.json scorecard', () => {
  const schema = JSON.parse(readFileSync(new URL('./report.schema.json', import.meta.url), 'utf8'));
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const a = operation('createAgent', ['201', '400', '404', '500!']);
  const b = operation('listAgents', ['200', '401']);
  const written = () => JSON.parse(JSON.stringify(reportOf([a, b], [phase(a, 'positive', { '201': 2, '418': 1 }), phase(a, 'negative', { '422': 1 })])));

  it('validates against report.schema.json', () => {
    const report = written();
    expect(report.scorecard.operations[1].noSuccess.reason).toBe('excluded');
    expect(validate(report) ? [] : validate.errors).toEqual([]);
  });

  it.each([
    ['a status not seen without its reason', (r: any) => delete r.scorecard.operations[0].documented[1].notSeen],
    ['a status seen with a reason', (r: any) => (r.scorecard.operations[0].documented[0].notSeen = { reason: 'not-provoked', detail: 'x' })],
    ['an unknown reason', (r: any) => (r.scorecard.operations[0].documented[1].notSeen.reason = 'unlucky')],
    ['an operation without a 2xx and without why', (r: any) => delete r.scorecard.operations[1].noSuccess],
    ['a field the schema does not know', (r: any) => (r.scorecard.totals.extra = 1)],
  ])('rejects %s', (_name, mutate) => {
    const report = written();
    mutate(report);
    expect(validate(report)).toBe(false);
  });
});
