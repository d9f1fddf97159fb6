import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCli } from '../cli/args';
import { statusCodeConformance, statusCodeConformanceAccepting } from '../checks/status-code-conformance';
import type { CheckContext } from '../checks/types';
import { type Contract, loadContract } from '../contract/load';
import type { Operation } from '../contract/types';
import { EngineError } from '../errors';
import { checkAgainstContract } from './against-contract';
import { bodyFixtures, fixtureFor, fixtureValue, pathFixture, userResources, withBodyFixtures } from './fixtures';
import { loadConfig } from './load';
import { optionLayer } from './merge';
import { operationContext } from './operation-context';
import type { RunContext } from '../runner/context';
import type { RunConfig } from './types';

const CHECKS = ['status-code-conformance', 'not-a-server-error'];

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'occ-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The CONFIG_INVALID message `fn` throws (one line), or fails. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('CONFIG_INVALID');
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a CONFIG_INVALID');
}

describe('config file: loading and validation', () => {
  it('finds onecli-conformance.config.json in the working directory, and none when there is none', () => {
    const dir = dirWith({ 'onecli-conformance.config.json': '{"seed": 3}' });
    expect(loadConfig(undefined, dir)?.config).toEqual({ seed: 3 });
    expect(loadConfig(undefined, dirWith({}))).toBeUndefined();
  });

  it.each([
    ['an unknown key', '{"exampels": 3}', '/exampels: unknown key'],
    ['an unknown key in an override', '{"operations": {"listAgents": {"skipp": "x"}}}', '/operations/listAgents/skipp: unknown key'],
    ['a wrong type', '{"examples": "many"}', '/examples: must be integer'],
    ['a value out of range', '{"concurrency": 0}', '/concurrency: must be >= 1'],
    ['a wrong enum', '{"edition": "gold"}', '/edition: must be one of "cloud", "enterprise", "community"'],
    ['a bad extra status', '{"statusCodes": {"extra": ["42"]}}', '/statusCodes/extra/0: must match pattern'],
    ['not JSON', '{"seed": ', 'not JSON'],
  ])('refuses %s in one line naming the key', (_what, text, expected) => {
    const dir = dirWith({ 'onecli-conformance.config.json': text });
    const message = refusal(() => loadConfig(undefined, dir));
    expect(message).toContain('config onecli-conformance.config.json: ');
    expect(message).toContain(expected);
  });

  it('refuses a --config that names no file', () => {
    expect(refusal(() => loadConfig('nope.json', dirWith({})))).toBe('--config nope.json: no such file');
  });

  it('loads a .ts config (its default export, types and all)', () => {
    const dir = dirWith({
      'onecli-conformance.config.ts': [
        "import type { ConformanceConfig } from 'onecli-conformance';",
        'const seed: number = 41 + 1;',
        "export default { seed, include: ['getHealth'] } satisfies ConformanceConfig;",
      ].join('\n'),
    });
    expect(loadConfig(undefined, dir)?.config).toEqual({ seed: 42, include: ['getHealth'] });
  });

  it('refuses a .ts config without a default export, or one that throws, in one line', () => {
    expect(refusal(() => loadConfig('a.ts', dirWith({ 'a.ts': 'export const seed = 1;' })))).toContain('has no default export');
    expect(refusal(() => loadConfig('b.ts', dirWith({ 'b.ts': "throw new Error('boom\\nmore');" })))).toContain('could not be loaded: boom');
  });

  it('resolves file options against the config file, not the working directory', () => {
    const dir = dirWith({ 'conf/c.json': '{"contract": "my.yaml", "reportDir": "out", "baseline": "https://x/r.json"}' });
    const { config } = loadConfig('conf/c.json', dir)!;
    expect(config).toEqual({ contract: join(dir, 'conf/my.yaml'), reportDir: join(dir, 'conf/out'), baseline: 'https://x/r.json' });
  });
});

describe('config file: precedence (flags > environment > config file > defaults)', () => {
  const dir = dirWith({
    'onecli-conformance.config.json': JSON.stringify({
      seed: 1,
      examples: 7,
      strict: true,
      include: ['getHealth', 'listAgents'],
      timeout: 2000,
      apiKey: 'oc_from_file',
      operations: { listAgents: { skip: 'not here' } },
    }),
  });

  it('the config file fills what flags and environment leave open; the defaults the rest', () => {
    const options = parseCli([], {}, CHECKS, dir);
    expect(options).toMatchObject({ seed: 1, examples: 7, strict: true, include: ['getHealth', 'listAgents'], timeoutMs: 2000, concurrency: 16 });
    expect(options.credentials.apiKey).toBe('oc_from_file');
    expect(options.config).toEqual({ file: 'onecli-conformance.config.json', operations: { listAgents: { skip: 'not here' } } });
  });

  it('the environment beats the config file, and flags beat both', () => {
    const env = { ONECLI_CONFORMANCE_SEED: '2', ONECLI_CONFORMANCE_STRICT: '0', ONECLI_API_KEY: 'oc_env' };
    expect(parseCli([], env, CHECKS, dir)).toMatchObject({ seed: 2, examples: 7, strict: false, credentials: { apiKey: 'oc_env' } });
    expect(parseCli(['--seed', '3', '--api-key', 'oc_flag'], env, CHECKS, dir)).toMatchObject({ seed: 3, credentials: { apiKey: 'oc_flag' } });
  });

  it('--config and ONECLI_CONFORMANCE_CONFIG name another file (the flag first)', () => {
    const other = dirWith({ 'a.json': '{"seed": 10}', 'b.json': '{"seed": 20}' });
    expect(parseCli([], { ONECLI_CONFORMANCE_CONFIG: 'a.json' }, CHECKS, other).seed).toBe(10);
    expect(parseCli(['--config', 'b.json'], { ONECLI_CONFORMANCE_CONFIG: 'a.json' }, CHECKS, other).seed).toBe(20);
  });

  it('values of the file go through the flags\' own checks (an unknown check id)', () => {
    const bad = dirWith({ 'onecli-conformance.config.json': '{"checks": ["no-such-check"]}' });
    expect(refusal(() => parseCli([], {}, CHECKS, bad))).toContain('unknown check "no-such-check"');
  });

  it('maps every option key to its flag', () => {
    expect(optionLayer({ maxResponseTime: 5, readOnly: true, excludeChecks: ['a', 'b'], fixtures: { x: 1 } })).toEqual({
      'max-response-time': '5',
      'read-only': true,
      'exclude-checks': 'a,b',
    });
  });
});

describe('config file: against the contract, and fixtures', () => {
  let contract: Contract;
  const op = (id: string): Operation => contract.operations.find((o) => o.operationId === id)!;
  beforeAll(async () => {
    contract = await loadContract(join(import.meta.dirname, '../../openapi.yaml'));
  });

  it.each<[string, RunConfig, string]>([
    ['an override naming no operation', { operations: { listAgentz: { examples: 2 } } }, '/operations/listAgentz: names no operation of the contract'],
    ['a fixture naming no parameter', { fixtures: { nothingLikeThis: 'x' } }, '/fixtures/nothingLikeThis: names no parameter or body field of any operation'],
    ['a pointer fixture naming no parameter', { fixtures: { '/query/agentId': 'x' } }, '/fixtures/~1query~1agentId: names no parameter or body field of any operation'],
    ["an override's fixture naming none of its parameters", { operations: { getHealth: { fixtures: { provider: 'linear' } } } }, '/operations/getHealth/fixtures/provider: names no parameter or body field of getHealth'],
    ['an unknown check in an override', { operations: { listAgents: { checks: ['nope'] } } }, '/operations/listAgents/checks/0: unknown check "nope"'],
  ])('refuses %s, naming the key', (_what, config, expected) => {
    expect(refusal(() => checkAgainstContract(config, contract.operations, CHECKS, 'c.json'))).toBe(`config c.json: ${expected}`);
  });

  it('accepts fixtures by name and by pointer that some operation takes', () => {
    const config: RunConfig = {
      fixtures: { provider: 'linear', connectionId: 'conn_1', '/path/id': 'appr_1', '/body/connections': [] },
      operations: { updateAgentConnections: { fixtures: { appConnectionId: 'c9' } } },
    };
    expect(() => checkAgainstContract(config, contract.operations, CHECKS)).not.toThrow();
  });

  it('looks a fixture up: the operation\'s own before the global ones, a pointer before a name', () => {
    const config: RunConfig = {
      fixtures: { provider: 'linear', agentId: 'ag_global', '/path/agentId': 'ag_pointer' },
      operations: { getAppConfig: { fixtures: { provider: 'github' } } },
    };
    expect(fixtureFor(config, op('getAppConfig'), 'provider')).toBe('github');
    expect(fixtureFor(config, op('getOrgAppConfig'), 'provider')).toBe('linear');
    expect(fixtureFor(config, op('getAgentSecrets'), 'agentId')).toBe('ag_pointer');
    // a name the operation does not take is no fixture of it
    expect(fixtureFor(config, op('getHealth'), 'provider')).toBeUndefined();
    expect(fixtureFor(undefined, op('getAppConfig'), 'provider')).toBeUndefined();
  });

  it('never hands a DELETE the user\'s resource to delete (its last path parameter); its parents yes', () => {
    const config: RunConfig = { fixtures: { agentId: 'ag_mine', provider: 'linear' } };
    expect(fixtureFor(config, op('deleteAgent'), 'agentId')).toBeUndefined();
    expect(fixtureFor(config, op('deleteAppConfig'), 'provider')).toBeUndefined();
    expect(fixtureFor(config, op('updateAgentConnections'), 'agentId')).toBe('ag_mine');
    expect(userResources(config)).toEqual(new Set(['ag_mine', 'linear']));
  });

  it('on a target the run does not own, a path fixture is read and used as a parent, never changed', () => {
    const config: RunConfig = { fixtures: { agentId: 'ag_mine' } };
    const rename = contract.operations.find((o) => o.method === 'PATCH' && o.path === '/agents/{agentId}')!;
    expect(pathFixture(config, rename, 'agentId', true)).toBeUndefined();
    expect(pathFixture(config, rename, 'agentId', false)).toBe('ag_mine');
    expect(pathFixture(config, op('getAgentSecrets'), 'agentId', true)).toBe('ag_mine');
    expect(pathFixture(config, op('updateAgentConnections'), 'agentId', true)).toBeUndefined();
    expect(pathFixture(config, op('deleteAgent'), 'agentId', false)).toBeUndefined();
  });

  it('sets body fixtures on a generated body (nested pointers too), leaving the rest', () => {
    const config: RunConfig = { fixtures: { connectionId: 'c1', '/body/connections': [{ appConnectionId: 'c2' }] } };
    expect(fixtureValue(config, op('updateAgentConnections'), 'connections', 'body')).toEqual([{ appConnectionId: 'c2' }]);
    expect(bodyFixtures(config, op('updateAgentConnections'))).toEqual([[['connections'], [{ appConnectionId: 'c2' }]]]);
    const body = { connections: [], other: 1 };
    expect(withBodyFixtures(config, op('updateAgentConnections'), body)).toEqual({ connections: [{ appConnectionId: 'c2' }], other: 1 });
    expect(body.connections).toEqual([]);
  });
});

describe('status-code-conformance with statuses the deployment documents', () => {
  const ctx = (status: number): CheckContext =>
    ({
      operation: { operationId: 'listAgents', responses: { '200': {}, '401': {} } },
      exchange: { response: { status } },
    }) as unknown as CheckContext;

  it('accepts a listed status (429) and a range (4XX) without a finding; still fails the others', () => {
    expect(statusCodeConformance.run(ctx(429)).status).toBe('failed');
    expect(statusCodeConformanceAccepting(['429']).run(ctx(429)).status).toBe('passed');
    expect(statusCodeConformanceAccepting(['429']).run(ctx(418)).status).toBe('failed');
    expect(statusCodeConformanceAccepting(['4XX']).run(ctx(418)).status).toBe('passed');
    expect(statusCodeConformanceAccepting(['429']).id).toBe('status-code-conformance');
    expect(statusCodeConformanceAccepting([])).toBe(statusCodeConformance);
  });
});

describe('operationContext: the overrides of one operation', () => {
  const check = (id: string) => ({ id }) as unknown as import('../checks/types').Check;
  const base = {
    examples: 50,
    checks: [check('not-a-server-error'), statusCodeConformance, check('error-shape')],
    client: 'default-client',
    clientWithTimeout: (ms: number) => `client-${ms}`,
    config: {
      extraStatuses: ['429'],
      operations: { listAgents: { examples: 2, timeout: 500, excludeChecks: ['error-shape'] }, getUser: { checks: ['error-shape'] } },
    },
  } as unknown as RunContext;
  const operation = (operationId: string) => ({ operationId }) as Operation;

  it('applies examples, timeout and excludeChecks to that operation only; extra statuses everywhere', () => {
    const view = operationContext(base, operation('listAgents'));
    expect(view.examples).toBe(2);
    expect(view.client).toBe('client-500');
    expect(view.checks.map((c) => c.id)).toEqual(['not-a-server-error', 'status-code-conformance']);
    expect(view.checks[1]).not.toBe(statusCodeConformance);
    const other = operationContext(base, operation('getHealth'));
    expect(other).toMatchObject({ examples: 50, client: 'default-client' });
    expect(other.checks.map((c) => c.id)).toEqual(['not-a-server-error', 'status-code-conformance', 'error-shape']);
  });

  it('narrows the run\'s checks to an override\'s checks; no config, the context itself', () => {
    expect(operationContext(base, operation('getUser')).checks.map((c) => c.id)).toEqual(['error-shape']);
    const bare = { ...base, config: undefined } as RunContext;
    expect(operationContext(bare, operation('listAgents'))).toBe(bare);
  });
});
