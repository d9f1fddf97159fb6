import fc from 'fast-check';
import { fullFormats } from 'ajv-formats/dist/formats.js';

/** How Ajv (with ajv-formats, full mode) checks one format, and which data type it applies to. */
export interface FormatCheck {
  readonly type: 'string' | 'number';
  readonly test: (value: string | number) => boolean;
}

/** The ajv-formats check for `name`; undefined when Ajv does not know the format (it then ignores it). */
const checks = new Map<string, FormatCheck | undefined>();

export function formatCheck(name: unknown): FormatCheck | undefined {
  if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(fullFormats, name)) return undefined;
  if (!checks.has(name)) checks.set(name, toCheck((fullFormats as Record<string, unknown>)[name]));
  return checks.get(name);
}

function toCheck(def: unknown): FormatCheck | undefined {
  if (def instanceof RegExp) {
    return {
      type: 'string',
      test: (v) => {
        def.lastIndex = 0;
        return def.test(String(v));
      },
    };
  }
  if (typeof def === 'function') return { type: 'string', test: (v) => Boolean((def as (x: unknown) => unknown)(v)) };
  if (typeof def === 'object' && def !== null) {
    const { validate, type } = def as { validate?: unknown; type?: string };
    const inner = toCheck(validate);
    if (!inner) return undefined;
    return { type: type === 'number' ? 'number' : 'string', test: inner.test };
  }
  return undefined;
}

/** Whether `value` passes the format as Ajv would (values of another type pass). */
export function passesFormat(name: unknown, value: unknown): boolean {
  const check = formatCheck(name);
  if (!check) return true;
  if (check.type === 'string') return typeof value !== 'string' || check.test(value);
  return typeof value !== 'number' || check.test(value);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const instant = fc
  .date({ min: new Date('1970-01-01T00:00:00.000Z'), max: new Date('2099-12-31T23:59:59.999Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

const offset = fc.constantFrom('Z', 'Z', '+00:00', '+01:00', '-05:00', '+05:30', 'z');

const fraction = fc.option(fc.integer({ min: 0, max: 999 }).map((ms) => `.${pad(ms, 3)}`), { nil: '', freq: 2 });

const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), fraction)
  .map(([h, m, s, f]) => `${pad(h)}:${pad(m)}:${pad(s)}${f}`);

const date = instant.map((iso) => iso.slice(0, 10));

const label = fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const domain = fc.tuple(fc.array(label, { minLength: 1, maxLength: 2 }), fc.constantFrom('com', 'org', 'net', 'io', 'dev', 'example')).map(([ls, tld]) => [...ls, tld].join('.'));

const email = fc.tuple(fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9_+-]{0,10}(?:\.[a-zA-Z0-9_+-]{1,6})?$/), domain).map(([l, d]) => `${l}@${d}`);

const pathSegment = fc.stringMatching(/^[a-zA-Z0-9._~-]{1,10}$/);
const query = fc.option(
  fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-zA-Z0-9%._-]{0,8}$/)).map(([k, v]) => `?${k}=${v}`),
  { nil: '', freq: 3 },
);
// Built by hand: fc.webUrl() costs about a second to construct (a large reverse mapping).
const webUrl = fc
  .tuple(fc.constantFrom('https', 'http'), domain, fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined, freq: 4 }), fc.array(pathSegment, { maxLength: 3 }), query)
  .map(([s, d, port, p, q]) => `${s}://${d}${port === undefined ? '' : `:${port}`}${p.map((x) => `/${x}`).join('')}${q}`);

const jsonPointer = fc.array(fc.stringMatching(/^[a-zA-Z0-9_~]{0,6}$/), { maxLength: 4 }).map((ts) => ts.map((t) => `/${t.replace(/~/g, '~0')}`).join(''));

const duration = fc.oneof(
  fc.nat({ max: 400 }).map((d) => `P${d}D`),
  fc.tuple(fc.nat({ max: 48 }), fc.nat({ max: 59 })).map(([h, m]) => `PT${h}H${m}M`),
  fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 11 }), fc.nat({ max: 30 })).map(([y, mo, d]) => `P${y}Y${mo}M${d}DT1S`),
  fc.nat({ max: 52 }).map((w) => `P${w}W`),
);

const byte = fc.uint8Array({ maxLength: 24 }).map((bytes) => Buffer.from(bytes).toString('base64'));

let stringFormats: Record<string, fc.Arbitrary<string>> | undefined;

/** Built on first use: importing the module stays cheap. */
const STRING_FORMATS = (): Record<string, fc.Arbitrary<string>> => (stringFormats ??= {
  'date-time': fc.tuple(instant, offset).map(([iso, off]) => (off === 'Z' ? iso : iso.slice(0, 19) + off)),
  'iso-date-time': fc.tuple(instant, fc.constantFrom('', 'Z', '+02:00')).map(([iso, off]) => iso.slice(0, 19) + off),
  date,
  time: fc.tuple(time, offset).map(([t, o]) => t + o),
  'iso-time': fc.tuple(time, fc.constantFrom('', 'Z', '-03:00')).map(([t, o]) => t + o),
  duration,
  email,
  hostname: fc.oneof({ arbitrary: domain, weight: 3 }, { arbitrary: fc.domain(), weight: 1 }),
  ipv4: fc.ipV4(),
  ipv6: fc.ipV6(),
  uri: webUrl,
  url: webUrl,
  'uri-reference': fc.oneof(webUrl, fc.array(pathSegment, { minLength: 1, maxLength: 3 }).map((p) => `/${p.join('/')}`)),
  'uri-template': fc.array(fc.oneof(pathSegment, pathSegment.map((s) => `{${s.replace(/[.~-]/g, '')}x}`)), { minLength: 1, maxLength: 3 }).map((p) => `/${p.join('/')}`),
  uuid: fc.uuid(),
  'json-pointer': jsonPointer,
  'json-pointer-uri-fragment': jsonPointer.map((p) => `#${encodeURI(p)}`),
  'relative-json-pointer': fc.tuple(fc.nat({ max: 5 }), fc.oneof(fc.constant('#'), jsonPointer)).map(([n, p]) => `${n}${p}`),
  regex: fc.constantFrom('^[a-z]+$', '.*', 'a|b', '^\\d{3}-\\d{4}$', '[A-Z]'),
  byte,
});

/**
 * Strings in the given format, before any length or pattern filtering; undefined when the format
 * does not constrain strings (unknown to Ajv, or `password`/`binary`, which accept anything).
 */
export function formatString(name: unknown): fc.Arbitrary<string> | undefined {
  if (typeof name !== 'string') return undefined;
  const check = formatCheck(name);
  if (!check || check.type !== 'string') return undefined;
  const all = STRING_FORMATS();
  return Object.prototype.hasOwnProperty.call(all, name) ? all[name] : undefined;
}

/** Near misses for each format, tried before random strings when a format must be broken. */
const NEAR_MISSES: Record<string, string[]> = {
  'date-time': ['2024-13-01T00:00:00Z', '2024-02-30T10:00:00Z', '2024-01-01T25:00:00Z', '2024-01-01T10:00:00', '2024-01-01', 'not-a-date-time'],
  'iso-date-time': ['2024-13-01T00:00:00', '2024-01-01T24:61:00', 'not-a-date-time'],
  date: ['2024-13-01', '2023-02-29', '2024-1-1', '01/02/2024', 'not-a-date'],
  time: ['25:00:00Z', '12:60:00Z', '12:00:00', '12:00', 'noon'],
  'iso-time': ['25:00:00', '12:60:00', 'noon'],
  duration: ['P', 'PT', '1D', 'P1H', 'forever'],
  email: ['plainaddress', '@example.com', 'user@', 'user@@example.com', 'user name@example.com'],
  hostname: ['-leading-hyphen.com', 'under_score.com', 'a..b', 'x'.repeat(64) + '.com'],
  ipv4: ['256.0.0.1', '1.2.3', '1.2.3.4.5', '01.02.03.004x'],
  ipv6: ['12345::', '1:2:3:4:5:6:7:8:9', ':::1', 'g::1'],
  uri: ['not a uri', '//no-scheme.example.com', '/relative/path', 'http://exa mple.com'],
  url: ['not a url', 'example.com', 'http://exa mple.com'],
  'uri-reference': ['\\\\backslash', 'has space', '#frag#twice'],
  'uri-template': ['{unclosed', '/a/{b'],
  uuid: ['not-a-uuid', '123e4567-e89b-12d3-a456-42661417400', '123e4567e89b12d3a456426614174000x', 'g23e4567-e89b-12d3-a456-426614174000'],
  'json-pointer': ['no-leading-slash', '/a~2'],
  'json-pointer-uri-fragment': ['no-hash', '#/a b'],
  'relative-json-pointer': ['/a', '-1', 'a'],
  regex: ['[', '(unclosed', '*'],
  byte: ['@@@', 'abc', 'YQ=', 'a=b='],
};

/** Strings that fail the format (deterministic near misses first, then random strings). */
export function formatBreakingString(name: string): fc.Arbitrary<string> {
  const check = formatCheck(name);
  const misses = (NEAR_MISSES[name] ?? []).filter((s) => !check || !check.test(s));
  const random = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !check || !check.test(s));
  return misses.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...misses), weight: 3 }, { arbitrary: random, weight: 1 }) : random;
}

export function nearMisses(name: string): string[] {
  const check = formatCheck(name);
  return (NEAR_MISSES[name] ?? []).filter((s) => !check || !check.test(s));
}
