import { describe, expect, it } from 'vitest';
import { contextFor, operation, outcomeOf } from './__test-helpers__/check-context';
import { documentedPropertiesPresent, documentedProperties } from './documented-properties-present';

const AGENT = {
  id: 'a',
  name: 'n',
  identifier: 'n',
  accessToken: 't',
  isDefault: true,
  secretMode: 'all',
  createdAt: '2026-01-01T00:00:00.000Z',
  _count: { agentSecrets: 0, agentAppConnections: 0 },
};
const AGENT_PROPERTIES = ['id', 'name', 'identifier', 'accessToken', 'isDefault', 'secretMode', 'createdAt', '_count'];

function without(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

describe('documented-properties-present', () => {
  it('reads the properties of an object schema, and of allOf members', () => {
    expect(documentedProperties(operation('getDefaultAgent').responses['200']!.schema)).toEqual(AGENT_PROPERTIES);
    expect(documentedProperties(operation('createProject').responses['201']!.schema)).toEqual(expect.arrayContaining(['id', 'name', 'slug']));
    expect(documentedProperties({ type: 'string' })).toEqual([]);
    expect(documentedProperties(true)).toEqual([]);
  });

  it('passes a body with every documented property, null values included', () => {
    expect(outcomeOf(documentedPropertiesPresent, contextFor('getDefaultAgent', { status: 200, json: { ...AGENT, secretMode: null } }))).toEqual({
      status: 'passed',
    });
    expect(outcomeOf(documentedPropertiesPresent, contextFor('listAgents', { status: 200, json: [AGENT, AGENT] }))).toEqual({ status: 'passed' });
  });

  it('warns about list items without a documented property, naming it in the title', () => {
    const ctx = contextFor('listAgents', { status: 200, json: [without(AGENT, 'secretMode'), AGENT] });
    expect(outcomeOf(documentedPropertiesPresent, ctx)).toEqual({
      status: 'failed',
      violation: {
        title: 'Documented properties absent: secretMode',
        message: `Received 2 item(s) lacking secretMode (1/2); documented item properties: ${AGENT_PROPERTIES.join(', ')}.`,
        received: ['secretMode'],
        documented: AGENT_PROPERTIES,
      },
    });
    expect(documentedPropertiesPresent.severity).toBe('warning');
  });

  it('warns about an object without documented properties', () => {
    const ctx = contextFor('getDefaultAgent', { status: 200, json: without(without(AGENT, '_count'), 'accessToken') });
    expect(outcomeOf(documentedPropertiesPresent, ctx)).toMatchObject({
      status: 'failed',
      violation: { title: 'Documented properties absent: accessToken, _count', received: ['accessToken', '_count'] },
    });
  });

  it.each([
    ['an empty list', 'listAgents', 200, []],
    ['a body of the wrong type (left to response-schema-conformance)', 'getDefaultAgent', 200, [AGENT]],
    ['an error status', 'getDefaultAgent', 404, { error: { message: 'No default agent found', type: 'not_found_error' } }],
    ['a list of strings', 'getAgentSecrets', 200, ['s1']],
  ])('skips %s', (_, operationId, status, json) => {
    expect(outcomeOf(documentedPropertiesPresent, contextFor(operationId, { status, json }))).toBeUndefined();
  });

  it('skips a body that is not JSON', () => {
    expect(outcomeOf(documentedPropertiesPresent, contextFor('getDefaultAgent', { status: 200, text: 'oops' }))).toBeUndefined();
  });
});
