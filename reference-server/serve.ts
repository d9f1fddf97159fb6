/**
 * `npm run serve [-- --port N --edition E --fault ID|SET]`: starts the reference server on
 * 127.0.0.1 and prints the settings to paste into `.env`, one per line. `--fault` applies
 * faults (faults/index.ts) or fault sets (faults/sets.ts, e.g. `strict-but-correct`).
 * Exit codes: 2 bad flags, 4 port unavailable, 1 any other start failure.
 */
import { parseServeArgs, UsageError } from './serve-args.ts';
import { startReferenceServer } from './server.ts';

const HOST = '127.0.0.1';

function die(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function listenFailure(error: unknown, port: number): never {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') die(4, `port ${port} on ${HOST} is already in use; choose another with --port N`);
  if (code === 'EACCES') die(4, `port ${port} on ${HOST} cannot be bound (permission denied); choose another with --port N`);
  die(1, `reference server failed to start: ${(error as Error).message}`);
}

let args;
try {
  args = parseServeArgs(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) die(2, error.message);
  throw error;
}

const server = await startReferenceServer({ port: args.port, host: HOST, edition: args.edition, faults: args.faults }).catch((error: unknown) =>
  listenFailure(error, args.port),
);

process.stdout.write(
  [
    `ONECLI_BASE_URL=${server.baseUrl}`,
    `ONECLI_API_KEY=${server.keys.projectKey}`,
    `ONECLI_ORG_API_KEY=${server.keys.orgKey}`,
    `ONECLI_PROJECT_ID=${server.keys.projectId}`,
    `ONECLI_ORG_MEMBER_API_KEY=${server.keys.orgMemberKey}`,
    `ONECLI_PARTNER_API_KEY=${server.keys.partnerKey}`,
  ].join('\n') + '\n',
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
