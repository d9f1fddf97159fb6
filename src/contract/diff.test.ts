import { describe, expect, it } from 'vitest';
import { type ContractDiff, changeLine, diffDocuments, summaryLine } from './diff';

/** Small hand-built documents: `before` is edited into `after` by `edit`, one rule at a time. */
function doc(paths: Record<string, any>): Record<string, any> {
  return { openapi: '3.1.0', info: { title: 't', version: '1' }, paths };
}

function createAgent(): Record<string, any> {
  return {
    operationId: 'createAgent',
    description: 'Create an agent.',
    parameters: [{ name: 'dryRun', in: 'query', required: false, schema: { type: 'boolean' } }],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          example: { name: 'a' },
          schema: {
            type: 'object',
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 255, description: 'the name' },
              mode: { type: 'string', enum: ['all', 'selective'] },
              priority: { type: 'integer', minimum: 0, maximum: 10 },
              identifier: { type: 'string', pattern: '^[a-z]+$' },
              note: { type: 'string' },
            },
          },
        },
      },
    },
    responses: {
      '201': {
        description: 'Created',
        content: {
          'application/json': {
            schema: { type: 'object', required: ['id'], properties: { id: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' } } },
          },
        },
      },
      '400': { description: 'Bad', content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'string' } } } } } },
    },
  };
}

function listAgents(): Record<string, any> {
  return {
    operationId: 'listAgents',
    parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } }],
    responses: {
      '200': {
        description: 'OK',
        content: {
          'application/json': {
            schema: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'name'],
                properties: {
                  id: { type: 'string' },
                  name: { type: 'string' },
                  createdAt: { type: 'string' },
                  owner: { type: 'object', properties: { email: { type: 'string' } } },
                },
              },
            },
          },
        },
      },
    },
  };
}

function base(): Record<string, any> {
  return doc({ '/agents': { get: listAgents(), post: createAgent() }, '/agents/{agentId}': { delete: { operationId: 'deleteAgent', parameters: [{ name: 'agentId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'Deleted' } } } } });
}

/** The diff of the base document against a copy changed by `edit`. */
function diffAfter(edit: (d: any) => void): ContractDiff {
  const after = structuredClone(base());
  edit(after);
  return diffDocuments(base(), after);
}

function lines(diff: ContractDiff): string[] {
  return diff.operations.flatMap((op) => op.changes.map(changeLine));
}

const body = (d: any) => d.paths['/agents'].post.requestBody.content['application/json'].schema;
const item = (d: any) => d.paths['/agents'].get.responses['200'].content['application/json'].schema.items;

describe('diffDocuments', () => {
  it('finds nothing between a document and itself', () => {
    const diff = diffDocuments(base(), base());
    expect(diff.operations).toEqual([]);
    expect(summaryLine(diff)).toBe('0 operations added, 0 removed, 0 changed; 0 breaking changes');
  });

  it('ignores descriptions, summaries and examples', () => {
    const diff = diffAfter((d) => {
      d.paths['/agents'].post.description = 'Another text.';
      d.paths['/agents'].post.summary = 'New summary';
      body(d).properties.name.description = 'changed';
      body(d).properties.name.example = 'x';
      d.paths['/agents'].post.requestBody.content['application/json'].example = { name: 'b' };
      d.paths['/agents'].post.responses['201'].description = 'Made';
    });
    expect(lines(diff)).toEqual([]);
  });

  describe('operations', () => {
    it('an operation removed breaks clients', () => {
      const diff = diffAfter((d) => delete d.paths['/agents/{agentId}']);
      expect(lines(diff)).toEqual(['DELETE /agents/{agentId}: operation removed (breaking)']);
      expect(diff.summary).toMatchObject({ added: 0, removed: 1, changed: 0, breaking: 1 });
    });

    it('an operation added does not', () => {
      const diff = diffAfter((d) => (d.paths['/agents/{agentId}'].get = { operationId: 'getAgent', responses: { '200': { description: 'OK' } } }));
      expect(lines(diff)).toEqual(['GET /agents/{agentId}: operation added']);
      expect(summaryLine(diff)).toBe('1 operation added, 0 removed, 0 changed; 0 breaking changes');
    });

    it('an operationId renamed is a change, matched by method + path', () => {
      const diff = diffAfter((d) => (d.paths['/agents'].get.operationId = 'getAgents'));
      expect(lines(diff)).toEqual(['GET /agents: operationId listAgents → getAgents']);
      expect(diff.summary).toMatchObject({ changed: 1, breaking: 0 });
    });
  });

  describe('parameters', () => {
    it('a new required parameter breaks; a new optional one does not', () => {
      const diff = diffAfter((d) => {
        d.paths['/agents'].get.parameters.push({ name: 'projectId', in: 'query', required: true, schema: { type: 'string' } });
        d.paths['/agents'].get.parameters.push({ name: 'cursor', in: 'query', schema: { type: 'string' } });
      });
      expect(lines(diff)).toEqual([
        'GET /agents query parameter projectId: required parameter added (breaking)',
        'GET /agents query parameter cursor: optional parameter added',
      ]);
    });

    it('a parameter becoming required breaks; becoming optional does not', () => {
      const required = diffAfter((d) => (d.paths['/agents'].get.parameters[0].required = true));
      expect(lines(required)).toEqual(['GET /agents query parameter limit: became required (breaking)']);
      const before = base();
      before.paths['/agents'].get.parameters[0].required = true;
      const optional = diffDocuments(before, base());
      expect(lines(optional)).toEqual(['GET /agents query parameter limit: became optional']);
    });

    it('a parameter removed is a change that does not break', () => {
      const diff = diffAfter((d) => (d.paths['/agents'].post.parameters = []));
      expect(lines(diff)).toEqual(['POST /agents query parameter dryRun: parameter removed']);
    });

    it("a parameter's schema is compared as a request schema", () => {
      const diff = diffAfter((d) => (d.paths['/agents'].get.parameters[0].schema.maximum = 50));
      expect(lines(diff)).toEqual(['GET /agents query parameter limit: maximum 100 → 50 (breaking)']);
      const wider = diffAfter((d) => (d.paths['/agents'].get.parameters[0].schema.maximum = 500));
      expect(lines(wider)).toEqual(['GET /agents query parameter limit: maximum 100 → 500']);
    });
  });

  describe('request body', () => {
    it('a new required property breaks; a new optional one does not', () => {
      const diff = diffAfter((d) => {
        body(d).properties.team = { type: 'string' };
        body(d).required.push('team');
        body(d).properties.tags = { type: 'array', items: { type: 'string' } };
      });
      expect(lines(diff)).toEqual([
        'POST /agents request body /team: required property added (breaking)',
        'POST /agents request body /tags: optional property added',
      ]);
    });

    it('a property becoming required breaks; becoming optional does not', () => {
      const diff = diffAfter((d) => (body(d).required = ['note']));
      expect(lines(diff)).toEqual([
        'POST /agents request body /name: became optional',
        'POST /agents request body /note: became required (breaking)',
      ]);
    });

    it('the body becoming required breaks', () => {
      const before = base();
      before.paths['/agents'].post.requestBody.required = false;
      expect(lines(diffDocuments(before, base()))).toEqual(['POST /agents request body: became required (breaking)']);
      expect(lines(diffDocuments(base(), before))).toEqual(['POST /agents request body: became optional']);
    });

    it.each([
      ['maxLength lowered', (d: any) => (body(d).properties.name.maxLength = 100), 'POST /agents request body /name: maxLength 255 → 100 (breaking)'],
      ['maxLength raised', (d: any) => (body(d).properties.name.maxLength = 500), 'POST /agents request body /name: maxLength 255 → 500'],
      ['minLength raised', (d: any) => (body(d).properties.name.minLength = 3), 'POST /agents request body /name: minLength 1 → 3 (breaking)'],
      ['minLength lowered', (d: any) => (body(d).properties.name.minLength = 0), 'POST /agents request body /name: minLength 1 → 0'],
      ['maxLength added', (d: any) => (body(d).properties.note.maxLength = 10), 'POST /agents request body /note: maxLength 10 added (breaking)'],
      ['maxLength removed', (d: any) => delete body(d).properties.name.maxLength, 'POST /agents request body /name: maxLength 255 removed'],
      ['maximum lowered', (d: any) => (body(d).properties.priority.maximum = 5), 'POST /agents request body /priority: maximum 10 → 5 (breaking)'],
      ['minimum raised', (d: any) => (body(d).properties.priority.minimum = 1), 'POST /agents request body /priority: minimum 0 → 1 (breaking)'],
      ['minimum lowered', (d: any) => (body(d).properties.priority.minimum = -1), 'POST /agents request body /priority: minimum 0 → -1'],
      ['type changed', (d: any) => (body(d).properties.priority.type = 'string'), 'POST /agents request body /priority: type integer → string (breaking)'],
      ['type widened', (d: any) => (body(d).properties.priority.type = 'number'), 'POST /agents request body /priority: type integer → number'],
      ['type made nullable', (d: any) => (body(d).properties.note.type = ['string', 'null']), 'POST /agents request body /note: type string → null | string'],
      ['enum value removed', (d: any) => (body(d).properties.mode.enum = ['all']), 'POST /agents request body /mode: enum value "selective" removed (breaking)'],
      ['enum value added', (d: any) => body(d).properties.mode.enum.push('none'), 'POST /agents request body /mode: enum value "none" added'],
      ['pattern added', (d: any) => (body(d).properties.note.pattern = '^\\S+$'), 'POST /agents request body /note: pattern ^\\S+$ added (breaking)'],
      ['pattern changed', (d: any) => (body(d).properties.identifier.pattern = '^[a-z0-9]+$'), 'POST /agents request body /identifier: pattern ^[a-z]+$ → ^[a-z0-9]+$ (breaking)'],
      ['pattern removed', (d: any) => delete body(d).properties.identifier.pattern, 'POST /agents request body /identifier: pattern ^[a-z]+$ removed'],
    ])('%s', (_, edit, line) => {
      expect(lines(diffAfter(edit))).toEqual([line]);
    });

    it('a property removed breaks only a body that refuses unknown properties', () => {
      expect(lines(diffAfter((d) => delete body(d).properties.note))).toEqual(['POST /agents request body /note: property removed']);
      const closed = diffAfter((d) => {
        delete body(d).properties.note;
        body(d).additionalProperties = false;
      });
      expect(lines(closed)).toEqual([
        'POST /agents request body: additional properties allowed → refused (breaking)',
        'POST /agents request body /note: property removed (breaking)',
      ]);
    });
  });

  describe('responses', () => {
    it("a 2xx response property's type changed breaks, at its path through arrays", () => {
      const diff = diffAfter((d) => (item(d).properties.createdAt.type = 'integer'));
      expect(lines(diff)).toEqual(['GET /agents 200 /[]/createdAt: type string → integer (breaking)']);
    });

    it('a 2xx response property removed (or made optional) breaks; one added does not', () => {
      const diff = diffAfter((d) => {
        delete item(d).properties.createdAt;
        item(d).required = ['id'];
        item(d).properties.updatedAt = { type: 'string' };
      });
      expect(lines(diff)).toEqual([
        'GET /agents 200 /[]/createdAt: property removed (breaking)',
        'GET /agents 200 /[]/name: became optional (breaking)',
        'GET /agents 200 /[]/updatedAt: optional property added',
      ]);
    });

    it('nested objects are compared by property path', () => {
      const diff = diffAfter((d) => (item(d).properties.owner.properties.email.type = 'integer'));
      expect(lines(diff)).toEqual(['GET /agents 200 /[]/owner/email: type string → integer (breaking)']);
    });

    it('constraints narrowed in a response do not break (clients read it)', () => {
      const diff = diffAfter((d) => (item(d).properties.name.maxLength = 10));
      expect(lines(diff)).toEqual(['GET /agents 200 /[]/name: maxLength 10 added']);
    });

    it('schema changes of an error response are changes, not breaking ones', () => {
      const diff = diffAfter((d) => {
        d.paths['/agents'].post.responses['400'].content['application/json'].schema.properties.error.type = 'object';
      });
      expect(lines(diff)).toEqual(['POST /agents 400 /error: type string → object']);
    });

    it('a documented 2xx status removed breaks; an error status added or removed does not', () => {
      const diff = diffAfter((d) => {
        const responses = d.paths['/agents'].post.responses;
        responses['200'] = responses['201'];
        delete responses['201'];
        delete responses['400'];
        responses['409'] = { description: 'Conflict' };
      });
      expect(lines(diff)).toEqual([
        'POST /agents 201: response removed (breaking)',
        'POST /agents 400: response removed',
        'POST /agents 200: response added',
        'POST /agents 409: response added',
      ]);
      expect(diff.summary).toMatchObject({ changed: 1, breaking: 1 });
    });
  });

  describe('composition', () => {
    it('a property moved into an allOf member is no change; a change inside it is found at its path', () => {
      const moved = diffAfter((d) => {
        const s = item(d);
        d.paths['/agents'].get.responses['200'].content['application/json'].schema.items = {
          allOf: [{ type: 'object', required: ['id'], properties: { id: s.properties.id } }, { required: ['name'], properties: { ...s.properties, id: undefined } }],
        };
        delete d.paths['/agents'].get.responses['200'].content['application/json'].schema.items.allOf[1].properties.id;
      });
      expect(lines(moved)).toEqual([]);
      const retyped = diffAfter((d) => {
        const s = item(d);
        d.paths['/agents'].get.responses['200'].content['application/json'].schema.items = {
          allOf: [{ ...s, properties: { ...s.properties, id: { type: 'integer' } } }],
        };
      });
      expect(lines(retyped)).toEqual(['GET /agents 200 /[]/id: type string → integer (breaking)']);
    });

    it('oneOf branches are compared branch by branch; a request branch removed breaks', () => {
      const union = () => ({
        oneOf: [
          { type: 'object', required: ['hostId'], properties: { hostId: { type: 'string' } } },
          { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 50 } } },
        ],
      });
      const before = base();
      before.paths['/agents'].post.requestBody.content['application/json'].schema = union();
      const narrower = structuredClone(before);
      body(narrower).oneOf[1].properties.name.maxLength = 20;
      expect(lines(diffDocuments(before, narrower))).toEqual(['POST /agents request body /oneOf[1]/name: maxLength 50 → 20 (breaking)']);
      const fewer = structuredClone(before);
      body(fewer).oneOf.splice(0, 1);
      expect(lines(diffDocuments(before, fewer))).toEqual(['POST /agents request body /oneOf[0]: oneOf branch removed (breaking)']);
      expect(lines(diffDocuments(fewer, before))).toEqual(['POST /agents request body /oneOf[0]: oneOf branch added']);
    });

    it('a circular schema is walked without end', () => {
      const tree = (): any => {
        const node: any = { type: 'object', properties: { name: { type: 'string' } } };
        node.properties.children = { type: 'array', items: node };
        return node;
      };
      const before = base();
      before.paths['/agents'].get.responses['200'].content['application/json'].schema = tree();
      const after = base();
      after.paths['/agents'].get.responses['200'].content['application/json'].schema = tree();
      after.paths['/agents'].get.responses['200'].content['application/json'].schema.properties.name.type = 'integer';
      expect(lines(diffDocuments(before, after))).toEqual(['GET /agents 200 /name: type string → integer (breaking)']);
    });
  });
});
