import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Contract, loadContract } from '../contract/load';
import { type Change, type ContractDiff, changeLine, changeLocation, diffOperations, summaryLine } from '../contract/diff';
import { EngineError } from '../errors';
import { EXIT, EXIT_FOR_CODE } from './exit-codes';

export const DIFF_HELP = `Usage: onecli-conformance diff OLD NEW [--format text|md|json]

Compares two OpenAPI 3.1 documents (paths or http(s) URLs, $refs resolved): operations added, removed
and changed (matched by method + path), and for a changed one its parameters, request body and responses,
schemas compared property by property. Each change says whether it breaks clients written against OLD:
an operation or a documented 2xx status removed, a new required parameter or request property, a request
schema made narrower (type, enum, bounds, pattern), a 2xx response property removed, made optional or
retyped. Descriptions and examples are ignored.

  --format FORMAT   text (default: one line per change, grouped by operation, then a summary line),
                    md (a Markdown section for a pull-request comment) or json
  -h, --help        this text

Exit codes: 0 no breaking change · 1 at least one breaking change · 2 usage error ·
3 a document that cannot be read or is not valid OpenAPI 3.1.`;

/** The line the top-level --help gives the subcommand. */
export const DIFF_HELP_LINE = `  onecli-conformance diff OLD NEW [--format text|md|json]
                        what changed between two contracts, and which changes break clients (exit 1)`;

const FORMATS = ['text', 'md', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** `onecli-conformance diff`: compares two contracts; returns the exit code. */
export async function diffCommand(argv: string[], cwd = process.cwd()): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        strict: true,
        allowPositionals: true,
        options: {
          format: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      throw new EngineError('USAGE', `${(error as Error).message.split('\n')[0]!.replace(/\. To specify .*$/, '')} (see diff --help)`);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      process.stdout.write(`${DIFF_HELP}\n`);
      return EXIT.CONFORMS;
    }
    const format = (values.format ?? 'text') as Format;
    if (!FORMATS.includes(format)) throw new EngineError('USAGE', `--format must be text, md or json (got ${values.format}) (see diff --help)`);
    if (positionals.length !== 2) {
      throw new EngineError('USAGE', `diff needs two contracts, OLD and NEW (got ${positionals.length}) (see diff --help)`);
    }
    const [before, after] = [await loadSource(positionals[0]!, cwd), await loadSource(positionals[1]!, cwd)];
    const diff = diffOperations(before.operations, after.operations);
    const sources = { old: describe(before, positionals[0]!), new: describe(after, positionals[1]!) };
    const output = format === 'json' ? diffJson(diff, sources) : format === 'md' ? diffMarkdown(diff, sources) : diffText(diff);
    process.stdout.write(output);
    return diff.summary.breaking > 0 ? EXIT.DOES_NOT_CONFORM : EXIT.CONFORMS;
  } catch (error) {
    if (error instanceof EngineError) {
      process.stderr.write(`onecli-conformance diff: ${error.message}\n`);
      return EXIT_FOR_CODE[error.code];
    }
    process.stderr.write(`onecli-conformance diff: internal error: ${String((error as Error)?.stack ?? error)}\n`);
    return EXIT.INTERNAL;
  }
}

/**
 * Loads a contract with the engine's loader. A URL is fetched into a temporary file first (so its own
 * relative $refs to other files are not followed; references inside the document are).
 */
async function loadSource(source: string, cwd: string): Promise<Contract> {
  if (!/^https?:\/\//i.test(source)) return loadContract(resolve(cwd, source));
  let text: string;
  try {
    const response = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    throw new EngineError('SPEC_UNREADABLE', `cannot read contract ${source}: ${(error as Error).message}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'occ-diff-'));
  const file = join(dir, basename(new URL(source).pathname) || 'openapi.yaml');
  try {
    writeFileSync(file, text);
    return { ...(await loadContract(file)), path: source };
  } catch (error) {
    if (error instanceof EngineError) throw new EngineError(error.code, error.message.split(file).join(source));
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Source {
  source: string;
  title: string;
  version: string;
  sha256: string;
}

function describe(contract: Contract, source: string): Source {
  return { source, title: contract.title, version: contract.version, sha256: contract.sha256 };
}

/** One line per change, operations separated by a blank line, then the summary line. */
export function diffText(diff: ContractDiff): string {
  const groups = diff.operations.map((op) => op.changes.map(changeLine).join('\n'));
  return `${[...groups, summaryLine(diff)].join('\n\n')}\n`;
}

/** A Markdown section for a pull-request comment: the summary, then a table of the changes, breaking first. */
export function diffMarkdown(diff: ContractDiff, sources: { old: Source; new: Source }): string {
  const lines = [
    '## Contract changes',
    '',
    `\`${code(sources.old.source)}\` → \`${code(sources.new.source)}\`: **${summaryLine(diff)}**`,
    '',
  ];
  const changes = diff.operations.flatMap((op) => op.changes.map((change) => ({ op, change })));
  if (!changes.length) {
    lines.push('No change.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('| | Operation | Where | Change |', '|---|---|---|---|');
  const ordered = [...changes.filter((c) => c.change.breaking), ...changes.filter((c) => !c.change.breaking)];
  for (const { op, change } of ordered) {
    const where = changeLocation(change);
    lines.push(
      `| ${change.breaking ? '**breaking**' : ''} | \`${code(change.operation)}\` (${text(op.operationId)}) | ${where ? `\`${code(where)}\`` : ''} | ${text(change.detail)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The machine-readable form: both documents, the summary, and every change with its location and line. */
export function diffJson(diff: ContractDiff, sources: { old: Source; new: Source }): string {
  const change = (c: Change) => ({ ...c, location: changeLocation(c), line: changeLine(c) });
  return `${JSON.stringify(
    {
      old: sources.old,
      new: sources.new,
      summary: diff.summary,
      operations: diff.operations.map((op) => ({ ...op, changes: op.changes.map(change) })),
    },
    null,
    2,
  )}\n`;
}

/** Text inside a code span of a table cell. */
function code(value: string): string {
  return value.replace(/`/g, "'").replace(/\|/g, '\\|');
}

/** Plain text in a table cell: Markdown's special characters escaped. */
function text(value: string): string {
  return value.replace(/[\\`*_[\]|]/g, (c) => `\\${c}`).replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
