import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { caller, seedOrgConnection } from '../__test-helpers__/app-fixtures.ts';
import type { Caller } from '../__test-helpers__/callers.ts';
import { storeSnapshot } from '../__test-helpers__/store-snapshot.ts';
import { createApp, type App, type TestResponse } from '../app.ts';
import type { Edition } from '../edition.ts';
import { routes } from '../routes/index.ts';
import { startReferenceServer } from '../server.ts';
import { catalogApps } from '../store/index.ts';
import { faultIds, type FaultId } from './index.ts';
import { SECRET_TYPE_NOT_SUPPORTED } from './refuses-every-create.ts';
import { FAULT_SETS, expandFaults } from './sets.ts';
import { AT_LEAST_ONE_FIELD_MESSAGE, AT_LEAST_ONE_FIELD_OPERATIONS } from './strict-at-least-one-field.ts';
import { EMPTY_AS_MISSING_OPERATIONS } from './strict-empty-as-missing.ts';
import { HOST_PATTERN_MESSAGE, STRICT_HOST_PATTERN_OPERATIONS } from './strict-host-pattern.ts';
import { NOT_USABLE_PROVIDERS } from './strict-provider-not-available.ts';
import { RATE_LIMIT_PAIR_MESSAGE, RATE_LIMIT_PAIR_OPERATIONS } from './strict-rate-limit-pair.ts';
import { TRIM_OPERATIONS } from './strict-trim.ts';
import { UTF16_FIELDS } from './strict-utf16-length.ts';

const STRICT = 'strict-but-correct';

// ---------------------------------------------------------------- fixtures

const SECRET = { name: 'Anthropic', type: 'anthropic', value: 'sk-ant-0123456789', hostPattern: 'api.anthropic.com' };
const RULE = { name: 'Block deletes', hostPattern: 'api.github.com', method: 'DELETE', action: 'block', enabled: true };
const RATE_RULE = { name: 'Slow down', hostPattern: 'api.github.com', action: 'rate_limit', rateLimit: 10, rateLimitWindow: 'minute', enabled: true };
const AWS_KEYS = { fields: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret-example' } };
const LINEAR_EXAMPLE = { fields: { apiKey: 'sk-...' } };
const EMOJI = '\u{1F600}'; // one code point, two UTF-16 code units

/** Resources the requests of the tests name, made through the API as ordinary valid requests. */
interface Fixtures {
  agent: string;
  project: string;
  secret: string;
  rule: string;
  rateRule: string;
  connection: string;
  orgSecret?: string;
  orgRule?: string;
  orgRateRule?: string;
  orgConnection?: string;
  partnerSecret?: string;
  partnerOrg?: string;
  partnerMember?: string;
}

async function created(res: Promise<TestResponse>, key = 'id'): Promise<string> {
  const { status, body } = await res;
  expect(status, JSON.stringify(body)).toBeLessThan(300);
  return (body as Record<string, string>)[key]!;
}

/** Makes the fixtures; organization ones where the edition serves /org, partner ones on Cloud. */
async function fixtures(app: App): Promise<Fixtures> {
  const call = caller(app);
  const project = app.keys.projectId;
  const agent = [...app.store.agents.values()].find((a) => a.projectId === project)!.id;
  await created(call('POST', '/apps/linear/connect', { fields: { apiKey: 'lin_api_fixture' }, label: 'Fixture' }), 'success');
  const connections = (await call('GET', '/connections')).body as { id: string; provider: string }[];
  const f: Fixtures = {
    agent,
    project,
    secret: await created(call('POST', '/secrets', SECRET)),
    rule: await created(call('POST', '/rules', RULE)),
    rateRule: await created(call('POST', '/rules', RATE_RULE)),
    connection: connections.find((c) => c.provider === 'linear')!.id,
  };
  if (app.edition !== 'community') {
    f.orgSecret = await created(call('POST', '/org/secrets', SECRET, 'org'));
    f.orgRule = await created(call('POST', '/org/rules', RULE, 'org'));
    f.orgRateRule = await created(call('POST', '/org/rules', RATE_RULE, 'org'));
    f.orgConnection = seedOrgConnection(app, 'linear', 'Shared');
  }
  if (app.edition === 'cloud') {
    f.partnerSecret = await created(call('POST', '/partner/secrets', SECRET, 'partner'));
    f.partnerOrg = await created(call('POST', '/partner/orgs', { name: 'Client' }, 'partner'), 'organizationId');
    f.partnerMember = await created(call('POST', '/partner/members', { email: 'member@example.com', role: 'member' }, 'partner'), 'userId');
  }
  return f;
}

/** `{name}` placeholders of a test path replaced by the fixtures. */
function fill(path: string, f: Fixtures): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = f[name as keyof Fixtures];
    if (value === undefined) throw new Error(`no fixture ${name}`);
    return value;
  });
}

// ---------------------------------------------------------------- one case per rule and operation

type Req = readonly [method: string, path: string, body: unknown, who?: Caller];

interface StrictCase {
  fault: FaultId;
  what: string;
  refused: Req;
  message: string;
  /** The correct server's status for the refused request: 2xx where the fault is stricter, 400 where both refuse. */
  correct: number;
  /** A request of the same operation, ordinary and valid, that the fault lets through. */
  neighbour: Req;
  edition?: Edition;
}

const small = (field: string, min: number) => `${field}: Too small: expected string to have >=${min} characters`;
const big = (field: string, max: number) => `${field}: Too big: expected string to have <=${max} characters`;

const CASES: StrictCase[] = [
  // strict-trim
  {
    fault: 'strict-trim',
    what: 'createAgent, whitespace-only name',
    refused: ['POST', '/agents', { name: '   ', identifier: 'blank' }],
    message: small('name', 1),
    correct: 201,
    neighbour: ['POST', '/agents', { name: 'Agent', identifier: 'agent' }],
  },
  {
    fault: 'strict-trim',
    what: 'updateSecret, whitespace-only name',
    refused: ['PATCH', '/secrets/{secret}', { name: ' \t ' }],
    message: small('name', 1),
    correct: 200,
    neighbour: ['PATCH', '/secrets/{secret}', { name: 'Renamed' }],
  },
  {
    fault: 'strict-trim',
    what: 'createRule, whitespace-only name',
    refused: ['POST', '/rules', { ...RULE, name: '\n' }],
    message: small('name', 1),
    correct: 201,
    neighbour: ['POST', '/rules', RULE],
  },
  {
    fault: 'strict-trim',
    what: 'updateOrgRule, whitespace-only name',
    refused: ['PATCH', '/org/rules/{orgRule}', { name: '  ' }, 'org'],
    message: small('name', 1),
    correct: 200,
    neighbour: ['PATCH', '/org/rules/{orgRule}', { name: 'Renamed' }, 'org'],
  },
  {
    fault: 'strict-trim',
    what: 'updateUser, a no-break space as name',
    refused: ['PATCH', '/user', { name: '\u00a0' }],
    message: small('name', 1),
    correct: 200,
    neighbour: ['PATCH', '/user', { name: 'Ada' }],
  },
  {
    fault: 'strict-trim',
    what: 'renameConnection, whitespace-only label',
    refused: ['PATCH', '/connections/{connection}', { label: '  ' }],
    message: small('label', 1),
    correct: 200,
    neighbour: ['PATCH', '/connections/{connection}', { label: 'Work' }],
  },
  {
    fault: 'strict-trim',
    what: 'createProject, one character inside spaces',
    refused: ['POST', '/projects', { name: ' a ' }, 'org'],
    message: small('name', 2),
    correct: 201,
    neighbour: ['POST', '/projects', { name: 'Staging' }, 'org'],
  },
  // strict-utf16-length
  {
    fault: 'strict-utf16-length',
    what: 'createAgent, 255 code points with an emoji',
    refused: ['POST', '/agents', { name: EMOJI + 'x'.repeat(254), identifier: 'emoji' }],
    message: big('name', 255),
    correct: 201,
    neighbour: ['POST', '/agents', { name: 'x'.repeat(255), identifier: 'long' }],
  },
  {
    fault: 'strict-utf16-length',
    what: 'createRule, a condition value of 501 emoji',
    refused: ['POST', '/rules', { ...RULE, conditions: [{ target: 'body', operator: 'contains', value: EMOJI.repeat(501) }] }],
    message: big('conditions.0.value', 1000),
    correct: 201,
    neighbour: ['POST', '/rules', { ...RULE, conditions: [{ target: 'body', operator: 'contains', value: EMOJI.repeat(500) }] }],
  },
  {
    fault: 'strict-utf16-length',
    what: 'updateOrgSecret, a value of 5001 emoji',
    refused: ['PATCH', '/org/secrets/{orgSecret}', { value: EMOJI.repeat(5001) }, 'org'],
    message: big('value', 10_000),
    correct: 200,
    neighbour: ['PATCH', '/org/secrets/{orgSecret}', { value: EMOJI.repeat(5000) }, 'org'],
  },
  {
    fault: 'strict-utf16-length',
    what: 'createPartnerProject, 26 emoji',
    refused: ['POST', '/partner/orgs/{partnerOrg}/projects', { name: EMOJI.repeat(26) }, 'partner'],
    message: big('name', 50),
    correct: 201,
    neighbour: ['POST', '/partner/orgs/{partnerOrg}/projects', { name: EMOJI.repeat(25) }, 'partner'],
  },
  // strict-empty-as-missing
  {
    fault: 'strict-empty-as-missing',
    what: 'createSecret, hostPattern ""',
    refused: ['POST', '/secrets', { ...SECRET, hostPattern: '' }],
    message: 'hostPattern: Required',
    correct: 201,
    neighbour: ['POST', '/secrets', SECRET],
  },
  {
    fault: 'strict-empty-as-missing',
    what: 'createSecret, a 1Password secret with opRef ""',
    refused: ['POST', '/secrets', { name: 'Vaulted', type: 'anthropic', valueSource: 'onepassword', opRef: '', hostPattern: 'api.anthropic.com' }],
    message: 'opRef: Required',
    correct: 201,
    neighbour: ['POST', '/secrets', { name: 'Vaulted', type: 'anthropic', valueSource: 'onepassword', opRef: 'op://vault/item/key', hostPattern: 'api.anthropic.com' }],
  },
  {
    fault: 'strict-empty-as-missing',
    what: 'createOrgRule, hostPattern ""',
    refused: ['POST', '/org/rules', { ...RULE, hostPattern: '' }, 'org'],
    message: 'hostPattern: Required',
    correct: 201,
    neighbour: ['POST', '/org/rules', RULE, 'org'],
  },
  {
    fault: 'strict-empty-as-missing',
    what: 'createPartnerSecret, hostPattern ""',
    refused: ['POST', '/partner/secrets', { ...SECRET, hostPattern: '' }, 'partner'],
    message: 'hostPattern: Required',
    correct: 201,
    neighbour: ['POST', '/partner/secrets', SECRET, 'partner'],
  },
  {
    fault: 'strict-empty-as-missing',
    what: 'migrateExport, cloudApiKey ""',
    refused: ['POST', '/migrate/export', { cloudApiKey: '' }],
    message: 'cloudApiKey: Required',
    correct: 400,
    neighbour: ['POST', '/migrate/export', { cloudApiKey: 'oc_...' }],
    edition: 'enterprise',
  },
  // strict-at-least-one-field
  ...(
    [
      ['updateOrgSecret', '/org/secrets/{orgSecret}', 'org', 200],
      ['updateOrgRule', '/org/rules/{orgRule}', 'org', 200],
      ['updatePartnerSecret', '/partner/secrets/{partnerSecret}', 'partner', 200],
      ['updateSecret', '/secrets/{secret}', 'project', 400],
      ['updateRule', '/rules/{rule}', 'project', 400],
      ['updateProject', '/projects/{project}', 'org', 400],
    ] as const
  ).map(
    ([operationId, path, who, correct]): StrictCase => ({
      fault: 'strict-at-least-one-field',
      what: `${operationId}, {}`,
      refused: ['PATCH', path, {}, who],
      message: AT_LEAST_ONE_FIELD_MESSAGE,
      correct,
      neighbour: ['PATCH', path, { name: 'Renamed' }, who],
    }),
  ),
  // strict-rate-limit-pair
  {
    fault: 'strict-rate-limit-pair',
    what: 'createRule, rate_limit without a window',
    refused: ['POST', '/rules', { ...RULE, action: 'rate_limit', rateLimit: 10 }],
    message: RATE_LIMIT_PAIR_MESSAGE,
    correct: 400,
    neighbour: ['POST', '/rules', RATE_RULE],
  },
  {
    fault: 'strict-rate-limit-pair',
    what: 'updateRule, rate_limit with a new limit and no window, on a rule that has one',
    refused: ['PATCH', '/rules/{rateRule}', { action: 'rate_limit', rateLimit: 20 }],
    message: RATE_LIMIT_PAIR_MESSAGE,
    correct: 200,
    neighbour: ['PATCH', '/rules/{rateRule}', { action: 'rate_limit', rateLimit: 5, rateLimitWindow: 'hour' }],
  },
  {
    fault: 'strict-rate-limit-pair',
    what: 'createOrgRule, rate_limit without a limit',
    refused: ['POST', '/org/rules', { ...RULE, action: 'rate_limit', rateLimitWindow: 'hour' }, 'org'],
    message: RATE_LIMIT_PAIR_MESSAGE,
    correct: 400,
    neighbour: ['POST', '/org/rules', RATE_RULE, 'org'],
  },
  {
    fault: 'strict-rate-limit-pair',
    what: 'updateOrgRule, rate_limit with a new limit and no window, on a rule that has one',
    refused: ['PATCH', '/org/rules/{orgRateRule}', { action: 'rate_limit', rateLimit: 20 }, 'org'],
    message: RATE_LIMIT_PAIR_MESSAGE,
    correct: 200,
    neighbour: ['PATCH', '/org/rules/{orgRateRule}', { enabled: false }, 'org'],
  },
  // strict-host-pattern
  {
    fault: 'strict-host-pattern',
    what: 'createSecret, a URL as hostPattern',
    refused: ['POST', '/secrets', { ...SECRET, hostPattern: 'https://api.anthropic.com' }],
    message: HOST_PATTERN_MESSAGE,
    correct: 201,
    neighbour: ['POST', '/secrets', { ...SECRET, hostPattern: '*.anthropic.com' }],
  },
  {
    fault: 'strict-host-pattern',
    what: 'updateRule, a host with a port',
    refused: ['PATCH', '/rules/{rule}', { hostPattern: 'api.github.com:443' }],
    message: HOST_PATTERN_MESSAGE,
    correct: 200,
    neighbour: ['PATCH', '/rules/{rule}', { hostPattern: 'uploads.github.com' }],
  },
  {
    fault: 'strict-host-pattern',
    what: 'createOrgSecret, spaces in hostPattern',
    refused: ['POST', '/org/secrets', { ...SECRET, hostPattern: 'api anthropic com' }, 'org'],
    message: HOST_PATTERN_MESSAGE,
    correct: 201,
    neighbour: ['POST', '/org/secrets', SECRET, 'org'],
  },
  {
    fault: 'strict-host-pattern',
    what: 'addBlocklistEntry, a bare * as hostPattern',
    refused: ['POST', '/apps/github/blocklist', { name: 'Everything', hostPattern: '*' }],
    message: HOST_PATTERN_MESSAGE,
    correct: 201,
    neighbour: ['POST', '/apps/github/blocklist', { name: 'Raw content', hostPattern: '*.githubusercontent.com' }],
  },
  {
    fault: 'strict-host-pattern',
    what: 'addOrgBlocklistEntry, a path in hostPattern',
    refused: ['POST', '/org/apps/github/blocklist', { name: 'Gists', hostPattern: 'github.com/gists' }, 'org'],
    message: HOST_PATTERN_MESSAGE,
    correct: 201,
    neighbour: ['POST', '/org/apps/github/blocklist', { name: 'Gists', hostPattern: 'gist.github.com' }, 'org'],
  },
  // strict-provider-not-available
  {
    fault: 'strict-provider-not-available',
    what: 'connectApp, aws with its access key',
    refused: ['POST', '/apps/aws/connect', AWS_KEYS],
    message: 'Provider "aws" is not available',
    correct: 200,
    neighbour: ['POST', '/apps/linear/connect', LINEAR_EXAMPLE],
  },
  {
    fault: 'strict-provider-not-available',
    what: 'connectOrgApp, aws with its access key',
    refused: ['POST', '/org/apps/aws/connect', AWS_KEYS, 'org'],
    message: 'Provider "aws" is not available',
    correct: 200,
    neighbour: ['POST', '/org/apps/linear/connect', LINEAR_EXAMPLE, 'org'],
  },
  {
    fault: 'strict-provider-not-available',
    what: 'authorizeApp, salesforce',
    refused: ['GET', '/apps/salesforce/authorize', undefined],
    message: 'Provider "salesforce" is not available',
    correct: 400,
    neighbour: ['GET', '/apps/github/authorize', undefined],
  },
  {
    fault: 'strict-provider-not-available',
    what: 'authorizeOrgApp, aws',
    refused: ['GET', '/org/apps/aws/authorize', undefined, 'org'],
    message: 'Provider "aws" is not available',
    correct: 400,
    neighbour: ['GET', '/org/apps/github/authorize', undefined, 'org'],
  },
];

describe('strict faults', () => {
  it.each(CASES)('$fault › $what: 400 flat, the correct server answers otherwise or refuses too; the neighbour passes; nothing changed', async (c) => {
    const send = (app: App, f: Fixtures, [method, path, body, who]: Req) => caller(app)(method, fill(path, f), body, who);
    const correct = createApp({ edition: c.edition });
    const correctFixtures = await fixtures(correct);
    const before = await send(correct, correctFixtures, c.refused);
    expect(before.status, JSON.stringify(before.body)).toBe(c.correct);
    expect(before.body).not.toEqual({ error: c.message });

    const app = createApp({ edition: c.edition, faults: [c.fault] });
    const f = await fixtures(app);
    const snapshot = storeSnapshot(app);
    const refused = await send(app, f, c.refused);
    expect([refused.status, refused.body]).toEqual([400, { error: c.message }]);
    expect(storeSnapshot(app)).toBe(snapshot);
    // authentication first: no key, the usual 401
    const [method, path, body] = c.refused;
    expect((await app.request(method, `/v1${fill(path, f)}`, { body })).status).toBe(401);

    const neighbour = await send(app, f, c.neighbour);
    expect(neighbour.status, JSON.stringify(neighbour.body)).toBeGreaterThanOrEqual(200);
    expect(neighbour.status, JSON.stringify(neighbour.body)).toBeLessThan(400);
  });

  it('covers every fault of the set with at least one case', () => {
    expect(new Set(CASES.map((c) => c.fault))).toEqual(new Set(FAULT_SETS[STRICT]));
  });

  it('each fault checks only operations the reference server routes', () => {
    const routed = new Set(routes.map((r) => r.operationId));
    const checked = [
      ...TRIM_OPERATIONS,
      ...Object.keys(UTF16_FIELDS),
      ...EMPTY_AS_MISSING_OPERATIONS,
      ...AT_LEAST_ONE_FIELD_OPERATIONS,
      ...RATE_LIMIT_PAIR_OPERATIONS,
      ...STRICT_HOST_PATTERN_OPERATIONS,
    ];
    expect(checked.filter((op) => !routed.has(op))).toEqual([]);
    expect(NOT_USABLE_PROVIDERS).toEqual(['aws', 'salesforce']);
  });

  it('a request broken in another way keeps a 400; a body that is not an object is left to the route', async () => {
    const app = createApp({ faults: [STRICT] });
    const call = caller(app);
    // whitespace-only name and no identifier: both servers refuse; the strict one with its own message first
    expect(await call('POST', '/agents', { name: ' ' })).toMatchObject({ status: 400, body: { error: small('name', 1) } });
    expect(await call('POST', '/agents', null)).toMatchObject({ status: 400, body: { error: 'body must be a JSON object (received null)' } });
    // not a string: the route's own message
    expect((await call('POST', '/secrets', { ...SECRET, hostPattern: 7 })).body).toEqual({ error: 'hostPattern must be a string (received number)' });
  });
});

describe('fault sets', () => {
  it('strict-but-correct is the seven strict faults, all registered, none of the others', () => {
    expect(FAULT_SETS[STRICT]).toEqual([
      'strict-trim',
      'strict-utf16-length',
      'strict-empty-as-missing',
      'strict-at-least-one-field',
      'strict-rate-limit-pair',
      'strict-host-pattern',
      'strict-provider-not-available',
    ]);
    expect(FAULT_SETS[STRICT].filter((id) => !faultIds.includes(id))).toEqual([]);
    expect(faultIds.filter((id) => id.startsWith('strict-'))).toEqual(FAULT_SETS[STRICT]);
  });

  it('expands a set name in place, drops repeats, and refuses an unknown name naming the faults and the sets', () => {
    expect(expandFaults(['auth-401-flat', STRICT, 'strict-trim'])).toEqual(['auth-401-flat', ...FAULT_SETS[STRICT]]);
    expect(() => expandFaults(['strict-but-wrong'])).toThrow(
      /^Unknown fault "strict-but-wrong"; known faults: auth-401-flat, .*strict-provider-not-available.*; fault sets: strict-but-correct$/,
    );
    expect(() => createApp({ faults: ['nope'] })).toThrow(/fault sets: strict-but-correct/);
  });

  it('createApp and startReferenceServer take the set name', async () => {
    const app = createApp({ faults: [STRICT] });
    const res = await caller(app)('POST', '/agents', { name: ' ', identifier: 'blank' });
    expect(res.body).toEqual({ error: small('name', 1) });

    const server = await startReferenceServer({ faults: [STRICT] });
    try {
      const wire = await fetch(`${server.baseUrl}/rules`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${server.keys.projectKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...RULE, hostPattern: 'http://x' }),
      });
      expect([wire.status, await wire.json()]).toEqual([400, { error: HOST_PATTERN_MESSAGE }]);
    } finally {
      await server.close();
    }
    await expect(startReferenceServer({ faults: ['nope'] })).rejects.toThrow(/fault sets: strict-but-correct/);
  });
});

describe('refuses-every-create', () => {
  it('createSecret answers 400 flat "Secret type not supported" to any object body, valid or not, and stores nothing', async () => {
    const app = createApp({ faults: ['refuses-every-create'] });
    const call = caller(app);
    const snapshot = storeSnapshot(app);
    for (const body of [SECRET, { ...SECRET, type: 'openai' }, {}, { name: 'x' }]) {
      expect(await call('POST', '/secrets', body)).toMatchObject({ status: 400, body: { error: SECRET_TYPE_NOT_SUPPORTED } });
    }
    expect(storeSnapshot(app)).toBe(snapshot);
    expect((await call('GET', '/secrets')).body).toEqual([]);
    // not an object: the route's own refusal; no key: 401; the other operations as usual
    expect((await call('POST', '/secrets', [])).body).toEqual({ error: 'body must be a JSON object (received array)' });
    expect((await app.request('POST', '/v1/secrets', { body: SECRET })).status).toBe(401);
    expect((await call('POST', '/org/secrets', SECRET, 'org')).status).toBe(201);
    expect((await call('POST', '/agents', { name: 'Agent', identifier: 'agent' })).status).toBe(201);
  });
});

// ---------------------------------------------------------------- the documented examples

type Schema = Record<string, unknown>;

const contract = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: Schema }>>;
};

function resolve(schema: unknown): Schema | undefined {
  let s = schema as Schema | undefined;
  while (s && typeof s['$ref'] === 'string') {
    s = (s['$ref'] as string).split('/').slice(1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, contract);
  }
  return s;
}

function exampleOf(s: Schema): unknown {
  if (s['example'] !== undefined) return s['example'];
  return Array.isArray(s['examples']) && s['examples'].length ? s['examples'][0] : undefined;
}

/** Whether the schema documents an example for itself or for anything inside it. */
function hasExample(schema: unknown): boolean {
  const s = resolve(schema);
  if (!s) return false;
  if (exampleOf(s) !== undefined) return true;
  const nested = [...Object.values((s['properties'] as Schema | undefined) ?? {}), ...((s['oneOf'] as unknown[] | undefined) ?? []), ...(s['items'] ? [s['items']] : [])];
  return nested.some(hasExample);
}

/**
 * The documented example of a body as the suite's examples phase builds it: every example the schema gives,
 * required parts without one filled with plain values, optional parts without one left out.
 */
function documented(schema: unknown): unknown {
  const s = resolve(schema) ?? {};
  const example = exampleOf(s);
  if (example !== undefined) return structuredClone(example);
  if (Array.isArray(s['oneOf'])) return documented(s['oneOf'][0]);
  if (Array.isArray(s['enum'])) return s['enum'].find((v) => v !== null);
  const type = Array.isArray(s['type']) ? s['type'][0] : s['type'];
  if (type === 'object' || s['properties']) {
    const required = new Set((s['required'] as string[] | undefined) ?? []);
    const out: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries((s['properties'] as Schema | undefined) ?? {})) {
      if (required.has(key) || hasExample(sub)) out[key] = documented(sub);
    }
    for (const key of required) if (!(key in out)) out[key] = true; // a required name no property describes (toggle bodies: enabled)
    return out;
  }
  if (type === 'array') return (s['minItems'] as number | undefined) ? [documented(s['items'])] : [];
  if (type === 'boolean') return true;
  if (type === 'integer' || type === 'number') return (s['minimum'] as number | undefined) ?? 1;
  if (s['format'] === 'email') return 'teammate@example.com';
  if (s['format'] === 'uri') return 'https://example.com';
  return 'plain'.padEnd((s['minLength'] as number | undefined) ?? 0, 'x');
}

interface ExampleOperation {
  operationId: string;
  method: string;
  path: string;
  body: unknown;
  /** Whether openapi.yaml gives the body an example anywhere; otherwise only its required parts are sent. */
  documentedExample: boolean;
}

const EXAMPLE_OPERATIONS: ExampleOperation[] = Object.entries(contract.paths).flatMap(([path, item]) =>
  Object.entries(item).flatMap(([method, op]): ExampleOperation[] => {
    if (!op.operationId) return [];
    const media = (resolve(op.requestBody)?.['content'] as Record<string, Schema> | undefined)?.['application/json'];
    if (!media && !path.includes('{provider}')) return [];
    const body = !media ? undefined : media['example'] ?? documented(media['schema']);
    return [{ operationId: op.operationId, method: method.toUpperCase(), path, body, documentedExample: !!media && (media['example'] !== undefined || hasExample(media['schema'])) }];
  }),
);

/** A path template bound to the fixtures (ids nothing names: `nope`, a 404 on both servers). */
function bind(path: string, f: Fixtures, provider: string): string {
  const org = path.startsWith('/org/');
  const partner = path.startsWith('/partner/');
  const byName: Record<string, string | undefined> = {
    provider,
    agentId: f.agent,
    projectId: f.project,
    secretId: org ? f.orgSecret : partner ? f.partnerSecret : f.secret,
    ruleId: path.includes('/blocklist/') ? 'nope' : org ? f.orgRule : f.rule,
    connectionId: org ? f.orgConnection : f.connection,
    orgId: f.partnerOrg,
    userId: f.partnerMember,
  };
  return path.replace(/\{(\w+)\}/g, (_, name: string) => byName[name] ?? 'nope');
}

const STRICT_MESSAGE = /^(.+: Too (small|big): expected string|.+: Required$|At least one field must be provided$|rateLimit and rateLimitWindow|hostPattern: Invalid hostname pattern$|Provider ".+" is not available$)/;

describe('strict-but-correct › documented examples', () => {
  it('finds the operations with documented examples', () => {
    expect(EXAMPLE_OPERATIONS.filter((op) => op.documentedExample).map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['createAgent', 'renameAgent', 'createSecret', 'createRule', 'createProject', 'connectApp', 'connectOrgApp', 'migrateExport']),
    );
  });

  it.each(EXAMPLE_OPERATIONS)('$operationId $method $path: answered as the correct server answers it', async (op) => {
    const route = routes.find((r) => r.operationId === op.operationId)!;
    const edition: Edition = !route.editions || route.editions.includes('cloud') ? 'cloud' : route.editions[0]!;
    const who: Caller = route.auth === 'partner' ? 'partner' : route.auth.startsWith('org-') ? 'org' : 'project';
    const correct = createApp({ edition });
    const strict = createApp({ edition, faults: [STRICT] });
    const [correctFixtures, strictFixtures] = [await fixtures(correct), await fixtures(strict)];
    const providers = op.path.includes('{provider}') ? catalogApps().map((a) => a.id) : [''];
    const accepted: string[] = [];
    for (const provider of providers) {
      const expected = await caller(correct)(op.method, bind(op.path, correctFixtures, provider), op.body, who);
      const got = await caller(strict)(op.method, bind(op.path, strictFixtures, provider), op.body, who);
      const label = `${provider || op.path} ${JSON.stringify(op.body)}: correct ${expected.status} ${JSON.stringify(expected.body)}, strict ${got.status} ${JSON.stringify(got.body)}`;
      const emptyPatch = !op.documentedExample && AT_LEAST_ONE_FIELD_OPERATIONS.includes(op.operationId);
      if (emptyPatch) {
        // No example documented: the body built from required parts is {}, which strict-at-least-one-field refuses by design.
        expect(op.body, label).toEqual({});
        expect([got.status, got.body], label).toEqual([400, { error: AT_LEAST_ONE_FIELD_MESSAGE }]);
        continue;
      }
      expect(got.status, label).toBe(expected.status);
      if (expected.status < 400) accepted.push(provider);
      // A strict refusal only where the correct server refuses too: a provider not usable here.
      const message = (got.body as { error?: unknown } | undefined)?.error;
      if (typeof message === 'string' && STRICT_MESSAGE.test(message) && message !== (expected.body as { error?: unknown }).error) {
        expect(NOT_USABLE_PROVIDERS, label).toContain(provider);
      }
    }
    // The example is accepted where the docs show it working: the connect operations with linear, authorize with github.
    if (/^connect(Org)?App$/.test(op.operationId)) expect(accepted).toContain('linear');
    if (/^authorize(Org)?App$/.test(op.operationId)) expect(accepted).toContain('github');
  });
});
