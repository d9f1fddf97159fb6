import { describe, expect, it } from 'vitest';
import { headersFor } from './__test-helpers__/callers.ts';
import { createApp } from './app.ts';
import { json } from './http.ts';
import type { RouteDef } from './routes/types.ts';

const unknownRoute = (method: string, path: string) => ({
  error: {
    message: `Unrecognized request URL (${method}: ${path}). Please see https://onecli.sh/docs/api-reference for available endpoints.`,
    type: 'invalid_request_error',
  },
});

describe('app', () => {
  it.each([
    ['GET', '/v1/nope', '/v1/nope'],
    ['GET', '/agents', '/agents'],
    ['GET', '/v1/agents/', '/v1/agents/'],
    ['DELETE', '/v1/agents', '/v1/agents'],
    ['PUT', '/v1/health?x=1', '/v1/health'],
    ['POST', '/v1/agents/default', '/v1/agents/default'],
    ['HEAD', '/v1/health', '/v1/health'],
  ])('answers %s %s with the unknown-route 404 envelope', async (method, url, path) => {
    const app = createApp();
    const res = await app.request(method, url, { headers: headersFor(app, 'project') });
    expect([res.status, res.body]).toEqual([404, unknownRoute(method, path)]);
  });

  it('answers an unknown route 404 before (without) authentication', async () => {
    const res = await createApp().request('GET', '/v1/nope');
    expect(res.status).toBe(404);
  });

  it('authenticates before validating the body', async () => {
    const app = createApp();
    const res = await app.request('POST', '/v1/agents', { body: '{bad' });
    expect(res.status).toBe(401);
    expect(app.store.agents.size).toBe(1);
  });

  it('sends JSON with a UTF-8 content type', async () => {
    const res = await createApp().request('GET', '/v1/health');
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('turns an unexpected throw in a handler into the 500 envelope', async () => {
    const routes: RouteDef[] = [
      {
        method: 'GET',
        path: '/boom',
        operationId: 'boom',
        auth: 'public',
        handler: () => {
          throw new TypeError('x is undefined');
        },
      },
    ];
    const res = await createApp({ routes }).request('GET', '/v1/boom');
    expect([res.status, res.body]).toEqual([
      500,
      { error: { message: 'An unexpected error occurred.', type: 'api_error' } },
    ]);
  });

  it('serves a route only in the editions it names', async () => {
    const routes: RouteDef[] = [
      { method: 'GET', path: '/cloud-only', operationId: 'c', auth: 'public', editions: ['cloud'], handler: () => json(200, {}) },
    ];
    expect((await createApp({ routes, edition: 'cloud' }).request('GET', '/v1/cloud-only')).status).toBe(200);
    expect((await createApp({ routes, edition: 'community' }).request('GET', '/v1/cloud-only')).status).toBe(404);
  });

  it('keeps each instance isolated, with its own random keys', async () => {
    const a = createApp();
    const b = createApp();
    expect(a.keys.projectKey).not.toBe(b.keys.projectKey);
    await a.request('POST', '/v1/agents', { headers: headersFor(a, 'project'), body: { name: 'A', identifier: 'a' } });
    expect(a.store.agents.size).toBe(2);
    expect(b.store.agents.size).toBe(1);
    const cross = await b.request('GET', '/v1/agents', { headers: headersFor(a, 'project') });
    expect(cross.status).toBe(401);
  });

  it('seeds keys in the documented formats', () => {
    const { keys } = createApp();
    expect(keys.projectKey).toMatch(/^oc_[0-9a-f]{64}$/);
    expect(keys.orgKey).toMatch(/^oc_org_[0-9a-f]{64}$/);
    expect(keys.orgMemberKey).toMatch(/^oc_org_[0-9a-f]{64}$/);
    expect(keys.partnerKey).toMatch(/^oc_partner_[0-9a-f]{64}$/);
    expect(new Set(Object.values(keys)).size).toBe(6);
  });

  it('counts requests, by method', async () => {
    const app = createApp();
    await app.request('GET', '/v1/health');
    await app.request('get', '/v1/health');
    await app.request('POST', '/v1/nope');
    expect(app.requestCount()).toBe(3);
    expect(app.requestsByMethod()).toEqual({ GET: 2, POST: 1 });
  });

  it('refuses an unknown fault id, naming the known ones', () => {
    expect(() => createApp({ faults: ['no-such-fault'] })).toThrow(/Unknown fault "no-such-fault"; known faults: auth-401-flat, /);
  });
});
