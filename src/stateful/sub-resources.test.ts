import { describe, expect, it } from 'vitest';
import { loadContract } from '../contract/load';
import { emptyModel, expectation, observe } from './commands';
import { familyCreatedBy, resourceGraph } from './graph';
import { listedIds } from './read-back';

const contract = await loadContract('openapi.yaml');
const graph = resourceGraph(contract.operations, contract.document);
const op = (id: string) => contract.operations.find((o) => o.operationId === id)!;
const budget = familyCreatedBy(graph, op('setPartnerOrgBudget'))!;
const assignments = familyCreatedBy(graph, op('updateAgentSecrets'))!;
const ok = (json: unknown = {}) => ({ status: 200, json });

describe('the model of sub-resource families', () => {
  it('a partner budget is named by its secret: set, set again after a clear, with the values set as reads must show them', () => {
    const m = emptyModel();
    const set = (secret: string, body: unknown) => ({ method: 'POST', path: `/partner/orgs/o1/secrets/${secret}/budget`, headers: {}, body: JSON.stringify(body) });
    expect(observe(budget, m, 'create', undefined, set('s1', { limitCents: 500, period: 'monthly' }), ok({ secretId: 's1', limitCents: 500, period: 'monthly' }))).toBe('s1');
    expect(expectation(budget, m, 'read', 's1')).toEqual({ of: 'read', via: 'list', id: 's1', idFields: ['secretId'], state: 'live', fields: { limitCents: 500, period: 'monthly' } });
    observe(budget, m, 'delete', 's1', { method: 'DELETE', path: '/partner/orgs/o1/secrets/s1/budget', headers: {} }, { status: 204, json: undefined });
    expect(expectation(budget, m, 'list')).toEqual({ of: 'list', idFields: ['secretId'], live: [], deleted: ['s1'] });
    // refused (a generic secret): nothing changes
    expect(observe(budget, m, 'create', undefined, set('s2', { limitCents: 1, period: 'total' }), { status: 400, json: {} })).toBeUndefined();
    expect(observe(budget, m, 'create', undefined, set('s1', { limitCents: 7, period: 'total' }), ok())).toBe('s1');
    expect(m.created).toEqual(['s1']);
    expect(expectation(budget, m, 'read', 's1')).toMatchObject({ state: 'live', fields: { limitCents: 7, period: 'total' } });
  });

  it('assigned secrets are the ids of the set a 2xx PUT sent; those it left out are no longer assigned', () => {
    const m = emptyModel();
    const put = (secretIds: string[]) => ({ method: 'PUT', path: '/agents/a1/secrets', headers: {}, body: JSON.stringify({ secretIds }) });
    expect(observe(assignments, m, 'create', undefined, put(['x']), ok({ success: true }))).toBe('x');
    expect(observe(assignments, m, 'create', undefined, put(['x', 'y']), ok({ success: true }))).toBe('y');
    expect(observe(assignments, m, 'delete', 'x', put(['y']), ok({ success: true }))).toBeUndefined();
    expect(expectation(assignments, m, 'list')).toEqual({ of: 'list', idFields: [], live: ['y'], deleted: ['x'] });
    expect(expectation(assignments, m, 'delete', 'y')).toEqual({ of: 'delete', id: 'y', namesOthers: true });
    expect(observe(assignments, m, 'create', undefined, put(['y', 'x']), ok({ success: true }))).toBe('x');
    expect(expectation(assignments, m, 'read', 'x')).toMatchObject({ state: 'live' });
  });

  it('a list of ids (strings) holds those ids', () => {
    expect(listedIds(['a', 'b', ''], [])).toEqual(new Set(['a', 'b']));
    expect(listedIds([{ id: 'a' }], ['id'])).toEqual(new Set(['a']));
  });
});
