import { describe, expect, it } from 'vitest';
import type { Contract } from '../contract/load';
import type { Operation } from '../contract/types';
import type { Finding, PhaseResult } from '../runner/types';
import { buildReport } from './build-report';

/** Operations op0 … op(n-1), GET /r0 … /r(n-1). */
function operations(n: number): Operation[] {
  return Array.from({ length: n }, (_, i) => ({ operationId: `op${i}`, method: 'GET', path: `/r${i}`, tag: 'T' }) as Operation);
}

function contract(ops: Operation[]): Contract {
  return { path: 'openapi.yaml', sha256: '0'.repeat(64), title: 'OneCLI API', version: '1', document: {}, operations: ops };
}

function ignoredAuth(op: Operation, status = 200): Finding {
  return {
    checkId: 'ignored-auth',
    severity: 'error',
    operationId: op.operationId,
    method: op.method,
    path: op.path,
    phase: 'auth',
    title: 'Authentication ignored',
    message: `Received ${status} to a request with no Authorization header; documented: 401.`,
    case: { kind: 'auth', variant: 'missing-key' },
    request: { method: op.method, path: op.path, headers: {} },
    response: { status, headers: {}, body: '[]' },
    curl: `curl -sS 'http://127.0.0.1/v1${op.path}'`,
    replay: { seed: 1, phase: 'auth', index: 0, shrunk: false },
    occurrences: 2,
  };
}

function authPhase(op: Operation, findings: Finding[]): PhaseResult {
  const failed = findings.length ? 2 : 0;
  return {
    operationId: op.operationId,
    tag: op.tag,
    method: op.method,
    path: op.path,
    phase: 'auth',
    cases: 2,
    requests: 2,
    statuses: failed ? { 200: 2 } : { 401: 2 },
    checks: { 'ignored-auth': { passed: 2 - failed, failed, inconclusive: 0, skipped: 0 } },
    findings,
    durationMs: 1,
  };
}

/** A report over `n` operations whose auth phase ran, ignored-auth failing on the first `failing`. */
function report(n: number, failing: number, extra: Finding[] = []) {
  const ops = operations(n);
  const results = ops.map((op, i) => authPhase(op, i < failing ? [ignoredAuth(op)] : []));
  results[0]!.findings.push(...extra);
  const options = { seed: 1, examples: 5, edition: 'cloud', include: [], exclude: [], strict: false };
  const info = { tool: { name: 't', version: '0' }, contract: contract(ops), target: { baseUrl: 'http://x/v1', embedded: false }, options };
  return buildReport({ ...info, startedAt: new Date(0), finishedAt: new Date(1) }, results, { leftovers: [], errors: [] });
}

describe('buildReport › ignored-auth root cause', () => {
  it('reports authentication ignored on every operation once, on operation *, naming the operations', () => {
    const other: Finding = { ...ignoredAuth(operations(1)[0]!), checkId: 'error-shape', title: 'Wrong error shape for 401' };
    const r = report(25, 25, [other]);
    const auth = r.findings.filter((f) => f.checkId === 'ignored-auth');
    expect(auth).toHaveLength(1);
    expect(auth[0]).toMatchObject({
      operationId: '*',
      title: 'Authentication ignored on every operation',
      severity: 'error',
      phase: 'auth',
      // the first finding's evidence
      path: '/r0',
      response: { status: 200, body: '[]' },
      occurrences: 50,
    });
    expect(auth[0]!.message).toContain('25 of the 25 operations');
    expect(auth[0]!.message).toContain(Array.from({ length: 20 }, (_, i) => `op${i}`).join(', '));
    expect(auth[0]!.message).not.toContain('op20');
    expect(auth[0]!.message).toContain('and 5 more');
    // other findings stay, and each operation's tallies still count its failures
    expect(r.findings).toContainEqual(expect.objectContaining({ checkId: 'error-shape', operationId: 'op0' }));
    expect(r.summary.checks['ignored-auth']).toMatchObject({ failed: 50 });
    expect(r.summary.findings.error).toBe(2);
    expect(r.verdict).toBe('does-not-conform');
  });

  it('aggregates from 80% of the operations with an auth phase', () => {
    const r = report(10, 8);
    expect(r.findings.map((f) => f.operationId)).toEqual(['*']);
    expect(r.findings[0]!.message).toContain('8 of the 10 operations');
  });

  it.each([
    ['below 80%', 10, 7, 7],
    ['a single operation', 1, 1, 1],
  ])('keeps one finding per operation %s', (_name, n, failing, expected) => {
    const r = report(n, failing);
    expect(r.findings).toHaveLength(expected);
    expect(r.findings.every((f) => f.operationId !== '*')).toBe(true);
  });

  it('counts only operations whose auth phase ran', () => {
    const ops = operations(4);
    const results: PhaseResult[] = ops.map((op, i) => authPhase(op, i < 2 ? [ignoredAuth(op)] : []));
    for (const r of results.slice(2)) r.notRun = { reason: 'not-applicable', detail: 'the operation is public' };
    const options = { seed: 1, examples: 5, edition: 'cloud', include: [], exclude: [], strict: false };
    const built = buildReport(
      { tool: { name: 't', version: '0' }, contract: contract(ops), target: { baseUrl: 'http://x/v1', embedded: false }, options, startedAt: new Date(0), finishedAt: new Date(1) },
      results,
      { leftovers: [], errors: [] },
    );
    expect(built.findings.map((f) => f.operationId)).toEqual(['*']);
  });
});
