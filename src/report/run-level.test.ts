import { describe, expect, it } from 'vitest';
import type { Finding } from '../runner/types';
import { foldIntoNotServed } from './not-served';
import { escalateRefusals } from './refusals';

function finding(operationId: string, checkId: string, extra: Partial<Finding> = {}): Finding {
  return {
    checkId,
    severity: 'error',
    operationId,
    method: 'GET',
    path: '/x',
    phase: 'positive',
    title: `${checkId} title`,
    message: `${checkId} message`,
    case: { kind: 'valid' },
    request: { method: 'GET', path: '/x', headers: {} },
    response: { status: 410, headers: {}, body: '' },
    curl: 'curl',
    replay: { seed: 1, phase: 'positive', index: 0, shrunk: false },
    occurrences: 1,
    ...extra,
  };
}

describe('foldIntoNotServed', () => {
  it('an operation not served is one finding, the others of that operation listed on it', () => {
    const status = finding('listRules', 'status-code-conformance', { phase: 'examples' });
    const gone = finding('listRules', 'operation-served');
    const other = finding('listAgents', 'status-code-conformance');
    const out = foldIntoNotServed([status, gone, other]);
    expect(out.map((f) => `${f.operationId} ${f.checkId}`)).toEqual(['listRules operation-served', 'listAgents status-code-conformance']);
    expect(out[0]!.also).toEqual([{ checkId: 'status-code-conformance', severity: 'error', title: 'status-code-conformance title', message: 'status-code-conformance message' }]);
  });

  it('leaves findings alone when every operation is served', () => {
    const fs = [finding('a', 'error-shape'), finding('b', 'status-code-conformance')];
    expect(foldIntoNotServed(fs)).toEqual(fs);
  });
});

describe('escalateRefusals', () => {
  const warning = finding('createSecret', 'positive-data-acceptance', { severity: 'warning', title: 'Valid request refused' });

  it('keeps a warning on an operation that accepted other valid requests', () => {
    expect(escalateRefusals([warning], () => true)).toEqual([warning]);
  });

  it('makes it an error on an operation that accepted no valid request in the run', () => {
    const [f] = escalateRefusals([warning], () => false);
    expect(f).toMatchObject({ severity: 'error', title: 'Every valid request refused', message: expect.stringContaining('accepted no valid request') });
  });

  it('touches no other check', () => {
    const other = finding('createSecret', 'documented-properties-present', { severity: 'warning' });
    expect(escalateRefusals([other], () => false)).toEqual([other]);
  });
});
