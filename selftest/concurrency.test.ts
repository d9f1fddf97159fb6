import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import type { Report } from '../src/report/types';
import { runCli, targetEnv } from './_support/run-cli';

/**
 * The engine runs lanes side by side and cases in windows; what it sends and what it finds must not depend on
 * how many requests are in flight. Same seed, --concurrency 1 and 16: the same reports, but for timings and the
 * ids the server hands out. Run against a server with a fault, so that there are findings to compare too, and
 * as an external target, so that the ledger's lanes, the journal and the cleanup are in play. The run builds
 * its contract, compiled schemas, pool, binder and ledger once, whatever the number of tags.
 */
const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const FAULTS = ['accepts-invalid-body', 'update-not-persisted'];
const SLICE = ['--include', 'Agents,Secrets,Rules,Organization Settings,Organization Rules', '--examples', '12', '--seed', '424242'];

async function run(concurrency: number, faults: string[] = []): Promise<Report> {
  const server = await startReferenceServer({ faults });
  servers.push(server);
  const result = await runCli([...SLICE, '--concurrency', String(concurrency)], { env: targetEnv(server), timeoutMs: 240_000 });
  expect(result.report, result.stderr).toBeDefined();
  return result.report!;
}

/**
 * The report without what may differ between two runs of the same seed: timings, the server's ids and
 * instants, and the bodies and headers of the answers kept as evidence (a list of agents made in the same
 * millisecond comes in either order); their statuses stay.
 */
function comparable(report: Report): unknown {
  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      if ('status' in v && 'body' in v && 'headers' in v) return { status: (v as { status: unknown }).status };
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => !['durationMs', 'startedAt', 'finishedAt', 'baseUrl', 'curl', 'date'].includes(k))
          .map(([k, x]) => [k, strip(x)]),
      );
    }
    const instant = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g;
    return typeof v === 'string' ? v.replace(uuid, '<id>').replace(instant, '<time>').replace(/\b(oc_[a-z_]*)[A-Za-z0-9_-]{8,}/g, '$1<key>') : v;
  };
  return strip(report);
}

describe.concurrent('concurrency', () => {
  it('the same seed gives the same report at --concurrency 1 and 16 (findings, counts, statuses), on a server with a fault', async () => {
    const [one, sixteen] = await Promise.all([run(1, FAULTS), run(16, FAULTS)]);
    expect(one.findings.length, 'the fault is found').toBeGreaterThan(0);
    expect(one.requests).toBe(sixteen.requests);
    expect(comparable(sixteen)).toEqual(comparable(one));
  });

  it('the same at --concurrency 1 and 16 on a stricter server, where the run learns its unstated rules as it goes', async () => {
    const [one, sixteen] = await Promise.all([run(1, ['strict-but-correct']), run(16, ['strict-but-correct'])]);
    const learned = one.operations.filter((o) => o.learned?.length);
    expect(learned.length, 'the strict server taught the run something').toBeGreaterThan(0);
    expect(comparable(sixteen)).toEqual(comparable(one));
  });

  it('builds the contract, its compiled schemas, the pool, the binder and the ledger once for a run of several tags', async () => {
    const report = await run(16);
    expect(new Set(report.operations.filter((o) => o.status !== 'excluded').map((o) => o.tag)).size).toBe(5);
    expect(report.built).toEqual({ contracts: 1, compilers: 1, pools: 1, binders: 1, ledgers: 1 });
    expect(report.verdict).toBe('conforms');
    expect(report.leftovers).toEqual([]);
  });
});
