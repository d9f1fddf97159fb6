import { afterAll, describe, expect, it } from 'vitest';
import { type RunningReferenceServer, startReferenceServer } from '../reference-server/index';
import type { Report } from '../src/report/types';
import { runCli, targetEnv } from './_support/run-cli';
import { expectCauseShown } from './_support/causes';

/**
 * The headers, roles and methods phases, and the ignored-auth root cause, each catch the fault made for
 * them: the CLI, run on a slice against the reference server with that fault, exits 1 with the expected
 * finding; the same run against the correct server exits 0.
 */
const COMMON = ['--examples', '5', '--seed', '424242'];

interface Case {
  fault: string;
  checkId: string;
  /** The operation the finding names. */
  operationId: string;
  args: string[];
  /** Further evidence the report must hold. */
  also?: (report: Report) => void;
}

const CASES: Case[] = [
  { fault: 'ignores-missing-project-id', checkId: 'missing-required-header', operationId: 'listAgents', args: ['--include', 'listAgents'] },
  {
    fault: 'member-can-delete-org-secrets',
    checkId: 'role-enforcement',
    operationId: 'deleteOrgSecret',
    args: ['--include', 'deleteOrgSecret'],
    // the secret is gone, as read back with the admin key
    also: (report) =>
      expect(report.findings.find((f) => f.checkId === 'role-enforcement')).toMatchObject({
        phase: 'roles',
        title: 'Admin-only operation allowed to a plain member',
        case: { kind: 'member-key', state: { read: 'listOrgSecrets (GET /org/secrets)', changed: true } },
        response: { status: 204 },
      }),
  },
  // unsupported-method is a warning: it fails a run only with --strict
  // against a target it does not own, the run sends unlisted unsafe methods only to resources it created
  { fault: 'extra-method-accepted', checkId: 'unsupported-method', operationId: 'renameAgent', args: ['--include', 'renameAgent', '--strict'] },
  {
    fault: 'no-auth',
    checkId: 'ignored-auth',
    operationId: '*',
    args: ['--include', 'Agents'],
    // one root cause for the tag, not one finding per operation; each operation's tally keeps its failures
    also: (report) => {
      const auth = report.findings.filter((f) => f.checkId === 'ignored-auth');
      const exercised = report.operations.filter((o) => o.phases.auth && !o.phases.auth.notRun);
      expect(auth).toHaveLength(1);
      expect(auth[0]).toMatchObject({ title: 'Authentication ignored on every operation', phase: 'auth' });
      expect(exercised.length).toBeGreaterThan(10);
      expect(auth[0]!.message).toContain(`failed on ${exercised.length} of the ${exercised.length} operations whose auth phase ran: listAgents, createAgent, `);
      expect(report.operations.filter((o) => o.checks['ignored-auth']?.failed)).toHaveLength(exercised.length);
    },
  },
];

const servers: RunningReferenceServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function run(faults: string[], args: string[], env?: (server: RunningReferenceServer) => Record<string, string>) {
  const server = await startReferenceServer({ faults });
  servers.push(server);
  return runCli([...args, ...COMMON], { env: (env ?? targetEnv)(server) });
}

describe.concurrent('phases catch their faults', () => {
  it.each(CASES)('fault $fault is caught by $checkId on $operationId', async ({ fault, checkId, operationId, args, also }) => {
    const cli = await run([fault], args);
    expect(cli.code, cli.stderr).toBe(1);
    expect(cli.report!.verdict).toBe('does-not-conform');
    expect(cli.report!.findings).toContainEqual(expect.objectContaining({ checkId, operationId }));
    expectCauseShown(cli, checkId, operationId);
    also?.(cli.report!);
  });

  it.each(CASES)('the correct server passes the run that catches $fault', async ({ args }) => {
    const cli = await run([], args);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.report!.findings).toEqual([]);
  });

  it('without a member key the roles phase is skipped (no-credential), never passed', async () => {
    const cli = await run(['member-can-delete-org-secrets'], ['--include', 'deleteOrgSecret'], (server) => {
      const { ONECLI_ORG_MEMBER_API_KEY: _omitted, ...env } = targetEnv(server);
      return env;
    });
    expect(cli.code, cli.stderr).toBe(0);
    const op = cli.report!.operations.find((o) => o.operationId === 'deleteOrgSecret')!;
    expect(op.phases.roles).toMatchObject({ cases: 0, notRun: { reason: 'no-credential' } });
    expect(op.checks['role-enforcement']).toMatchObject({ passed: 0, failed: 0, inconclusive: 0 });
  });
});
