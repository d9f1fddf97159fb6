/** `multipleOf` exactly as Ajv checks it (`data / m` must equal `parseInt(data / m)`, no precision option). */
export function isMultipleOf(value: number, multipleOf: number): boolean {
  const r = value / multipleOf;
  return r === parseInt(r as unknown as string, 10);
}

/** Digits after the decimal point in the shortest representation of `x` (`1e-7` → 7). */
export function decimals(x: number): number {
  const s = String(Math.abs(x));
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) return 0;
  const frac = m[2]?.length ?? 0;
  const exp = m[3] ? parseInt(m[3], 10) : 0;
  return Math.max(0, frac - exp);
}

/** Rounds to `digits` decimals without leaving binary noise (`0.1 * 3` → `0.3`). */
export function roundTo(x: number, digits: number): number {
  if (digits <= 0) return Math.round(x);
  if (digits > 20) return x;
  return Number(x.toFixed(digits));
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

/** Least common multiple of two positive numbers with few decimals; undefined when not representable. */
export function lcm(a: number, b: number): number | undefined {
  if (a <= 0 || b <= 0) return undefined;
  const d = Math.max(decimals(a), decimals(b));
  if (d > 15) return undefined;
  const scale = 10n ** BigInt(d);
  const ia = BigInt(Math.round(a * 10 ** d));
  const ib = BigInt(Math.round(b * 10 ** d));
  if (ia === 0n || ib === 0n) return undefined;
  const l = (ia / gcd(ia, ib)) * ib;
  const r = Number(l) / Number(scale);
  return Number.isFinite(r) ? r : undefined;
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);

/** The next double above `x`. */
export function nextUp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === 0) return Number.MIN_VALUE;
  f64[0] = x;
  i64[0] += x > 0 ? 1n : -1n;
  return f64[0];
}

/** The next double below `x`. */
export function nextDown(x: number): number {
  return -nextUp(-x);
}

/** `-0` becomes `0` (JSON has no negative zero). */
export function noNegativeZero(x: number): number {
  return x === 0 ? 0 : x;
}
