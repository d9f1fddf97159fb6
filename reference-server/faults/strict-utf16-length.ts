import { isObject, refuseBeforeHandler, type Refusal } from './refuse-before-handler.ts';
import type { Fault } from './types.ts';

/**
 * String lengths are counted in UTF-16 code units (JavaScript `.length`, as Zod's `.max(n)` counts), where the
 * docs (JSON Schema) count code points: a body string of at most maxLength code points but more UTF-16 units
 * (characters outside the Basic Multilingual Plane, e.g. emoji, count twice) is refused, 400 flat
 * `name: Too big: expected string to have <=255 characters` (the Zod path, dotted: `conditions.0.value`).
 *
 * Every body string with a documented maxLength on the operations the reference server validates, as their
 * validators in routes/*.ts declare them:
 */
const FIELDS: Readonly<Record<string, readonly (readonly [path: string, maxLength: number])[]>> = {
  createAgent: [['name', 255]],
  renameAgent: [['name', 255]],
  updateUser: [['name', 255]],
  createSecret: [['name', 255], ['value', 10_000], ['pathPattern', 1000]],
  updateSecret: [['name', 255], ['value', 10_000]],
  createOrgSecret: [['name', 255], ['value', 10_000], ['pathPattern', 1000]],
  updateOrgSecret: [['name', 255], ['value', 10_000]],
  createPartnerSecret: [['name', 255], ['value', 10_000], ['pathPattern', 1000]],
  updatePartnerSecret: [['name', 255], ['value', 10_000]],
  createRule: [['name', 255], ['hostPattern', 1000], ['pathPattern', 1000], ['conditions.*.value', 1000], ['conditions.*.key', 500]],
  updateRule: [['name', 255], ['hostPattern', 1000], ['conditions.*.value', 1000], ['conditions.*.key', 500]],
  setRulePermissions: [['conditions.*.value', 1000], ['conditions.*.key', 500]],
  createOrgRule: [['name', 255], ['conditions.*.value', 1000], ['conditions.*.key', 500]],
  updateOrgRule: [['conditions.*.value', 1000], ['conditions.*.key', 500]],
  setAppPermissions: [['conditions.*.value', 1000], ['conditions.*.key', 500]],
  createProject: [['name', 50]],
  updateProject: [['name', 50]],
  createPartnerOrg: [['name', 255]],
  createPartnerProject: [['name', 50]],
  addPartnerMember: [['email', 255]],
};

/** The values at a dotted path (`*` takes every item of an array), with their concrete paths. */
function valuesAt(value: unknown, path: readonly string[], at: readonly (string | number)[] = []): [unknown, (string | number)[]][] {
  if (path.length === 0) return [[value, [...at]]];
  const [head, ...rest] = path as [string, ...string[]];
  if (head === '*') return Array.isArray(value) ? value.flatMap((item, i) => valuesAt(item, rest, [...at, i])) : [];
  return isObject(value) && value[head] !== undefined ? valuesAt(value[head], rest, [...at, head]) : [];
}

const tooLong = (fields: readonly (readonly [string, number])[]): Refusal => (body) => {
  for (const [path, max] of fields) {
    for (const [value, at] of valuesAt(body, path.split('.'))) {
      if (typeof value === 'string' && value.length > max) return `${at.join('.')}: Too big: expected string to have <=${max} characters`;
    }
  }
  return undefined;
};

/** The operations and fields the fault checks, for tests. */
export const UTF16_FIELDS = FIELDS;

export const strictUtf16Length = {
  id: 'strict-utf16-length',
  description:
    'Body string lengths are counted in UTF-16 code units, not code points: a name of 255 code points with an emoji ' +
    '(and every other body string with a maxLength) answers 400 flat "name: Too big: expected string to have <=255 characters".',
  wrap: refuseBeforeHandler(Object.fromEntries(Object.entries(FIELDS).map(([op, fields]) => [op, tooLong(fields)]))),
} as const satisfies Fault;
