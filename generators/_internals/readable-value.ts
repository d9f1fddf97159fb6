import { isPlainObject } from './schema-types';
import { readAt, replaceAt, type ValuePath as Path } from './value-path';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Whether every character of `s` is printable ASCII (U+0020–U+007E). */
export function isPrintableAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/**
 * `s` with each code point outside printable ASCII replaced by a letter (`a`–`z` by position), so the
 * length in code points, which is what JSON Schema counts, stays the same.
 */
export function printableAscii(s: string): string {
  let i = 0;
  let out = '';
  for (const c of s) {
    out += c >= '\x20' && c <= '\x7e' ? c : LETTERS[i % LETTERS.length];
    i++;
  }
  return out;
}

/**
 * `value` with its strings (object values and array items; keys are left alone) made printable ASCII one
 * at a time, in document order, each change kept only while `ok` still holds for the whole value.
 *
 * For values that are generated once and then reused as they are, with nothing to shrink them (boundary
 * values, the filler of a documented example): a random string of astral, private-use or invisible format
 * characters (U+00AD, U+FFF2…) is no better at a length boundary than letters, and much worse as evidence.
 */
export function readableValue(value: unknown, ok: (candidate: unknown) => boolean): unknown {
  let current = value;
  for (const path of nonAsciiStrings(value)) {
    const candidate = replaceAt(current, path, printableAscii(readAt(current, path) as string));
    if (ok(candidate)) current = candidate;
  }
  return current;
}


function nonAsciiStrings(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (typeof value === 'string') {
    if (!isPrintableAscii(value)) out.push(at);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nonAsciiStrings(item, [...at, i], out));
  } else if (isPlainObject(value)) {
    for (const k of Object.keys(value)) nonAsciiStrings(value[k], [...at, k], out);
  }
  return out;
}

