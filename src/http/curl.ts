import type { WireRequest } from './types';

/** Shell-quotes one word for POSIX shells. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\/:=.,@%+-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command reproducing `request` against `baseUrl`. Give it an already redacted request:
 * it prints what it is given. Headers curl adds itself (Host, Content-Length, Connection) are left out.
 */
export function toCurl(baseUrl: string, request: WireRequest): string {
  const url = baseUrl.replace(/\/+$/, '') + request.path;
  const words = ['curl', '-sS', '-X', request.method, shellQuote(url)];
  for (const [name, value] of Object.entries(request.headers)) {
    if (/^(host|content-length|connection)$/i.test(name)) continue;
    words.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) words.push('--data-raw', shellQuote(request.body));
  return words.join(' ');
}
