import { describe, expect, it } from 'vitest';
import { samplePhaseResults, sampleReport } from './__test-helpers__/sample-report';
import { withIds } from './build-report';
import { findingId, normalizedMessage } from './finding-id';
import { reportHtml } from './html';

const base = {
  operationId: 'listAgents',
  checkId: 'response-schema-conformance',
  title: 'Response violates schema',
  message: 'The 200 body does not match the documented schema: /0/isDefault must be boolean (type).',
};

describe('findingId', () => {
  it('is 10 hex digits, the same for the same finding', () => {
    expect(findingId(base)).toMatch(/^[0-9a-f]{10}$/);
    expect(findingId({ ...base })).toBe(findingId(base));
  });

  it('is stable across runs with the same seed: the same phase results give the same ids', () => {
    const ids = () => sampleReport('failing').findings.map((f) => f.id);
    expect(ids()).toEqual(ids());
    expect(new Set(ids()).size).toBe(ids().length);
    expect(withIds(samplePhaseResults('failing').flatMap((r) => r.findings)).map((f) => f.id)).toEqual(ids());
  });

  it.each([
    ['an array index', '/3/isDefault must be boolean (type)', '/0/isDefault must be boolean (type)'],
    ['a resource id', 'Received 404 for /agents/7f1c2a4e-1b2c-4d5e-8f90-123456789abc.', 'Received 404 for /agents/0b6c9e52-77aa-4d1f-9c3e-abcdefabcdef.'],
    ['a cuid-like id', 'agent cm3x9k2p10000abcd1234efgh not found', 'agent cm3y0000z9999wxyz5678ijkl not found'],
    ['a timestamp', 'createdAt 2026-11-23T03:03:02.977Z is in the future', 'createdAt 2026-11-24T10:00:00Z is in the future'],
    ['a duration', 'Received the 200 after 812 ms; configured maximum: 500 ms.', 'Received the 200 after 1305 ms; configured maximum: 500 ms.'],
    ['a generated value', 'query parameter limit="abc" does not satisfy its schema', 'query parameter limit="zz9" does not satisfy its schema'],
  ])('ignores what changes between runs against one server: %s', (_what, a, b) => {
    expect(normalizedMessage(a)).toBe(normalizedMessage(b));
    expect(findingId({ ...base, message: a })).toBe(findingId({ ...base, message: b }));
  });

  it('keeps what tells defects apart: status, property, operation, check, title', () => {
    const id = findingId(base);
    expect(findingId({ ...base, message: base.message.replace('isDefault', 'name') })).not.toBe(id);
    expect(findingId({ ...base, message: base.message.replace('200', '201') })).not.toBe(id);
    expect(findingId({ ...base, operationId: 'getDefaultAgent' })).not.toBe(id);
    expect(findingId({ ...base, checkId: 'documented-properties-present' })).not.toBe(id);
    expect(findingId({ ...base, title: 'Body not JSON' })).not.toBe(id);
    // Operation ids are words, not generated ids: a root-cause message keeps them.
    expect(normalizedMessage('failed on listInheritedPartnerSecrets')).toBe('failed on listInheritedPartnerSecrets');
  });
});

describe('withIds', () => {
  it('puts the id first and merges findings with the same id, summing occurrences', () => {
    const [f] = samplePhaseResults('failing').flatMap((r) => r.findings);
    const merged = withIds([f!, { ...f!, phase: 'coverage', message: f!.message.replace('/0/', '/4/'), occurrences: 3 }]);
    expect(merged).toHaveLength(1);
    expect(Object.keys(merged[0]!)[0]).toBe('id');
    expect(merged[0]).toMatchObject({ phase: f!.phase, occurrences: f!.occurrences + 3 });
  });
});

describe('report.html', () => {
  it('shows each finding id with its replay command', () => {
    const report = sampleReport('failing');
    const html = reportHtml(report);
    for (const f of report.findings) expect(html).toContain(`npx onecli-conformance replay report.json ${f.id}`);
  });
});
