import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import type { RequestCase } from '../../generators/requests/types';
import { requestSize, simplifyRequest, type SimplifyOptions } from './simplify';

const ajv = new Ajv2020({ strict: false, allErrors: true });
const bodySchema = {
  type: 'object',
  required: ['name', 'kind'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    kind: { enum: ['agent', 'tool'] },
    note: { type: 'string', minLength: 1 },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 5 },
    limits: { type: 'object', properties: { count: { type: 'integer', minimum: 1 }, ratio: { type: 'number' } } },
    enabled: { type: 'boolean' },
  },
};
const querySchema = { type: 'object', properties: { verbose: { type: 'string' }, page: { type: 'integer', minimum: 1 } } };
const validBody = ajv.compile(bodySchema);
const validQuery = ajv.compile(querySchema);

const astral = (n: number) => '\u{1F600}'.repeat(n);
const printable = /^[\x20-\x7e]*$/;
const bodyOf = (c: RequestCase) => (c.body as { value: Record<string, unknown> }).value;

/** As run-phase builds it for a valid case: the request still satisfies the contract. */
function stillValid(c: RequestCase): boolean {
  return c.body?.kind === 'json' && validBody(c.body.value) && validQuery(c.query) && typeof c.pathParams.projectId === 'string' && c.pathParams.projectId !== '';
}

const request: RequestCase = {
  operationId: 'createThing',
  kind: 'valid',
  pathParams: { projectId: 'p\u00e91' },
  query: { verbose: 'y\u0001es', page: 37 },
  headers: {},
  body: {
    kind: 'json',
    value: {
      name: `N\u00ad${astral(60)}\u0007x`,
      kind: 'tool',
      note: '\u{1F4A9}\u00e9\u0000 a long note '.repeat(4),
      tags: ['x\u00e9', 'b', astral(3)],
      limits: { count: 250, ratio: 12.75 },
      enabled: true,
    },
  },
};

/** simplifyRequest with every sent candidate recorded. */
async function simplify(start: RequestCase, fails: (c: RequestCase) => boolean, options: Partial<SimplifyOptions> = {}) {
  const sent: RequestCase[] = [];
  const result = await simplifyRequest(start, {
    admissible: stillValid,
    stillFails: async (c) => {
      sent.push(c);
      return fails(c);
    },
    ...options,
  });
  return { ...result, log: sent };
}

describe('simplifyRequest', () => {
  it('shrinks a failure that needs one property to the required properties and that one, in printable ASCII', async () => {
    const { request: out, sent, log } = await simplify(request, (c) => 'note' in bodyOf(c));
    expect(Object.keys(bodyOf(out))).toEqual(['name', 'kind', 'note']);
    expect(bodyOf(out)).toEqual({ name: 'N', kind: 'tool', note: 'a' });
    expect(out.query).toEqual({});
    expect(out.pathParams).toEqual({ projectId: 'pb1' });
    expect(JSON.stringify(out)).toMatch(printable);
    expect(sent).toBe(log.length);
    expect(sent).toBeLessThanOrEqual(40);
    expect(requestSize(out)).toBe(40); // pb1 + {"name":"N","kind":"tool","note":"a"}, from 500
    // The most valuable change goes first: the 60 astral characters of the name.
    expect([...(bodyOf(log[0]!).name as string)]).toHaveLength(1);
  });

  it('keeps astral characters a failure depends on, shortening the string only to the threshold', async () => {
    // A server counting UTF-16 units (JavaScript's .length) where the docs count code points: 51 astral
    // characters are 102 units, over its 100; 50 are not.
    const start = { ...request, body: { kind: 'json' as const, value: { ...bodyOf(request), name: astral(90) } } };
    const { request: out } = await simplify(start, (c) => (bodyOf(c).name as string).length > 100);
    expect(bodyOf(out).name).toBe(astral(51));
    expect(bodyOf(out)).toEqual({ name: astral(51), kind: 'tool' });
  });

  it('brings arrays toward fewer items and numbers toward 0 or the minimum', async () => {
    const { request: out } = await simplify(request, (c) => {
      const body = bodyOf(c);
      const limits = body.limits as { count?: number; ratio?: number } | undefined;
      return ((body.tags as unknown[] | undefined)?.length ?? 0) >= 2 && limits?.count !== undefined && limits.ratio !== undefined;
    });
    expect(bodyOf(out)).toEqual({ name: 'N', kind: 'tool', tags: ['', ''], limits: { count: 1, ratio: 0 } });
  });

  it('never sends a candidate that is not admissible', async () => {
    const judged: Array<[RequestCase, boolean]> = [];
    const admissible = (c: RequestCase) => {
      const ok = stillValid(c);
      judged.push([c, ok]);
      return ok;
    };
    const { log } = await simplify(request, () => true, { admissible, budget: 200 });
    expect(judged.some(([, ok]) => !ok)).toBe(true); // dropping name, an empty name, page 0… were considered
    for (const c of log) expect(stillValid(c), JSON.stringify(c)).toBe(true);
    const refused = new Set(judged.filter(([, ok]) => !ok).map(([c]) => JSON.stringify(c)));
    for (const c of log) expect(refused.has(JSON.stringify(c))).toBe(false);
  });

  it('keeps an invalid case invalid for its mutation, its mutation quoting the body sent', async () => {
    const invalid: RequestCase = {
      ...request,
      kind: 'invalid',
      body: { kind: 'json', value: { ...bodyOf(request), name: `\u00e9${'x'.repeat(180)}` } },
      mutation: { value: undefined, mutation: 'max-length-exceeded', pointer: '/name', keyword: 'maxLength', location: 'body' },
    };
    invalid.mutation!.value = bodyOf(invalid);
    // Still invalid, and only for the mutation: maxLength at /name.
    const sameMutation = (c: RequestCase) =>
      c.body?.kind === 'json' &&
      !validBody(c.body.value) &&
      validBody.errors!.every((e) => e.keyword === 'maxLength' && e.instancePath === '/name') &&
      validQuery(c.query);
    const { request: out, log } = await simplify(invalid, () => true, { admissible: sameMutation });
    for (const c of log) expect(sameMutation(c)).toBe(true);
    expect(bodyOf(out)).toEqual({ name: `a${'x'.repeat(100)}`, kind: 'tool' });
    expect(out.mutation!.value).toEqual(bodyOf(out));
    expect(out.kind).toBe('invalid');
  });

  it('sends no more candidates than the budget', async () => {
    // Simplifying all the way takes more than 7 candidates; trying everything when nothing fails, more than 40.
    for (const budget of [0, 1, 3, 7]) {
      const always = await simplify(request, () => true, { budget });
      expect(always.sent).toBe(budget);
      expect(always.log).toHaveLength(budget);
      const never = await simplify(request, () => false, { budget });
      expect(never.sent).toBe(budget);
      expect(never.request).toEqual(request);
    }
    expect((await simplify(request, () => false)).sent).toBe(40);
    expect((await simplify(request, () => false, { budget: 1000 })).sent).toBeGreaterThan(40);
  });

  it('is deterministic: the same input gives the same candidates and the same result', async () => {
    const fails = (c: RequestCase) => 'note' in bodyOf(c) && ((bodyOf(c).note as string).length > 3 || 'tags' in bodyOf(c));
    const a = await simplify(structuredClone(request), fails);
    const b = await simplify(structuredClone(request), fails);
    expect(b.log.map((c) => JSON.stringify(c))).toEqual(a.log.map((c) => JSON.stringify(c)));
    expect(b.request).toEqual(a.request);
  });

  it('counts a candidate whose sending throws as not failing', async () => {
    const { request: out, sent } = await simplify(request, () => {
      throw new Error('socket hang up');
    }, { budget: 5 });
    expect(out).toEqual(request);
    expect(sent).toBe(5);
  });
});

describe('requestSize', () => {
  it('counts the UTF-8 bytes of the encoded path values, the query string and the body', () => {
    const c: RequestCase = {
      operationId: 'x',
      kind: 'valid',
      pathParams: { id: '\u00e9' },
      query: { a: 'b c', list: [1, 2] },
      headers: { 'x-ignored': 'long header value' },
      body: { kind: 'json', value: { x: '\u{1F600}' } },
    };
    // %C3%A9 (6) + a=b+c&list=1&list=2 (19) + {"x":"😀"} (8 + 4)
    expect(requestSize(c)).toBe(37);
    expect(requestSize({ ...c, body: { kind: 'raw', text: '{', label: 'malformed JSON' } })).toBe(26);
    expect(requestSize({ ...c, body: { kind: 'absent' } })).toBe(25);
  });
});
