import { describe, expect, it } from 'vitest';
import { createRouter } from './router.ts';

const routes = [
  { method: 'GET', path: '/agents', id: 'list' },
  { method: 'GET', path: '/agents/{agentId}/secrets', id: 'secrets' },
  { method: 'PATCH', path: '/agents/{agentId}', id: 'rename' },
  { method: 'GET', path: '/agents/default', id: 'default' },
  { method: 'GET', path: '/agents/{agentId}', id: 'get' },
];
const router = createRouter('/v1', routes);

describe('router', () => {
  it.each([
    ['GET', '/v1/agents', 'list', {}],
    ['GET', '/v1/agents/default', 'default', {}],
    ['GET', '/v1/agents/abc', 'get', { agentId: 'abc' }],
    ['PATCH', '/v1/agents/default', 'rename', { agentId: 'default' }],
    ['GET', '/v1/agents/a%20b/secrets', 'secrets', { agentId: 'a b' }],
    ['GET', '/v1/agents/%E0%A4%A/secrets', 'secrets', { agentId: '%E0%A4%A' }],
  ])('%s %s → %s %j', (method, path, id, params) => {
    expect(router(method, path)).toEqual({ route: expect.objectContaining({ id }), params });
  });

  it.each([
    ['DELETE', '/v1/agents'],
    ['GET', '/agents'],
    ['GET', '/v1/agents/'],
    ['GET', '/v1/agents//secrets'],
    ['GET', '/v1/agents/a/b'],
    ['GET', '/v2/agents'],
  ])('%s %s → no match', (method, path) => {
    expect(router(method, path)).toBeUndefined();
  });

  it('refuses two routes with the same method and template', () => {
    expect(() =>
      createRouter('/v1', [
        { method: 'GET', path: '/a/{x}' },
        { method: 'GET', path: '/a/{y}' },
      ]),
    ).toThrow('Duplicate route: GET /a/{y}');
  });
});
