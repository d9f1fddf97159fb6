import { describe, expect, it } from 'vitest';
import { contextFor, outcomeOf } from './__test-helpers__/check-context';
import { contentTypeConformance, mediaTypeOf } from './content-type-conformance';

const AGENTS = [{ id: 'a', name: 'n' }];

describe('content-type-conformance', () => {
  it.each([
    ['application/json', 'application/json'],
    ['application/json; charset=utf-8', 'application/json'],
    ['Application/JSON ;charset=UTF-8', 'application/json'],
    ['', undefined],
    [undefined, undefined],
  ])('mediaTypeOf(%j) is %j', (header, type) => {
    expect(mediaTypeOf(header)).toBe(type);
  });

  it.each(['application/json', 'application/json; charset=utf-8', 'application/json;charset=UTF-8'])(
    'passes a JSON body with Content-Type %s',
    (type) => {
      const ctx = contextFor('listAgents', { status: 200, json: AGENTS, headers: { 'content-type': type } });
      expect(outcomeOf(contentTypeConformance, ctx)).toEqual({ status: 'passed' });
    },
  );

  it('fails a JSON body sent as text/plain, with the received and documented media types', () => {
    const ctx = contextFor('listAgents', { status: 200, json: AGENTS, headers: { 'content-type': 'text/plain' } });
    expect(outcomeOf(contentTypeConformance, ctx)).toEqual({
      status: 'failed',
      violation: {
        title: 'Wrong Content-Type',
        message: 'Received Content-Type text/plain on a 200 body; documented: application/json.',
        received: 'text/plain',
        documented: 'application/json',
        cause: '200 text/plain for application/json',
      },
    });
  });

  it('fails a body without Content-Type', () => {
    const ctx = contextFor('listAgents', { status: 200, text: '[]' });
    expect(outcomeOf(contentTypeConformance, ctx)).toMatchObject({ status: 'failed', violation: { title: 'Missing Content-Type', received: null } });
  });

  it('judges error statuses by their own documented type (JSON)', () => {
    const ctx = contextFor('listAgents', { status: 401, text: '<html>no</html>', headers: { 'content-type': 'text/html' } });
    expect(outcomeOf(contentTypeConformance, ctx)).toMatchObject({ status: 'failed', violation: { documented: 'application/json' } });
  });

  it('wants text/markdown for getGatewaySkill, and refuses JSON there', () => {
    const markdown = contextFor('getGatewaySkill', { status: 200, text: '# Skill', headers: { 'content-type': 'text/markdown; charset=utf-8' } });
    expect(outcomeOf(contentTypeConformance, markdown)).toEqual({ status: 'passed' });
    const json = contextFor('getGatewaySkill', { status: 200, json: '# Skill' });
    expect(outcomeOf(contentTypeConformance, json)).toMatchObject({ status: 'failed', violation: { documented: 'text/markdown' } });
  });

  it.each([
    ['a 204 without body', 'deleteAgent', 204, ''],
    ['a 302 without body', 'authorizeApp', 302, ''],
    ['a 302 whose status documents no body, even with one', 'authorizeApp', 302, 'Found'],
    ['an empty 200', 'listAgents', 200, ''],
  ])('skips %s', (_, operationId, status, text) => {
    expect(outcomeOf(contentTypeConformance, contextFor(operationId, { status, text }))).toBeUndefined();
  });
});
