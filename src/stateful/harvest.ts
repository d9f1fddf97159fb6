import type { JsonSchema } from '../contract/types';
import { fnv1a } from './fnv';

/**
 * Values a server itself handed out, reused in requests. Request bodies name other things by id
 * (`toolId`, `agentId`, `secretIds`); random strings never match, so a server's business rules refuse
 * them. The ids a server lists in its answers are the ones it accepts. Harvesting reads answers as plain
 * JSON: an array under key `tools` of objects with an `id` gives `toolId` values, a key `agentId` with a
 * string gives `agentId` values, and a list answer of `GET /agents` gives `agentId` values.
 */
export type Harvest = Map<string, Set<string>>;

/** Body keys that name other things by id: `xId` (a string) or `xIds` (an array of strings). */
export function idKeysOf(schema: JsonSchema, seen = new Set<object>()): Set<string> {
  const keys = new Set<string>();
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return keys;
  seen.add(schema);
  for (const [k, v] of Object.entries(schema)) {
    if (k === 'properties' && v && typeof v === 'object') {
      for (const [name, sub] of Object.entries(v)) {
        if (/[a-z]Ids?$/.test(name)) keys.add(name.replace(/Ids$/, 'Id'));
        for (const inner of idKeysOf(sub as JsonSchema, seen)) keys.add(inner);
      }
    } else if (v && typeof v === 'object') {
      for (const inner of idKeysOf(v as JsonSchema, seen)) keys.add(inner);
    }
  }
  return keys;
}

/** The id keys a body must carry: those listed in the `required` of the object that declares them. */
export function requiredIdKeysOf(schema: JsonSchema, seen = new Set<object>()): Set<string> {
  const keys = new Set<string>();
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return keys;
  seen.add(schema);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  for (const name of required) if (/[a-z]Ids?$/.test(name)) keys.add(name.replace(/Ids$/, 'Id'));
  for (const v of Object.values(schema)) {
    if (v && typeof v === 'object') for (const inner of requiredIdKeysOf(v as JsonSchema, seen)) keys.add(inner);
  }
  return keys;
}

/** Adds what an answer holds to the harvest. `collection` is the last literal segment of a list's path. */
export function harvestAnswer(harvest: Harvest, body: unknown, collection?: string): void {
  const add = (key: string, value: unknown) => {
    if (typeof value !== 'string' || value === '') return;
    let set = harvest.get(key);
    if (!set) harvest.set(key, (set = new Set()));
    if (set.size < 50) set.add(value);
  };
  const walk = (node: unknown, arrayKey?: string) => {
    if (Array.isArray(node)) {
      for (const item of node) {
        if (arrayKey && item && typeof item === 'object') add(`${singular(arrayKey)}Id`, (item as Record<string, unknown>).id);
        walk(item);
      }
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (/[a-z]Id$/.test(k)) add(k, v);
      walk(v, Array.isArray(v) ? k : undefined);
    }
  };
  walk(body, collection);
}

/**
 * The body with every `xId` / `xIds` value the harvest knows replaced by a harvested one, chosen from
 * the generated value (so the same generated body always gives the same request).
 */
export function withHarvested(body: unknown, harvest: Harvest): unknown {
  const pick = (key: string, value: unknown): unknown => {
    const values = harvest.get(key);
    if (!values?.size || typeof value !== 'string') return value;
    const list = [...values];
    return list[fnv1a(value) % list.length];
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => {
        if (/[a-z]Id$/.test(k)) return [k, pick(k, v)];
        if (/[a-z]Ids$/.test(k) && Array.isArray(v)) return [k, [...new Set(v.map((x) => pick(k.replace(/Ids$/, 'Id'), x)))]];
        return [k, walk(v)];
      }),
    );
  };
  return walk(body);
}

function singular(word: string): string {
  return word.endsWith('ies') ? `${word.slice(0, -3)}y` : word.endsWith('s') ? word.slice(0, -1) : word;
}
