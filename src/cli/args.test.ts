import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { parseCli } from './args';
import { EXIT_FOR_CODE } from './exit-codes';
import { readEnvFile } from './env-file';

describe('parseCli', () => {
  it('takes flags over the environment, and the environment when a flag is absent', () => {
    const o = parseCli(['--target', 'http://a/v1', '--seed', '7'], { ONECLI_BASE_URL: 'http://b/v1', ONECLI_API_KEY: 'k', ONECLI_CONFORMANCE_EXAMPLES: '3' });
    expect(o.target).toBe('http://a/v1');
    expect(o.seed).toBe(7);
    expect(o.examples).toBe(3);
    expect(o.credentials.apiKey).toBe('k');
    expect(o.reportDir).toBe('reports/latest');
  });

  it('reads every documented key variable', () => {
    const o = parseCli([], {
      ONECLI_ORG_API_KEY: 'o', ONECLI_PROJECT_ID: 'p', ONECLI_PARTNER_API_KEY: 'pa', ONECLI_ORG_MEMBER_API_KEY: 'm',
    });
    expect(o.credentials).toEqual({ apiKey: undefined, orgKey: 'o', projectId: 'p', partnerKey: 'pa', memberKey: 'm' });
  });

  it('reads --read-only and --allow-destructive, from flags or the environment', () => {
    expect(parseCli([], {})).toMatchObject({ readOnly: false, allowDestructive: [], plan: false });
    expect(parseCli(['--read-only', '--allow-destructive', 'setDefaultAgent, migrateExport', '--plan'], {})).toMatchObject({
      readOnly: true,
      allowDestructive: ['setDefaultAgent', 'migrateExport'],
      plan: true,
    });
    expect(parseCli([], { ONECLI_CONFORMANCE_READ_ONLY: '1', ONECLI_CONFORMANCE_ALLOW_DESTRUCTIVE: 'regenerateApiKey' })).toMatchObject({
      readOnly: true,
      allowDestructive: ['regenerateApiKey'],
    });
  });

  it('reads --gateway-target, from the flag, the environment or .env', () => {
    expect(parseCli([], {}).gatewayTarget).toBeUndefined();
    const base = ['--target', 'http://api:10254/v1'];
    expect(parseCli([...base, '--gateway-target', 'http://gw:8080/v1'], { ONECLI_GATEWAY_URL: 'http://other/v1' }).gatewayTarget).toBe('http://gw:8080/v1');
    expect(parseCli(base, { ONECLI_GATEWAY_URL: 'https://gw.example/v1' }).gatewayTarget).toBe('https://gw.example/v1');
    const dir = mkdtempSync(join(tmpdir(), 'occ-envfile-'));
    writeFileSync(join(dir, '.env'), 'ONECLI_BASE_URL=http://api/v1\nONECLI_GATEWAY_URL=http://gw/v1\n');
    expect(parseCli([], readEnvFile(join(dir, '.env'))).gatewayTarget).toBe('http://gw/v1');
  });

  it.each([
    [['--gateway-target', 'gateway:8080'], {}, '--gateway-target must be an http(s) URL, got gateway:'],
    [[], { ONECLI_GATEWAY_URL: 'not a url' }, '--gateway-target "not a url" is not a URL (the base URL the gateway serves the approval routes under)'],
  ])('refuses the gateway target %j %j in one line, exit 2', (argv, env, message) => {
    let error: unknown;
    try {
      parseCli(['--target', 'http://api/v1', ...argv], env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toBe(message);
    expect(EXIT_FOR_CODE[(error as EngineError).code]).toBe(2);
  });

  it('splits include and exclude lists', () => {
    const o = parseCli(['--include', 'Agents, getHealth', '--exclude', 'deleteAgent'], {});
    expect(o.include).toEqual(['Agents', 'getHealth']);
    expect(o.exclude).toEqual(['deleteAgent']);
  });

  it.each([
    [['--nope']],
    [['--seed', '-1']],
    [['--seed', '1.5']],
    [['--examples', 'many']],
    [['--edition', 'x']],
    [['--target', 'localhost:10254']],
    [['positional']],
  ])('refuses %j with a usage or configuration error', (argv) => {
    expect(() => parseCli(argv, {})).toThrow(EngineError);
  });
});

describe('readEnvFile', () => {
  const write = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'occ-envfile-'));
    writeFileSync(join(dir, '.env'), text);
    return join(dir, '.env');
  };

  it('reads KEY=VALUE lines, comments, export prefixes and quoted multi-line values', () => {
    const env = readEnvFile(write('# c\nA=1\nexport B="two words"\nC="line1\nline2"\n\n'));
    expect(env).toEqual({ A: '1', B: 'two words', C: 'line1\nline2' });
  });

  it('gives nothing when the file does not exist', () => {
    expect(readEnvFile('/nonexistent/.env')).toEqual({});
  });

  it.each([['ONECLI_API_KEY oc_x\n', 1], ['A=1\n=2\n', 2], ['A="open\n', 1]])('refuses %j', (text) => {
    expect(() => readEnvFile(write(text))).toThrow(/ENV|\.env/);
  });
});
