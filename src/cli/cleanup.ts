import { join, resolve } from 'node:path';
import { EngineError } from '../errors';
import { HttpClient } from '../http/client';
import { Redactor } from '../http/redact';
import { type Credentials, secretsOf } from '../runner/credentials';
import { Journal, wireRequest } from '../runner/journal';
import { HELP, parseCli } from './args';
import { readEnvFile } from './env-file';
import { EXIT, EXIT_FOR_CODE } from './exit-codes';

/** The journal of runs against external targets, in the report directory. */
export const JOURNAL_FILE = 'journal.jsonl';

export const CLEANUP_HELP = `Usage: onecli-conformance cleanup [--target URL] [--report-dir DIR] [keys…]

Deletes what an interrupted or crashed run created on the target, and puts back what it changed, from the
journal the run kept in its report directory (${JOURNAL_FILE}). The run's keys are needed again (flags,
environment or .env, as for a run); the journal names which key each request used, never the key itself.
Resources made with a key the run created itself cannot be reached and are listed.

Exit codes: 0 nothing left to undo · 1 something could not be undone (listed) · 2 usage error ·
4 target unreachable.`;

/**
 * Undoes what the journal at `path` still holds for `target`: restores first, then deletes, newest first.
 * Each success (a delete answered 2xx or 404) is written back to the journal, so running it again only
 * retries what is left. Returns what was undone and what was not (with why).
 */
export async function undoJournal(path: string, target: string, credentials: Credentials): Promise<{ undone: number; left: string[] }> {
  const journal = new Journal(path, target);
  const { restores, deletes } = Journal.pending(path, target);
  const left: string[] = [];
  let undone = 0;
  if (restores.length + deletes.length === 0) return { undone, left };
  const client = new HttpClient(target);
  try {
    for (const restore of restores) {
      const request = wireRequest(restore, credentials);
      const res = request && (await client.send(request).catch(() => undefined));
      if (res && res.status < 300) {
        journal.append({ event: 'restored', target, method: restore.method, path: restore.path });
        undone++;
      } else left.push(`could not restore: ${restore.method} ${restore.path}${request ? '' : ` (needs the ${restore.key} key)`}`);
    }
    for (const { request: del, what } of deletes) {
      const request = wireRequest(del, credentials);
      if (!request) {
        left.push(`${what} ${del.path} (made with ${del.key === 'own' ? 'a key the run created' : `the ${del.key} key, not given`})`);
        continue;
      }
      const res = await client.send(request).catch(() => undefined);
      if (res && (res.status < 300 || res.status === 404)) {
        journal.append({ event: 'deleted', target, path: del.path });
        undone++;
      } else left.push(`${what} ${del.path} (answered ${res?.status ?? 'nothing'})`);
    }
  } finally {
    await client.close();
  }
  return { undone, left };
}

/** `onecli-conformance cleanup`: returns the exit code. */
export async function cleanupCommand(argv: string[], cwd = process.cwd()): Promise<number> {
  let redactor = new Redactor([]);
  try {
    const env = { ...readEnvFile(join(cwd, '.env')), ...process.env };
    const options = parseCli(argv, env);
    if (options.help) {
      process.stdout.write(`${CLEANUP_HELP}\n\nOptions are those of a run:\n${HELP}\n`);
      return EXIT.CONFORMS;
    }
    redactor = new Redactor(secretsOf(options.credentials));
    if (!options.target) throw new EngineError('CONFIG_INVALID', 'cleanup needs the target the run was sent to (--target or ONECLI_BASE_URL)');
    const path = join(resolve(cwd, options.reportDir), JOURNAL_FILE);
    const { undone, left } = await undoJournal(path, options.target, options.credentials);
    process.stdout.write(`${redactor.text(`cleanup: ${undone} undone, ${left.length} left (${path})`)}\n`);
    for (const item of left) process.stdout.write(`${redactor.text(`  left: ${item}`)}\n`);
    return left.length ? EXIT.DOES_NOT_CONFORM : EXIT.CONFORMS;
  } catch (error) {
    if (error instanceof EngineError) {
      process.stderr.write(`onecli-conformance cleanup: ${redactor.text(error.message)}\n`);
      return EXIT_FOR_CODE[error.code];
    }
    process.stderr.write(`onecli-conformance cleanup: internal error: ${redactor.text(String((error as Error)?.stack ?? error))}\n`);
    return EXIT.INTERNAL;
  }
}
