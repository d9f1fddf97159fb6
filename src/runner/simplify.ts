import { readAt, replaceAt, type ValuePath as Path } from '../../generators/_internals/value-path';
import type { RequestCase } from '../../generators/requests/types';
import { paramText } from '../../generators/requests/wire';

export interface SimplifyOptions {
  /**
   * Whether a candidate is still a request of the same kind: for a valid case, still valid by the contract
   * (route + Ajv); for an invalid case, still invalid for the same mutation. Never sent when false.
   */
  admissible(candidate: RequestCase): boolean;
  /** Sends the candidate; true when it still fails the same check with the same cause. A throw counts as false. */
  stillFails(candidate: RequestCase): Promise<boolean>;
  /** Maximum number of candidates sent. @defaultValue 40 */
  budget?: number;
}

export const DEFAULT_SIMPLIFY_BUDGET = 40;

/**
 * Simplifies the evidence of a finding: a deterministic, greedy post-pass over one failing request, after
 * fast-check's shrink (whose time limit a slow target cuts short) and for cases that are not shrunk (the
 * coverage phase's boundary values). Each step changes one thing; a change is kept only when the changed request is
 * still of the same kind (`admissible`, judged locally, never sent otherwise) and still fails the same way
 * (`stillFails`, one request sent). What is tried, largest saving in bytes first:
 *
 * - drop an object property of the body (at any depth) or a query parameter (optional ones: dropping a
 *   required one is not admissible), and drop single array items;
 * - shorten a string (by code points) or an array (its first items kept): first straight to the shortest
 *   admissible length (the schema's minLength, minItems), then by halving the gap between the longest length
 *   known not to fail and the current one, so the length ends at the failure's threshold;
 * - make a string printable ASCII: each character outside it (astral, control, format, any non-ASCII)
 *   becomes a letter `a`–`z`, first one per UTF-16 code unit (what JavaScript's `.length` counts), else one
 *   per code point (what JSON Schema counts);
 * - a number toward 0: a fraction to its integer part, an integer to 0 or the admissible integer nearest to
 *   it (the minimum).
 *
 * Path parameters only get the ASCII step (they name the resources the run bound); headers and non-JSON
 * bodies are left alone. The same request, answers and options give the same candidates in the same order.
 * Returns the simplest request found (the input itself when nothing simpler still failed) and how many
 * candidates were sent.
 */
export async function simplifyRequest(request: RequestCase, options: SimplifyOptions): Promise<{ request: RequestCase; sent: number }> {
  const budget = options.budget ?? DEFAULT_SIMPLIFY_BUDGET;
  const admissibility = new Map<string, boolean>();
  const tried = new Set<string>([requestKey(request)]);
  const admissible = (candidate: RequestCase): boolean => {
    const key = requestKey(candidate);
    let ok = admissibility.get(key);
    if (ok === undefined) {
      try {
        ok = options.admissible(candidate);
      } catch {
        ok = false;
      }
      admissibility.set(key, ok);
    }
    return ok;
  };
  const usable = (candidate: RequestCase) => !tried.has(requestKey(candidate)) && admissible(candidate);
  const states = new Map<string, SiteState>();

  let current = request;
  let sent = 0;
  let pending = new Map<string, Candidate | null>();
  while (sent < budget) {
    const size = requestSize(current);
    const candidates: Array<{ candidate: Candidate; site: Site; saving: number }> = [];
    for (const site of sitesOf(current)) {
      let candidate = pending.get(site.key);
      if (candidate === undefined) {
        let state = states.get(site.key);
        if (!state) states.set(site.key, (state = {}));
        candidate = nextCandidate(site, current, state, usable) ?? null;
        pending.set(site.key, candidate);
      }
      if (candidate) candidates.push({ candidate, site, saving: size - requestSize(candidate.request) });
    }
    if (candidates.length === 0) break;
    candidates.sort((a, b) => b.saving - a.saving || RANK[a.site.kind] - RANK[b.site.kind] || a.site.order - b.site.order);
    const { candidate, site } = candidates[0]!;
    tried.add(requestKey(candidate.request));
    sent++;
    let fails = false;
    try {
      fails = await options.stillFails(candidate.request);
    } catch {
      fails = false;
    }
    if (fails) {
      current = candidate.request;
      candidate.accepted();
      pending = new Map();
    } else {
      candidate.rejected();
      pending.delete(site.key);
    }
  }
  return { request: current, sent };
}

/**
 * The size of a request as evidence, in bytes (UTF-8): its path parameters as encoded in the URL, its
 * query string and its body. The path template, the same for every request of an operation, is left out.
 */
export function requestSize(request: RequestCase): number {
  const path = Object.values(request.pathParams).map((v) => encodeURIComponent(paramText(v)));
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) {
    for (const item of Array.isArray(value) ? value : [value]) query.append(name, paramText(item));
  }
  let body = '';
  if (request.body?.kind === 'json') body = JSON.stringify(request.body.value) ?? '';
  else if (request.body?.kind === 'raw') body = request.body.text;
  return Buffer.byteLength(path.join('/')) + Buffer.byteLength(query.toString()) + Buffer.byteLength(body);
}

// ---------------------------------------------------------------------------------------------------------

type Kind = 'drop' | 'shorten' | 'ascii' | 'number';
/** At equal savings: fewer parts first, then shorter, then readable, then smaller numbers. */
const RANK: Record<Kind, number> = { drop: 0, shorten: 1, ascii: 2, number: 3 };

type Part = 'body' | 'query' | 'path';

/** One place in the request and one kind of change to it. */
interface Site {
  key: string;
  kind: Kind;
  part: Part;
  path: Path;
  /** Document order, the last tie-break. */
  order: number;
}

/** What a site has learned from the candidates sent for it. */
interface SiteState {
  /** Nothing more to try (sent once: drop, ascii, number). */
  done?: boolean;
  /** shorten: the shortest admissible length was sent and did not fail. */
  floorTried?: boolean;
  /** shorten: lengths below this one are known not to fail (or not to be admissible). */
  low?: number;
}

interface Candidate {
  request: RequestCase;
  accepted(): void;
  rejected(): void;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function sitesOf(request: RequestCase): Site[] {
  const sites: Site[] = [];
  const add = (kind: Kind, part: Part, path: Path) => sites.push({ key: `${kind} ${part} ${JSON.stringify(path)}`, kind, part, path, order: sites.length });
  const walk = (part: Part, value: unknown, path: Path, droppable: boolean) => {
    if (droppable) add('drop', part, path);
    if (typeof value === 'string') {
      if (part !== 'path' && value.length > 0) add('shorten', part, path);
      if (!isPrintableAscii(value)) add('ascii', part, path);
    } else if (typeof value === 'number') {
      if (part !== 'path' && value !== 0) add('number', part, path);
    } else if (Array.isArray(value)) {
      if (part !== 'path' && value.length > 0) add('shorten', part, path);
      value.forEach((item, i) => walk(part, item, [...path, i], part !== 'path'));
    } else if (isObject(value)) {
      for (const k of Object.keys(value)) walk(part, value[k], [...path, k], part !== 'path');
    }
  };
  if (request.body?.kind === 'json') walk('body', request.body.value, [], false);
  walk('query', request.query, [], false);
  walk('path', request.pathParams, [], false);
  return sites;
}

/** The next untried admissible candidate of a site, or undefined; inadmissible ones are skipped here, unsent. */
function nextCandidate(site: Site, current: RequestCase, state: SiteState, usable: (c: RequestCase) => boolean): Candidate | undefined {
  if (state.done) return undefined;
  const root = rootOf(current, site.part);
  const value = readAt(root, site.path);
  const withValue = (v: unknown) => withRoot(current, site.part, replaceAt(root, site.path, v));
  const once = (request: RequestCase): Candidate => ({ request, accepted: () => (state.done = true), rejected: () => (state.done = true) });

  switch (site.kind) {
    case 'drop': {
      const candidate = withRoot(current, site.part, removeAt(root, site.path));
      return usable(candidate) ? once(candidate) : undefined;
    }
    case 'ascii': {
      const s = value as string;
      const variants = [...new Set([asciiByUnit(s), asciiByCodePoint(s)])].map(withValue);
      const candidate = variants.find(usable);
      return candidate && once(candidate);
    }
    case 'number': {
      const n = value as number;
      if (!Number.isInteger(n)) {
        const candidate = withValue(Math.trunc(n) || 0);
        // Accepted: the integer it became gets the next step.
        return usable(candidate) ? { request: candidate, accepted: () => {}, rejected: () => (state.done = true) } : undefined;
      }
      const sign = n < 0 ? -1 : 1;
      const at = (k: number) => withValue(sign * k || 0);
      const nearest = shortestAdmissible(Math.abs(n), at, usable);
      return nearest < Math.abs(n) ? once(at(nearest)) : undefined;
    }
    case 'shorten': {
      const items: unknown[] = typeof value === 'string' ? [...value] : (value as unknown[]);
      const n = items.length;
      const at = (k: number) => withValue(typeof value === 'string' ? (items as string[]).slice(0, k).join('') : items.slice(0, k));
      if (!state.floorTried) {
        const floor = shortestAdmissible(n, at, usable);
        if (floor >= n) return undefined;
        return {
          request: at(floor),
          accepted: () => {},
          rejected: () => {
            state.floorTried = true;
            state.low = Math.max(state.low ?? 0, floor + 1);
          },
        };
      }
      // Halving the gap between the longest length known not to fail and the current (failing) one.
      while ((state.low ?? 0) < n) {
        const low = state.low ?? 0;
        const mid = low + Math.floor((n - low) / 2);
        const candidate = at(mid);
        if (usable(candidate)) return { request: candidate, accepted: () => {}, rejected: () => (state.low = mid + 1) };
        state.low = mid + 1;
      }
      return undefined;
    }
  }
}

/**
 * The smallest k in [0, n] whose candidate is usable, by bisection (lengths and magnitudes are admissible
 * from a bound up, as minLength, minItems and minimum make them); n when none below n is.
 */
function shortestAdmissible(n: number, at: (k: number) => RequestCase, usable: (c: RequestCase) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (usable(at(mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function isPrintableAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}

/** Each UTF-16 code unit outside printable ASCII becomes a letter (an astral character, two). */
function asciiByUnit(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += isPrintableAscii(s[i]!) ? s[i] : LETTERS[i % LETTERS.length];
  return out;
}

/** Each code point outside printable ASCII becomes a letter (an astral character, one). */
function asciiByCodePoint(s: string): string {
  let out = '';
  let i = 0;
  for (const c of s) out += isPrintableAscii(c) ? c : LETTERS[i++ % LETTERS.length];
  return out;
}

function rootOf(request: RequestCase, part: Part): unknown {
  if (part === 'body') return request.body?.kind === 'json' ? request.body.value : undefined;
  return part === 'query' ? request.query : request.pathParams;
}

/** The request with one part replaced; an invalid case's mutation keeps quoting the value it broke. */
function withRoot(request: RequestCase, part: Part, value: unknown): RequestCase {
  if (part === 'path') return { ...request, pathParams: value as Record<string, unknown> };
  const m = request.mutation;
  if (part === 'query') {
    const query = value as Record<string, unknown>;
    const synced = m?.location === 'query' && m.name !== undefined && m.name in query ? { mutation: { ...m, value: query[m.name] } } : {};
    return { ...request, query, ...synced };
  }
  return { ...request, body: { kind: 'json', value }, ...(m?.location === 'body' ? { mutation: { ...m, value } } : {}) };
}


/** A copy without the property or item at `path` (not empty). */
function removeAt(value: unknown, path: Path): unknown {
  const [head, ...rest] = path;
  if (rest.length > 0) {
    if (Array.isArray(value)) return value.map((item, i) => (i === head ? removeAt(item, rest) : item));
    return copyObject(value as Record<string, unknown>, (k, v) => [k, k === head ? removeAt(v, rest) : v]);
  }
  if (Array.isArray(value)) return value.filter((_, i) => i !== head);
  return copyObject(value as Record<string, unknown>, (k, v) => (k === head ? undefined : [k, v]));
}

/** A copy of an object, key order kept (`__proto__` stays an own key). */
function copyObject(o: Record<string, unknown>, entry: (k: string, v: unknown) => [string, unknown] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const e = entry(k, o[k]);
    if (e) Object.defineProperty(out, e[0], { value: e[1], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Identity of a candidate: its parameters and body (operation, kind and mutation follow from them). */
function requestKey(request: RequestCase): string {
  return JSON.stringify([request.pathParams, request.query, request.headers, request.body ?? null]);
}

