import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { EngineError } from '../errors';

const LINE = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/;

/**
 * Reads a `.env` file with dotenv, after checking that every line is blank, a comment or KEY=VALUE
 * (dotenv itself skips malformed lines silently, which would hide a typo in a key's name).
 * A value may continue over several lines inside quotes.
 */
export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const text = readFileSync(path, 'utf8');
  let openQuote: string | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = undefined;
      return;
    }
    if (/^\s*(#.*)?$/.test(line)) return;
    if (!LINE.test(line)) throw new EngineError('ENV_MALFORMED', `${path}:${i + 1}: not a KEY=VALUE line`);
    const value = line.slice(line.indexOf('=') + 1).trim();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) < 0) openQuote = quote;
  });
  if (openQuote) throw new EngineError('ENV_MALFORMED', `${path}: a quoted value is never closed`);
  return parse(text);
}
