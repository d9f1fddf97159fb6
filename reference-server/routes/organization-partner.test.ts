import { beforeEach, describe, expect, it } from 'vitest';
import { type Caller, headersFor, ISO_DATE_TIME } from '../__test-helpers__/callers.ts';
import { type App, createApp } from '../app.ts';
import { claimPartnerOrg } from '../store/index.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const FORBIDDEN = { error: { message: 'Insufficient permissions', type: 'authentication_error' } };
const badRequest = (message: string) => ({ error: { message, type: 'invalid_request_error' } });

const LLM_KEY = { name: 'Fallback', type: 'anthropic', value: 'sk-ant-0123456789', hostPattern: 'api.anthropic.com' };

interface Created {
  organizationId: string;
  orgApiKey: string;
  projectApiKey: string;
  claimUrl: string;
}

let app: App;
let managed: Created;
let managedHeaders: Record<string, string>;

function call(method: string, path: string, headers: Record<string, string>) {
  return app.request(method, `/v1${path}`, { headers });
}

const as = (caller: Caller) => headersFor(app, caller, false);

beforeEach(async () => {
  app = createApp();
  managed = (await app.request('POST', '/v1/partner/orgs', { headers: as('partner'), body: { name: 'Acme' } })).body as Created;
  managedHeaders = { Authorization: `Bearer ${managed.orgApiKey}` };
});

const operations: [string, string, string][] = [
  ['listInheritedPartnerSecrets', 'GET', '/org/partner/inherited-secrets'],
  ['getPartnerStatus', 'GET', '/org/partner/status'],
  ['detachFromPartner', 'POST', '/org/partner/detach'],
];

describe('Organization Partner: access on every operation', () => {
  it.each(operations)('%s %s %s › succeeds for the org key of a partner-managed organization', async (_, method, path) => {
    expect((await call(method, path, managedHeaders)).status).toBe(200);
  });

  it.each(operations)('%s %s %s › 401 envelope without a valid key or with the partner key', async (_, method, path) => {
    for (const headers of [{}, { Authorization: 'Bearer oc_org_nope' }, as('partner')]) {
      const res = await call(method, path, headers);
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
  });

  it.each(operations)('%s %s %s › unknown route off Cloud', async (_, method, path) => {
    for (const edition of ['enterprise', 'community'] as const) {
      app = createApp({ edition });
      const res = await call(method, path, as('org'));
      expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
    }
  });

  it('a plain member may read inherited secrets, but not the status nor detach', async () => {
    expect((await call('GET', '/org/partner/inherited-secrets', as('member'))).status).toBe(200);
    for (const [method, path] of [['GET', '/org/partner/status'], ['POST', '/org/partner/detach']] as const) {
      const res = await call(method, path, as('member'));
      expect([path, res.status, res.body]).toEqual([path, 403, FORBIDDEN]);
    }
  });
});

describe('Organization Partner getPartnerStatus', () => {
  it('reports an organization the partner did not create as not managed', async () => {
    const res = await call('GET', '/org/partner/status', as('org'));
    expect([res.status, res.body]).toEqual([200, { partnerManaged: false, detached: false }]);
    expect((await call('GET', '/org/partner/status', as('project'))).body).toEqual({ partnerManaged: false, detached: false });
  });

  it('reports a partner-managed organization, claimed or not, then detached', async () => {
    expect((await call('GET', '/org/partner/status', managedHeaders)).body).toEqual({ partnerManaged: true, detached: false });
    claimPartnerOrg(app.store, managed.claimUrl.split('/').pop()!, 'founder@acme.com');
    expect((await call('GET', '/org/partner/status', managedHeaders)).body).toEqual({ partnerManaged: true, detached: false });
    await call('POST', '/org/partner/detach', managedHeaders);
    expect((await call('GET', '/org/partner/status', managedHeaders)).body).toEqual({ partnerManaged: true, detached: true });
  });
});

describe('Organization Partner listInheritedPartnerSecrets', () => {
  it('lists the partner secrets while linked, as Secret objects without values', async () => {
    await app.request('POST', '/v1/partner/secrets', { headers: as('partner'), body: LLM_KEY });
    const res = await call('GET', '/org/partner/inherited-secrets', managedHeaders);
    expect([res.status, res.body]).toEqual([
      200,
      [
        {
          id: expect.any(String),
          name: 'Fallback',
          type: 'anthropic',
          valueSource: 'inline',
          opRef: null,
          hostPattern: 'api.anthropic.com',
          pathPattern: null,
          injectionConfig: null,
          metadata: null,
          scope: 'organization',
          typeLabel: 'Anthropic API Key',
          createdAt: expect.stringMatching(ISO_DATE_TIME),
        },
      ],
    ]);
    expect(JSON.stringify(res.body)).not.toContain(LLM_KEY.value);
  });

  it('is empty for an organization not partner-managed, and after a detach', async () => {
    await app.request('POST', '/v1/partner/secrets', { headers: as('partner'), body: LLM_KEY });
    expect((await call('GET', '/org/partner/inherited-secrets', as('org'))).body).toEqual([]);
    await call('POST', '/org/partner/detach', managedHeaders);
    expect((await call('GET', '/org/partner/inherited-secrets', managedHeaders)).body).toEqual([]);
  });
});

describe('Organization Partner detachFromPartner', () => {
  it('answers {success: true}; the partner sees the organization as detached', async () => {
    const res = await call('POST', '/org/partner/detach', managedHeaders);
    expect([res.status, res.body]).toEqual([200, { success: true }]);
    const org = (await app.request('GET', `/v1/partner/orgs/${managed.organizationId}`, { headers: as('partner') })).body;
    expect(org).toEqual(expect.objectContaining({ status: 'detached' }));
  });

  it('400 envelope for an organization not managed by a partner', async () => {
    const res = await call('POST', '/org/partner/detach', as('org'));
    expect([res.status, res.body]).toEqual([400, badRequest('This organization is not managed by a partner')]);
  });

  it('400 envelope when already detached', async () => {
    await call('POST', '/org/partner/detach', managedHeaders);
    const res = await call('POST', '/org/partner/detach', managedHeaders);
    expect([res.status, res.body]).toEqual([400, badRequest('This organization is already detached from its partner')]);
  });
});
