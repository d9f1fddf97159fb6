/** Command-line flags of `npm run serve`. */
import { type Edition, editions, isEdition } from './edition.ts';
import { expandFaults } from './faults/sets.ts';

export const DEFAULT_PORT = 10254;

export interface ServeArgs {
  port: number;
  edition: Edition;
  /** Fault ids and set names (faults/index.ts, faults/sets.ts), as given; absent when there is no `--fault`. */
  faults?: string[];
}

/** A flag error, printed as one line; exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `usage: npm run serve -- [--port N] [--edition ${editions.join('|')}] [--fault ID|SET[,…]]…`;

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

/** Fault ids or set names, comma-separated; each must be known (the error lists the known ones). */
function parseFaults(value: string | undefined): string[] {
  const names = (value ?? '').split(',').filter((name) => name !== '');
  if (names.length === 0) throw new UsageError('--fault needs a fault id or a fault set name (got nothing)');
  try {
    expandFaults(names);
  } catch (error) {
    throw new UsageError(`--fault: ${(error as Error).message}`);
  }
  return names;
}

/**
 * Parses `--port N`, `--edition E` and `--fault ID|SET[,…]` (repeatable; also `--flag=value`). Throws
 * UsageError on anything else.
 */
export function parseServeArgs(argv: readonly string[]): ServeArgs {
  const args: ServeArgs = { port: DEFAULT_PORT, edition: 'cloud' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (flag !== '--port' && flag !== '--edition' && flag !== '--fault') {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (flag === '--port') args.port = parsePort(value);
    else if (flag === '--edition') args.edition = parseEdition(value);
    else args.faults = [...(args.faults ?? []), ...parseFaults(value)];
  }
  return args;
}
