/** Command-line flags of `npm run serve`. */
import { type Edition, editions, isEdition } from './edition.ts';

export const DEFAULT_PORT = 10254;

export interface ServeArgs {
  port: number;
  edition: Edition;
}

/** A flag error, printed as one line; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: npm run serve -- [--port N] [--edition ${editions.join('|')}]`;

function parsePort(value: string | undefined): number {
  if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`--port needs an integer from 0 to 65535 (got ${value ?? 'nothing'})`);
  }
  return Number(value);
}

function parseEdition(value: string | undefined): Edition {
  if (value === undefined || !isEdition(value)) {
    throw new UsageError(`--edition needs one of ${editions.join(', ')} (got ${value ?? 'nothing'})`);
  }
  return value;
}

/** Parses `--port N` and `--edition E` (also `--flag=value`). Throws UsageError on anything else. */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const args: ServeArgs = { port: DEFAULT_PORT, edition: 'cloud' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (flag !== '--port' && flag !== '--edition') throw new UsageError(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (flag === '--port') args.port = parsePort(value);
    else args.edition = parseEdition(value);
  }
  return args;
}
