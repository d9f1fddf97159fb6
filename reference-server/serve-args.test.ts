import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseServeArgs, UsageError } from './serve-args.ts';

describe('serve-args', () => {
  it.each<[string[], { port: number; edition: string }]>([
    [[], { port: DEFAULT_PORT, edition: 'cloud' }],
    [['--port', '0'], { port: 0, edition: 'cloud' }],
    [['--port=8080', '--edition', 'enterprise'], { port: 8080, edition: 'enterprise' }],
    [['--edition=community', '--port', '65535'], { port: 65535, edition: 'community' }],
  ])('parses %j', (argv, expected) => {
    expect(parseServeArgs(argv)).toEqual(expected);
  });

  it('parses --fault: fault ids and set names, comma-separated or repeated, kept as given', () => {
    expect(parseServeArgs(['--fault', 'strict-but-correct', '--fault=auth-401-flat,no-auth'])).toEqual({
      port: DEFAULT_PORT,
      edition: 'cloud',
      faults: ['strict-but-correct', 'auth-401-flat', 'no-auth'],
    });
  });

  it.each([
    [['--port'], '--port needs an integer from 0 to 65535 (got nothing)'],
    [['--port', 'abc'], '--port needs an integer from 0 to 65535 (got abc)'],
    [['--port', '65536'], '--port needs an integer from 0 to 65535 (got 65536)'],
    [['--port=-1'], '--port needs an integer from 0 to 65535 (got -1)'],
    [['--edition', 'free'], '--edition needs one of cloud, enterprise, community (got free)'],
    [['--fault'], '--fault needs a fault id or a fault set name (got nothing)'],
    [['--fault', 'nope'], /^--fault: Unknown fault "nope"; known faults: auth-401-flat, .*; fault sets: strict-but-correct$/],
    [['--verbose'], /^unknown argument "--verbose"; usage: /],
    [['8080'], /^unknown argument "8080"; usage: /],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseServeArgs(argv)).toThrow(UsageError);
    expect(() => parseServeArgs(argv)).toThrow(message);
  });
});
