import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { responseHeadersConformance } from './response-headers-conformance';

describe('response-headers-conformance', () => {
  it.each(['authorizeApp', 'authorizeOrgApp'])('passes a 302 of %s with Location', (operationId) => {
    const ctx = contextFor(operationId, { status: 302, headers: { location: 'https://example.com/oauth' } });
    expect(outcomeOf(responseHeadersConformance, ctx)).toEqual({ status: 'passed' });
  });

  it.each(['authorizeApp', 'authorizeOrgApp'])('fails a 302 of %s without Location, naming the header', (operationId) => {
    const ctx = contextFor(operationId, { status: 302, headers: { 'content-length': '0' } });
    expect(outcomeOf(responseHeadersConformance, ctx)).toEqual({
      status: 'failed',
      violation: {
        title: 'Missing required header location',
        message: 'Received a 302 without location (headers: content-length); documented as required: location.',
        received: ['content-length'],
        documented: ['location'],
      },
    });
  });

  it.each([
    ['a 4xx of authorizeApp', 'authorizeApp', 404],
    ['a 200 of listAgents', 'listAgents', 200],
    ['an undocumented status', 'authorizeApp', 418],
  ])('skips %s (no required header)', (_, operationId, status) => {
    expect(outcomeOf(responseHeadersConformance, contextFor(operationId, { status, json: {} }))).toBeUndefined();
  });
});
