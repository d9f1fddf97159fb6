import { setOwn } from './schema-types';

/** Where a value sits inside a JSON value: property names and array indexes, outermost first. */
export type ValuePath = Array<string | number>;

/** The value at `path` (the caller knows it is there). */
export function readAt(value: unknown, path: ValuePath): unknown {
  let v = value;
  for (const step of path) v = (v as Record<string | number, unknown>)[step];
  return v;
}

/** A copy of `value` with `replacement` at `path`; only the containers on the path are copied. */
export function replaceAt(value: unknown, path: ValuePath, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) setOwn(out, k, k === head ? replaceAt(v, rest, replacement) : v);
  return out;
}
