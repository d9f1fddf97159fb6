import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { parseCli } from './args';
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
