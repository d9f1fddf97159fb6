import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import type { Report } from '../src/report/types';
import { type CliRun, runCli, targetEnv } from './_support/run-cli';

/**
 * A server stricter than the contract, as real OneCLI servers are (reference-server/faults/sets.ts,
 * strict-but-correct: trimmed names, UTF-16 lengths, "" read as missing, PATCH {}, the rate-limit pair,
 * hostname-like hostPattern, providers not available), refuses some valid requests with the documented
 * route-level 400 flat. That is a warning, one cause per rule, never an error: the run conforms unless
 * --strict, and it reaches 2xx on every operation it reaches on the correct server.
 */
const SLICE = ['--include', 'Agents,Secrets,Rules,Projects,Apps,User', '--examples', '10', '--seed', '424242'];

/** The messages the strict rules answer with (normalized as causes are: quoted values and numbers kept apart). */
const RULES = [
  /^400 flat: [\w.]+: too small: expected string to have >=\d+ characters$/,
  /^400 flat: [\w.]+: too big: expected string to have <=\d+ characters$/,
  /^400 flat: \w+: required$/,
  /^400 flat: at least one field must be provided$/,
  /^400 flat: ratelimit and ratelimitwindow are required when action is rate_limit$/,
  /^400 flat: hostpattern: invalid hostname pattern$/,
];

const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function run(faults: string[], extra: string[] = []): Promise<CliRun> {
  const server = await startReferenceServer({ faults });
  servers.push(server);
  return runCli([...SLICE, ...extra], { env: targetEnv(server) });
}

const reached = (report: Report) => report.operations.filter((o) => o.reached2xx).map((o) => o.operationId);

describe('a server stricter than the contract, but correct', async () => {
  const [lenient, strict, correct] = await Promise.all([run(['strict-but-correct']), run(['strict-but-correct'], ['--strict']), run([])]);

  it('conforms without --strict: no error, every refusal a warning of positive-data-acceptance', () => {
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(lenient.report!.verdict).toBe('conforms');
    expect(lenient.report!.summary.findings.error).toBe(0);
    expect(lenient.report!.findings.map((f) => `${f.checkId} ${f.severity}`).filter((x) => x !== 'positive-data-acceptance warning')).toEqual([]);
  });

  it('groups the warnings into one cause per rule, each quoting the server', () => {
    const causes = lenient.report!.causes;
    expect(causes.length).toBeGreaterThanOrEqual(4);
    for (const c of causes) expect(RULES.some((r) => r.test(c.key)), c.key).toBe(true);
    expect(new Set(causes.map((c) => c.key)).size).toBe(causes.length);
    // every finding of a cause quotes the message its cause names
    const byId = new Map(lenient.report!.findings.map((f) => [f.id, f]));
    for (const c of causes) for (const id of c.findings) expect(byId.get(id)!.cause).toBe(c.key);
  });

  it('records what the refusals taught: the fields they named, per operation', () => {
    const learned = (id: string) => lenient.report!.operations.find((o) => o.operationId === id)?.learned ?? [];
    expect(learned('addBlocklistEntry')).toContain('/hostPattern');
    expect(learned('updateRule')).toContain(''); // "At least one field must be provided"
    expect(learned('createRule')).toEqual(expect.arrayContaining(['/rateLimit', '/rateLimitWindow']));
    // the correct server refuses no valid request: nothing to learn
    expect(correct.report!.operations.filter((o) => o.learned?.length).map((o) => o.operationId)).toEqual([]);
  });

  it('fails with --strict (exit 1), on the same warnings', () => {
    expect(strict.code, strict.stderr).toBe(1);
    expect(strict.report!.verdict).toBe('does-not-conform');
    expect(strict.report!.causes.map((c) => c.id)).toEqual(lenient.report!.causes.map((c) => c.id));
  });

  it('reaches 2xx on every operation the correct server reaches 2xx on', () => {
    expect(correct.code, correct.stderr).toBe(0);
    expect(reached(correct.report!).filter((op) => !reached(lenient.report!).includes(op))).toEqual([]);
  });
});
