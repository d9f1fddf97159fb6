import { beforeEach, describe, expect, it } from 'vitest';
import { headersFor } from '../__test-helpers__/callers.ts';
import { addPartner } from '../__test-helpers__/orgs.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';
import { budgetKey } from '../store/index.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const ORG_NOT_FOUND = { error: { message: 'Organization not found', type: 'not_found_error' } };
const SECRET_NOT_FOUND = { error: { message: 'Secret not found', type: 'not_found_error' } };
const flat = { error: expect.any(String) };

const LLM_KEY = { name: 'Anthropic', type: 'anthropic', value: 'sk-ant-0123456789', hostPattern: 'api.anthropic.com' };

let app: App;
let orgId: string;
let secretId: string;

function call(method: string, path: string, body?: unknown, headers = headersFor(app, 'partner')) {
  return app.request(method, `/v1${path}`, { headers, body });
}

async function createOrg(headers = headersFor(app, 'partner')): Promise<string> {
  return ((await call('POST', '/partner/orgs', { name: 'Acme' }, headers)).body as { organizationId: string }).organizationId;
}

async function createSecret(body: Record<string, unknown> = LLM_KEY, headers = headersFor(app, 'partner')): Promise<string> {
  return ((await call('POST', '/partner/secrets', body, headers)).body as { id: string }).id;
}

const budgetPath = (org = orgId, secret = secretId) => `/partner/orgs/${org}/secrets/${secret}/budget`;
const budgets = async (org = orgId) => (await call('GET', `/partner/orgs/${org}/budgets`)).body;

beforeEach(async () => {
  app = createApp();
  orgId = await createOrg();
  secretId = await createSecret();
});

const operations: [string, string, string, unknown][] = [
  ['listPartnerOrgBudgets', 'GET', '/partner/orgs/{org}/budgets', undefined],
  ['setPartnerOrgBudget', 'POST', '/partner/orgs/{org}/secrets/{secret}/budget', { limitCents: 500, period: 'monthly' }],
  ['clearPartnerOrgBudget', 'DELETE', '/partner/orgs/{org}/secrets/{secret}/budget', undefined],
];

describe('Partner Budgets: access on every operation', () => {
  const target = async (path: string) => {
    await call('POST', budgetPath(), { limitCents: 100, period: 'total' });
    return path.replace('{org}', orgId).replace('{secret}', secretId);
  };

  it.each(operations)('%s %s %s › succeeds for the partner key', async (_, method, path, body) => {
    const res = await call(method, await target(path), body);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  it.each(operations)('%s %s %s › 401 envelope for any other key, nothing changed', async (_, method, path, body) => {
    const url = await target(path);
    const before = await budgets();
    for (const headers of [{}, { Authorization: `Bearer oc_partner_${'0'.repeat(64)}` }, { Authorization: 'Bearer not-a-key' }, headersFor(app, 'project'), headersFor(app, 'org'), headersFor(app, 'member')]) {
      const res = await call(method, url, body, headers);
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
    expect(await budgets()).toEqual(before);
  });

  it.each(operations)('%s %s %s › unknown route off Cloud', async (_, method, path, body) => {
    for (const edition of ['enterprise', 'community'] as const) {
      app = createApp({ edition });
      const res = await call(method, path.replace('{org}', 'o').replace('{secret}', 's'), body);
      expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
    }
  });

  it.each(operations)('%s %s %s › 404 envelope for an unknown organization, another partner\'s, or one not partner-managed', async (_, method, path, body) => {
    const foreignOrg = await createOrg(addPartner(app).headers);
    for (const org of ['does-not-exist', foreignOrg, app.keys.orgId]) {
      const res = await call(method, path.replace('{org}', org).replace('{secret}', secretId), body);
      expect([org, res.status, res.body]).toEqual([org, 404, ORG_NOT_FOUND]);
    }
  });

  it.each(operations.filter(([, , path]) => path.includes('{secret}')))(
    '%s %s %s › 404 envelope for an unknown secret or another partner\'s',
    async (_, method, path, body) => {
      const foreignSecret = await createSecret(LLM_KEY, addPartner(app).headers);
      for (const secret of ['does-not-exist', foreignSecret]) {
        const res = await call(method, path.replace('{org}', orgId).replace('{secret}', secret), body);
        expect([secret, res.status, res.body]).toEqual([secret, 404, SECRET_NOT_FOUND]);
      }
      expect(await budgets()).toEqual([]);
    },
  );
});

describe('Partner Budgets: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, unknown, string]>([
    ['limitCents missing', { period: 'monthly' }, 'limitCents is required'],
    ['a fractional limitCents', { limitCents: 1.5, period: 'monthly' }, 'limitCents must be an integer (received number)'],
    ['an unknown period', { limitCents: 100, period: 'weekly' }, 'period must be one of: monthly, total (received "weekly")'],
  ])('setPartnerOrgBudget POST /partner/orgs/{orgId}/secrets/{secretId}/budget › %s', async (_, body, message) => {
    const before = storeSnapshot(app);
    const res = await call('POST', budgetPath(), body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Partner Budgets setPartnerOrgBudget / listPartnerOrgBudgets', () => {
  it('creates a budget (200 Budget) and lists it with its spend', async () => {
    const res = await call('POST', budgetPath(), { limitCents: 500, period: 'monthly' });
    const budget = { secretId, organizationId: orgId, limitCents: 500, period: 'monthly', spentCents: 0 };
    expect([res.status, res.body]).toEqual([200, budget]);
    expect(await budgets()).toEqual([budget]);
  });

  it('replaces the budget of the same organization and secret, keeping the spend', async () => {
    await call('POST', budgetPath(), { limitCents: 500, period: 'monthly' });
    app.store.partnerBudgets.get(budgetKey(orgId, secretId))!.spentCents = 320;
    const res = await call('POST', budgetPath(), { limitCents: 1000, period: 'total' });
    expect(res.body).toEqual({ secretId, organizationId: orgId, limitCents: 1000, period: 'total', spentCents: 320 });
    expect(await budgets()).toHaveLength(1);
  });

  it('keeps budgets per organization and per secret', async () => {
    const otherOrg = await createOrg();
    const otherSecret = await createSecret({ ...LLM_KEY, type: 'openai', hostPattern: 'api.openai.com' });
    await call('POST', budgetPath(), { limitCents: 1, period: 'monthly' });
    await call('POST', budgetPath(orgId, otherSecret), { limitCents: 2, period: 'monthly' });
    await call('POST', budgetPath(otherOrg, secretId), { limitCents: 3, period: 'total' });
    expect((await budgets()) as unknown[]).toHaveLength(2);
    expect(await budgets(otherOrg)).toEqual([{ secretId, organizationId: otherOrg, limitCents: 3, period: 'total', spentCents: 0 }]);
  });

  it.each([
    ['the minimum limit', { limitCents: 1, period: 'monthly' }],
    ['the maximum limit', { limitCents: 100000000, period: 'total' }],
    ['an integral float', { limitCents: 500.0, period: 'total' }],
    ['unknown extra keys', { limitCents: 5, period: 'total', currency: 'EUR' }],
  ])('accepts %s', async (_, body) => {
    expect((await call('POST', budgetPath(), body)).status).toBe(200);
  });

  it.each([
    ['no body', undefined],
    ['no limitCents', { period: 'monthly' }],
    ['no period', { limitCents: 500 }],
    ['a zero limit', { limitCents: 0, period: 'monthly' }],
    ['a negative limit', { limitCents: -5, period: 'monthly' }],
    ['a limit above 100000000', { limitCents: 100000001, period: 'monthly' }],
    ['a fractional limit', { limitCents: 1.5, period: 'monthly' }],
    ['a string limit', { limitCents: '500', period: 'monthly' }],
    ['an unknown period', { limitCents: 500, period: 'weekly' }],
  ])('400 flat for %s, validated before the look-ups', async (_, body) => {
    for (const path of [budgetPath(), budgetPath('nope', 'nope')]) {
      const res = await call('POST', path, body);
      expect([res.status, res.body]).toEqual([400, flat]);
    }
    expect(await budgets()).toEqual([]);
  });

  it('400 envelope for a generic (non-LLM) secret', async () => {
    const generic = await createSecret({ ...LLM_KEY, type: 'generic', injectionConfig: { headerName: 'X-Key' } });
    const res = await call('POST', budgetPath(orgId, generic), { limitCents: 500, period: 'monthly' });
    expect([res.status, res.body]).toEqual([
      400,
      { error: { message: 'Budgets can only be set on LLM keys (anthropic or openai secrets)', type: 'invalid_request_error' } },
    ]);
  });

  it('budgets go with a deleted organization', async () => {
    await call('POST', budgetPath(), { limitCents: 500, period: 'monthly' });
    await call('DELETE', `/partner/orgs/${orgId}`);
    expect(app.store.partnerBudgets.size).toBe(0);
  });
});

describe('Partner Budgets clearPartnerOrgBudget', () => {
  it('answers 204 and the budget is gone', async () => {
    await call('POST', budgetPath(), { limitCents: 500, period: 'monthly' });
    const res = await call('DELETE', budgetPath());
    expect([res.status, res.text]).toEqual([204, '']);
    expect(await budgets()).toEqual([]);
  });

  it('404 envelope when no budget is set', async () => {
    const res = await call('DELETE', budgetPath());
    expect([res.status, res.body]).toEqual([404, { error: { message: 'Budget not found', type: 'not_found_error' } }]);
  });
});
