import { describe, expect, it } from 'vitest';
import { caseToWire } from '../../generators/requests/wire';
import { SchemaCompiler } from '../contract/compile';
import { loadContract } from '../contract/load';
import type { Operation } from '../contract/types';
import { proveInvalid } from './prove-invalid';
import { routeOperation } from './route';

const contract = await loadContract('openapi.yaml');
const compiler = new SchemaCompiler(contract.document);
const op = (id: string) => contract.operations.find((o) => o.operationId === id)!;
const prove = (operation: Operation, wire: Parameters<typeof proveInvalid>[2]) =>
  proveInvalid(operation, contract.operations, wire, compiler);
const json = { 'content-type': 'application/json' };

describe('routeOperation', () => {
  it('prefers literal segments: GET /agents/default is getDefaultAgent, PATCH /agents/abc is renameAgent', () => {
    expect(routeOperation(contract.operations, 'GET', '/agents/default')?.operationId).toBe('getDefaultAgent');
    expect(routeOperation(contract.operations, 'PATCH', '/agents/abc')?.operationId).toBe('renameAgent');
    expect(routeOperation(contract.operations, 'GET', '/agents/abc')?.operationId).toBeUndefined();
  });
  it('finds no operation for an empty path segment', () => {
    expect(routeOperation(contract.operations, 'PATCH', '/agents/')?.operationId).toBeUndefined();
  });
  it('resolves dot segments as a URL parser does', () => {
    expect(routeOperation(contract.operations, 'GET', '/agents/x/../default')?.operationId).toBe('getDefaultAgent');
    expect(routeOperation(contract.operations, 'GET', '/agents/%2e%2e/agents')?.operationId).toBe('listAgents');
  });
});

describe('proveInvalid', () => {
  const createAgent = op('createAgent');

  it('proves a body that breaks a constraint', () => {
    const wire = { method: 'POST', path: '/agents', headers: json, body: JSON.stringify({ name: '', identifier: 'ok' }) };
    expect(prove(createAgent, wire)).toMatchObject({ verdict: 'invalid' });
  });

  it('proves malformed JSON and a missing required body', () => {
    expect(prove(createAgent, { method: 'POST', path: '/agents', headers: json, body: '{' }).verdict).toBe('invalid');
    expect(prove(createAgent, { method: 'POST', path: '/agents', headers: json }).verdict).toBe('invalid');
  });

  it('does not prove an extra property the contract allows', () => {
    const body = JSON.stringify({ name: 'a', identifier: 'a', extra: 1 });
    expect(prove(createAgent, { method: 'POST', path: '/agents', headers: json, body }).verdict).toBe('inconclusive');
  });

  it('does not prove a whitespace-only name (the contract allows it; a trimming server is stricter)', () => {
    const body = JSON.stringify({ name: '   ', identifier: 'a' });
    expect(prove(createAgent, { method: 'POST', path: '/agents', headers: json, body }).verdict).toBe('inconclusive');
  });

  it('does not prove a request whose path routes to another operation', () => {
    const rename = op('renameAgent');
    const body = JSON.stringify({ name: '' });
    expect(prove(rename, { method: 'PATCH', path: '/agents/', headers: json, body })).toMatchObject({ verdict: 'inconclusive' });
    const setDefault = op('setDefaultAgent');
    expect(prove(setDefault, { method: 'POST', path: '/agents/%2e%2e/set-default', headers: {} }).verdict).toBe('inconclusive');
  });

  it('reads a query value as the server would: a number as text satisfies a string schema', () => {
    const withQuery = contract.operations.find((o) => o.parameters.some((p) => p.in === 'query'))!;
    const param = withQuery.parameters.find((p) => p.in === 'query')!;
    const wire = caseToWire(withQuery, { operationId: withQuery.operationId, kind: 'invalid', pathParams: Object.fromEntries(withQuery.parameters.filter((p) => p.in === 'path').map((p) => [p.name, 'x'])), query: { [param.name]: 12 }, headers: {} }, {});
    expect(prove(withQuery, wire).verdict).toBe('inconclusive');
  });

  it('proves a required query parameter left out', () => {
    const synthetic: Operation = { ...createAgent, operationId: 'synthetic', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }] };
    const verdict = proveInvalid(synthetic, [synthetic], { method: 'POST', path: '/agents', headers: json, body: '{"name":"a","identifier":"a"}' }, compiler);
    expect(verdict).toMatchObject({ verdict: 'invalid', reason: expect.stringContaining('q') });
  });

  it('does not prove a header value that HTTP trims back into shape', () => {
    const synthetic: Operation = { ...createAgent, operationId: 'synthetic', requestBody: undefined, parameters: [{ name: 'X-Mode', in: 'header', required: true, schema: { type: 'string', enum: ['a'] } }] };
    const verdict = proveInvalid(synthetic, [synthetic], { method: 'POST', path: '/agents', headers: { 'x-mode': ' a ' } }, compiler);
    expect(verdict.verdict).toBe('inconclusive');
  });

  it('reads "null", "false" and numbers in a URL as a server may: not proven against a permissive schema', () => {
    const synthetic: Operation = { ...createAgent, operationId: 'synthetic', requestBody: undefined, parameters: [{ name: 'n', in: 'query', required: false, schema: { type: ['integer', 'null'] } }] };
    for (const v of ['null', '5']) {
      const verdict = proveInvalid(synthetic, [synthetic], { method: 'POST', path: `/agents?n=${v}`, headers: {} }, compiler);
      expect(verdict.verdict, v).toBe('inconclusive');
    }
    const bad = proveInvalid(synthetic, [synthetic], { method: 'POST', path: '/agents?n=abc', headers: {} }, compiler);
    expect(bad.verdict).toBe('invalid');
  });
});
