import { beforeEach, describe, expect, it } from 'vitest';
import { headersFor, ISO_DATE_TIME, UUID } from '../__test-helpers__/callers.ts';
import { addPartner } from '../__test-helpers__/orgs.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { type App, createApp } from '../app.ts';

const INVALID_KEY = { error: { message: 'Invalid API key or token.', type: 'authentication_error' } };
const NOT_FOUND = { error: { message: 'Member not found', type: 'not_found_error' } };
const flat = { error: expect.any(String) };

interface Member {
  userId: string;
  email: string;
  role: string;
  createdAt: string;
}

/** A well-formed address of exactly `n` characters. */
const emailOfLength = (n: number) => `${'a'.repeat(n - '@example.com'.length)}@example.com`;

let app: App;

function call(method: string, path: string, body?: unknown, headers = headersFor(app, 'partner')) {
  return app.request(method, `/v1${path}`, { headers, body });
}

async function members(headers = headersFor(app, 'partner')): Promise<Member[]> {
  return (await call('GET', '/partner/members', undefined, headers)).body as Member[];
}

async function addMember(email = 'teammate@acme.com', role = 'member', headers = headersFor(app, 'partner')): Promise<string> {
  const res = await call('POST', '/partner/members', { email, role }, headers);
  expect(res.status).toBe(201);
  return (res.body as Member).userId;
}

async function ownerId(): Promise<string> {
  return (await members()).find((m) => m.role === 'owner')!.userId;
}

beforeEach(() => {
  app = createApp();
});

const operations: [string, string, string, unknown][] = [
  ['listPartnerMembers', 'GET', '/partner/members', undefined],
  ['addPartnerMember', 'POST', '/partner/members', { email: 'new@acme.com', role: 'admin' }],
  ['changePartnerMemberRole', 'PATCH', '/partner/members/{id}/role', { role: 'admin' }],
  ['removePartnerMember', 'DELETE', '/partner/members/{id}', undefined],
];

describe('Partner Members: access on every operation', () => {
  const withMember = async (path: string) => path.replace('{id}', await addMember());

  it.each(operations)('%s %s %s › succeeds for the partner key', async (_, method, path, body) => {
    const res = await call(method, await withMember(path), body);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
  });

  it.each(operations)('%s %s %s › 401 envelope for any other key, nothing changed', async (_, method, path, body) => {
    const target = await withMember(path);
    const before = await members();
    for (const headers of [{}, { Authorization: `Bearer oc_partner_${'0'.repeat(64)}` }, { Authorization: 'Bearer not-a-key' }, headersFor(app, 'project'), headersFor(app, 'org'), headersFor(app, 'member')]) {
      const res = await call(method, target, body, headers);
      expect([res.status, res.body]).toEqual([401, INVALID_KEY]);
    }
    expect(await members()).toEqual(before);
  });

  it.each(operations)('%s %s %s › unknown route off Cloud', async (_, method, path, body) => {
    for (const edition of ['enterprise', 'community'] as const) {
      app = createApp({ edition });
      const res = await call(method, path.replace('{id}', 'x'), body);
      expect([res.status, (res.body as { error: { type: string } }).error.type]).toEqual([404, 'invalid_request_error']);
    }
  });

  it.each(operations.filter(([, , path]) => path.includes('{id}')))(
    '%s %s %s › 404 envelope for an unknown member or another partner\'s',
    async (_, method, path, body) => {
      const other = addPartner(app);
      const foreign = await addMember('theirs@other.com', 'member', other.headers);
      for (const id of ['does-not-exist', foreign]) {
        const res = await call(method, path.replace('{id}', id), body);
        expect([id, res.status, res.body]).toEqual([id, 404, NOT_FOUND]);
      }
      expect((await members(other.headers)).map((m) => m.email)).toContain('theirs@other.com');
    },
  );
});

describe('Partner Members: route validation names the failing field (400 flat), nothing changed', () => {
  it.each<[string, string, string, string, unknown]>([
    ['addPartnerMember', 'POST', '/partner/members', 'email must be a valid email address', { email: 'not-an-email', role: 'member' }],
    ['addPartnerMember', 'POST', '/partner/members', 'role is required', { email: 'new@acme.com' }],
    ['changePartnerMemberRole', 'PATCH', '/partner/members/{id}/role', 'role must be one of: admin, member (received "owner")', { role: 'owner' }],
  ])('%s %s %s › 400 flat "%s"', async (_, method, path, message, body) => {
    const target = path.replace('{id}', await addMember());
    const before = storeSnapshot(app);
    const res = await call(method, target, body);
    expect([res.status, res.body]).toEqual([400, { error: message }]);
    expect(storeSnapshot(app)).toBe(before);
  });
});

describe('Partner Members listPartnerMembers / addPartnerMember', () => {
  it('starts with the partner owner', async () => {
    const res = await call('GET', '/partner/members');
    expect([res.status, res.body]).toEqual([
      200,
      [{ userId: expect.stringMatching(UUID), email: 'partner-owner@example.com', role: 'owner', createdAt: expect.stringMatching(ISO_DATE_TIME) }],
    ]);
    expect(await members()).toEqual(res.body);
  });

  it('adds a member (201 PartnerMember) listed after the owner', async () => {
    const res = await call('POST', '/partner/members', { email: 'teammate@acme.com', role: 'admin' });
    expect([res.status, res.body]).toEqual([
      201,
      { userId: expect.stringMatching(UUID), email: 'teammate@acme.com', role: 'admin', createdAt: expect.stringMatching(ISO_DATE_TIME) },
    ]);
    expect((await members()).map((m) => [m.email, m.role])).toEqual([
      ['partner-owner@example.com', 'owner'],
      ['teammate@acme.com', 'admin'],
    ]);
  });

  it('keeps members per partner', async () => {
    await addMember();
    const other = addPartner(app);
    expect((await members(other.headers)).map((m) => m.role)).toEqual(['owner']);
    await addMember('teammate@acme.com', 'member', other.headers);
  });

  it('409 envelope for an email already a member (case-insensitive)', async () => {
    await addMember('teammate@acme.com');
    for (const email of ['teammate@acme.com', 'TeamMate@ACME.com', 'partner-owner@example.com']) {
      const res = await call('POST', '/partner/members', { email, role: 'member' });
      expect([email, res.status, res.body]).toEqual([email, 409, { error: { message: 'This email is already a partner member', type: 'invalid_request_error' } }]);
    }
    expect(await members()).toHaveLength(2);
  });

  it.each([
    ['a plus address', 'first.last+tag@sub.example.co'],
    ['a 255-character address', emailOfLength(255)],
  ])('accepts %s', async (_, email) => {
    expect((await call('POST', '/partner/members', { email, role: 'member', extra: 1 })).status).toBe(201);
  });

  it.each([
    ['no body', undefined],
    ['no email', { role: 'member' }],
    ['no role', { email: 'a@b.co' }],
    ['a plain string email', { email: 'plainaddress', role: 'member' }],
    ['an email without domain', { email: 'user@', role: 'member' }],
    ['an email with a space', { email: 'user name@example.com', role: 'member' }],
    ['a 256-character email', { email: emailOfLength(256), role: 'member' }],
    ['the owner role', { email: 'a@b.co', role: 'owner' }],
    ['an unknown role', { email: 'a@b.co', role: 'viewer' }],
    ['a numeric email', { email: 5, role: 'member' }],
  ])('400 flat for %s, nobody added', async (_, body) => {
    const res = await call('POST', '/partner/members', body);
    expect([res.status, res.body]).toEqual([400, flat]);
    expect(await members()).toHaveLength(1);
  });
});

describe('Partner Members changePartnerMemberRole / removePartnerMember', () => {
  it('changes a role and answers {success: true}', async () => {
    const id = await addMember('m@acme.com', 'member');
    const res = await call('PATCH', `/partner/members/${id}/role`, { role: 'admin' });
    expect([res.status, res.body]).toEqual([200, { success: true }]);
    expect((await members()).find((m) => m.userId === id)!.role).toBe('admin');
  });

  it.each([
    ['no body', undefined],
    ['the owner role', { role: 'owner' }],
    ['an unknown role', { role: 'root' }],
  ])('change › 400 flat for %s, before the look-up', async (_, body) => {
    const id = await addMember();
    for (const target of [id, 'does-not-exist']) {
      const res = await call('PATCH', `/partner/members/${target}/role`, body);
      expect([res.status, res.body]).toEqual([400, flat]);
    }
  });

  it('403 envelope for the owner', async () => {
    const owner = await ownerId();
    const change = await call('PATCH', `/partner/members/${owner}/role`, { role: 'member' });
    expect([change.status, change.body]).toEqual([403, { error: { message: "The partner owner's role cannot be changed", type: 'authentication_error' } }]);
    const remove = await call('DELETE', `/partner/members/${owner}`);
    expect([remove.status, remove.body]).toEqual([403, { error: { message: 'The partner owner cannot be removed', type: 'authentication_error' } }]);
    expect((await members()).map((m) => m.role)).toEqual(['owner']);
  });

  it('removes a member with 204', async () => {
    const id = await addMember();
    const res = await call('DELETE', `/partner/members/${id}`);
    expect([res.status, res.text]).toEqual([204, '']);
    expect((await members()).map((m) => m.role)).toEqual(['owner']);
    expect((await call('DELETE', `/partner/members/${id}`)).status).toBe(404);
    await addMember();
  });
});
