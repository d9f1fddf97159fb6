import fc from 'fast-check';
import { validValue } from '../../generators/index';
import { unescapeToken } from '../../generators/_internals/json-pointer';
import { normalizeSchema } from '../../generators/_internals/normalize-schema';
import { hasOwn, isPlainObject, isSchemaObject, type SchemaObject } from '../../generators/_internals/schema-types';
import { shapeOf } from '../checks/error-shape';
import { fnv1a } from '../stateful/fnv';
import type { JsonSchema, Operation } from '../contract/types';
import type { WireRequest, WireResponse } from '../http/types';

/**
 * Learning a server's unstated rules from its refusals. A real server validates request bodies with rules the
 * contract does not state (names trimmed, lengths in UTF-16 units, a hostname-like `hostPattern`, a field
 * required with another), so most random valid requests are refused with 400 flat `{"error": "…"}` and the
 * operation is never seen succeeding. The message names the field it refused (in the words of Zod v3, Zod v4,
 * Ajv or plain prose); from then on that field is drawn from tamer sources: the documented example, values the
 * server itself handed out, or a plain shape (printable ASCII, `api.example.com` for a host). What counts as
 * valid never changes: a tamed body that does not validate against the contract is never sent.
 */

/** Pointer under which the rule "the body must not be empty" ("At least one field must be provided") is learned. */
export const NON_EMPTY_BODY = '';

/** What a message asks of a field it names. */
type Need =
  /** its value was refused: a present value is replaced by a tame one, an absent field stays absent */
  | 'tame'
  /** it is required: an absent, null or untame value is filled in (under the rule's condition, if it has one) */
  | 'present'
  /** it is the condition of another field's rule ("… when action is rate_limit"): kept as it is */
  | 'condition';

const NEED_RANK: Record<Need, number> = { condition: 0, tame: 1, present: 2 };

/** Where a tame value comes from, in the order they are tried. */
type Source = 'projection' | 'example' | 'harvested' | 'simple';

/** Projections of a field refused this many times: projections are no longer offered for it. */
const PROJECTION_STRIKES = 2;
/** Values sampled from the schema (fixed seed) when no other source gives a tame one. */
const FALLBACK_SAMPLES = 24;
/** Tame values remembered per field (to tell, when one is refused, that it was the learner's). */
const MAX_PRODUCED = 2000;

/** What one operation has taught. */
interface Lesson {
  fields: Map<string, Need>;
  /**
   * Per field to make present, the conditions under which a message asked for it ("… when action is
   * rate_limit"); absent: always.
   */
  when: Map<string, Condition[]>;
  nonEmpty: boolean;
  /** Per pointer, the values tame put there (as JSON) and where each came from. */
  produced: Map<string, Map<string, Source>>;
  /** Per pointer, values tame offered that the server refused all the same: never offered again. */
  refused: Map<string, Set<string>>;
  /** Per pointer, how many of its projections were refused. */
  strikes: Map<string, number>;
}

/** What one run has learned of each operation's unstated rules, from its 400 flat answers to valid requests. */
export class Learner {
  private readonly lessons = new Map<string, Lesson>();
  private readonly validate: (schema: unknown, value: unknown) => boolean;

  constructor(opts: { validate(schema: unknown, value: unknown): boolean }) {
    this.validate = (schema, value) => opts.validate(schema, value);
  }

  /**
   * Reads a 400 answer to a valid request: which body fields (JSON pointers into the request body) its
   * message names; remembers them for the operation. Returns the pointers learned (empty when none is
   * named); `NON_EMPTY_BODY` ('') stands for the rule "the body must not be empty". A field named again
   * while it holds a value tame gave it marks that value refused (and, for projections, counts a strike).
   */
  observe(operation: Operation, body: unknown, message: string): string[] {
    const schema = operation.requestBody?.schema;
    if (schema === undefined || typeof message !== 'string') return [];
    if (asksForNonEmptyBody(message)) {
      this.lesson(operation).nonEmpty = true;
      return [NON_EMPTY_BODY];
    }
    const named = namedFields(message, schema);
    if (!named.length) return [];
    const lesson = this.lesson(operation);
    for (const { pointer, need, when } of named) {
      const known = lesson.fields.get(pointer);
      if (!known || NEED_RANK[need] > NEED_RANK[known]) lesson.fields.set(pointer, need);
      if (need === 'present') {
        // a field asked for under a condition stays conditional until some message asks for it outright
        const always = known === 'present' && !lesson.when.has(pointer);
        if (!when) lesson.when.delete(pointer);
        else if (!always) setDefault(lesson.when, pointer, () => []).push(when);
      }
      const produced = lesson.produced.get(pointer);
      if (!produced) continue;
      for (const { parent, key } of locate(body, tokensOf(pointer))) {
        if (!has(parent, key)) continue;
        const json = JSON.stringify(get(parent, key));
        const source = produced.get(json);
        if (!source) continue;
        setDefault(lesson.refused, pointer, () => new Set<string>()).add(json);
        if (source === 'projection') lesson.strikes.set(pointer, (lesson.strikes.get(pointer) ?? 0) + 1);
      }
    }
    return named.map((n) => n.pointer);
  }

  /**
   * `observe`, from the exchange of a request the caller knows to be valid: a 400 answer whose body is flat
   * `{"error": "…"}`, to a JSON body. Any other answer (2xx, an envelope, another status) teaches nothing: [].
   */
  answered(operation: Operation, request: Pick<WireRequest, 'body'>, response: Pick<WireResponse, 'status' | 'json'>): string[] {
    if (response.status !== 400 || shapeOf(response.json) !== 'flat' || request.body === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return [];
    }
    return this.observe(operation, body, (response.json as { error: string }).error);
  }

  /**
   * A body for a valid request of the operation with the learned fields replaced by tame values (example,
   * harvested, simple); the result validates, or the body is returned unchanged (the same object when
   * nothing was changed). Deterministic: the same body and the same lessons give the same result.
   * `harvested`: values the server returned, by pointer (`/name`) or by property name (`name`).
   */
  tame(operation: Operation, body: unknown, harvested?: ReadonlyMap<string, unknown[]>): unknown {
    const spec = operation.requestBody;
    const lesson = this.lessons.get(operation.operationId);
    if (!spec || !lesson || body === undefined) return body;
    const out = { value: structuredClone(body) };
    let changed = false;
    for (const [pointer, need] of lesson.fields) {
      if (need === 'condition') continue;
      const tokens = tokensOf(pointer);
      if (!tokens.length) continue;
      for (const { parent, key } of locate(out.value, tokens)) {
        const present = has(parent, key);
        const current = present ? get(parent, key) : undefined;
        if (!present && need === 'tame') continue; // an absent field cannot be refused
        if (!present && !conditionHolds(out.value, lesson.when.get(pointer))) continue;
        // a required field that holds a tame value the server has not refused is kept
        const kept = present && need === 'present' && current !== null && isTame(current, nameOf(tokens)) && !this.wasRefused(lesson, pointer, current);
        if (!kept) changed = this.place(operation, lesson, pointer, parent, key, current, harvested, out) || changed;
      }
    }
    if (lesson.nonEmpty && isPlainObject(out.value) && !declaredNames(spec.schema).some((k) => hasOwn(out.value as object, k))) {
      changed = this.fillOne(operation, lesson, out.value, harvested, out) || changed;
    }
    if (!changed || !this.validate(spec.schema, out.value)) return body;
    return out.value;
  }

  /** The operations and pointers learned so far, for the report ('' is the rule "non-empty body"). */
  learned(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [operationId, lesson] of this.lessons) {
      const pointers = [...(lesson.nonEmpty ? [NON_EMPTY_BODY] : []), ...lesson.fields.keys()];
      if (pointers.length) out[operationId] = pointers;
    }
    return out;
  }

  private lesson(operation: Operation): Lesson {
    return setDefault(this.lessons, operation.operationId, () => ({
      fields: new Map(),
      when: new Map(),
      nonEmpty: false,
      produced: new Map(),
      refused: new Map(),
      strikes: new Map(),
    }));
  }

  private wasRefused(lesson: Lesson, pointer: string, value: unknown): boolean {
    return lesson.refused.get(pointer)?.has(JSON.stringify(value)) ?? false;
  }

  /**
   * Puts the first tame candidate at `parent[key]` with which the whole body validates, and remembers it.
   * False (and the body as it was) when no candidate fits.
   */
  private place(
    operation: Operation,
    lesson: Lesson,
    pointer: string,
    parent: Container,
    key: string | number,
    current: unknown,
    harvested: ReadonlyMap<string, unknown[]> | undefined,
    out: { value: unknown },
  ): boolean {
    const schema = operation.requestBody!.schema;
    const present = has(parent, key);
    const name = nameOf(tokensOf(pointer));
    for (const { value, source } of this.candidates(operation, lesson, pointer, current, harvested)) {
      if (!isTame(value, name) || this.wasRefused(lesson, pointer, value)) continue;
      put(parent, key, structuredClone(value));
      if (this.validate(schema, out.value)) {
        const produced = setDefault(lesson.produced, pointer, () => new Map<string, Source>());
        if (produced.size < MAX_PRODUCED) produced.set(JSON.stringify(value), source);
        return !present || JSON.stringify(value) !== JSON.stringify(current);
      }
    }
    if (present) put(parent, key, current);
    else remove(parent, key);
    return false;
  }

  /**
   * "At least one field must be provided": an empty body gets one optional property, the first the request
   * body's example holds, else the first with a documented example, else the first declared that takes a
   * tame value.
   */
  private fillOne(
    operation: Operation,
    lesson: Lesson,
    body: Record<string, unknown>,
    harvested: ReadonlyMap<string, unknown[]> | undefined,
    out: { value: unknown },
  ): boolean {
    const schema = operation.requestBody!.schema;
    const required = new Set(views(schema).flatMap((v) => (Array.isArray(v.required) ? (v.required as string[]) : [])));
    const example = operation.requestBody!.examples?.find(isPlainObject);
    const declared = declaredNames(schema);
    const documented = declared.filter((k) => schemasAt(schema, [k]).some((s) => examplesOf(s).length));
    const order = unique([...Object.keys(example ?? {}), ...documented, ...declared]).filter((k) => declared.includes(k) && !required.has(k));
    for (const key of order) {
      if (this.place(operation, lesson, `/${escape(key)}`, body, key, undefined, harvested, out)) return true;
    }
    return false;
  }

  /**
   * Candidates for a field, in order: projection of its value (plain strings), documented examples, harvested
   * values, a host made from its value (host fields), simple shapes.
   */
  private *candidates(
    operation: Operation,
    lesson: Lesson,
    pointer: string,
    current: unknown,
    harvested: ReadonlyMap<string, unknown[]> | undefined,
  ): Generator<{ value: unknown; source: Source }> {
    const tokens = tokensOf(pointer);
    const name = nameOf(tokens);
    const schemas = schemasAt(operation.requestBody!.schema, tokens);
    const plain = schemas.some(isPlainString) && !hostLike(name) && !pathLike(name);
    if (plain && typeof current === 'string' && (lesson.strikes.get(pointer) ?? 0) < PROJECTION_STRIKES) {
      const projected = asciiProjection(current, schemas);
      if (projected !== undefined) yield { value: projected, source: 'projection' };
    }
    for (const s of schemas) for (const value of examplesOf(s)) yield { value, source: 'example' };
    for (const example of operation.requestBody!.examples ?? []) {
      for (const { parent, key } of locate(example, tokens)) if (has(parent, key)) yield { value: get(parent, key), source: 'example' };
    }
    for (const value of [...(harvested?.get(pointer) ?? []), ...(harvested?.get(name) ?? [])]) yield { value, source: 'harvested' };
    // A host made from the generated value, so that tamed requests stay distinct (a server refuses a host it
    // already holds: "This host is already blocked").
    if (hostLike(name) && typeof current === 'string') yield { value: `h${fnv1a(current).toString(16)}.example.com`, source: 'projection' };
    for (const s of schemas) for (const value of simpleValues(s, name)) yield { value, source: 'simple' };
    for (const s of schemas) for (const value of sampledValues(s)) yield { value, source: 'simple' };
  }
}

/** Values kept per property name by harvestedFields. */
const HARVESTED_PER_NAME = 20;

/**
 * Values a server returned, by property name, for `tame`'s `harvested`: the strings, numbers and booleans
 * of JSON answers (the items of lists included), the first HARVESTED_PER_NAME distinct ones per name.
 */
export function harvestedFields(answers: Iterable<unknown>): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  const walk = (node: unknown, depth: number): void => {
    if (depth > 6 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((item) => walk(item, depth + 1));
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
        const values = setDefault(out, key, () => []);
        if (values.length < HARVESTED_PER_NAME && !values.includes(value)) values.push(value);
      } else walk(value, depth + 1);
    }
  };
  for (const answer of answers) walk(answer, 0);
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Reading messages

/** The pointers a message names, only ones that exist in the schema, in the order the message names them. */
export function fieldsNamed(message: string, schema: JsonSchema): string[] {
  if (typeof message !== 'string' || asksForNonEmptyBody(message)) return [];
  return namedFields(message, schema).map((n) => n.pointer);
}

/** The rule "the body must not be empty", however it is worded. */
function asksForNonEmptyBody(message: string): boolean {
  return (
    /\bat least one (?:field|property|key|value|attribute|change|update)\b/i.test(message) ||
    /\bnothing to update\b/i.test(message) ||
    /\b(?:body|request|update|payload|object) (?:must not|cannot|can't|may not) be empty\b/i.test(message) ||
    /\bno (?:fields|properties|changes) (?:to update|provided|given)\b/i.test(message)
  );
}

/** Characters of a message read (a first issue fits many times over). */
const MAX_MESSAGE = 4000;

const REQUIRED_WORDS = /\brequired\b|\bmissing\b|\bmust be (?:provided|present|set|specified|given|included)\b|\bis mandatory\b/i;
/** Fields named after these words are the condition of the rule, not what it asks for. */
const CONDITION_WORDS = /\b(?:when|if|unless|whenever)\b/i;

interface Named {
  pointer: string;
  need: Need;
  /** For a field asked for under a condition: the condition. */
  when?: Condition;
}

/** "when `pointer` is `value`". */
interface Condition {
  pointer: string;
  value: string;
}

/**
 * Whether a field asked for under conditions must be there: no condition, or one that holds or cannot be
 * told (its field absent: a PATCH leaves it as the resource has it).
 */
function conditionHolds(body: unknown, conditions: Condition[] | undefined): boolean {
  if (!conditions?.length) return true;
  return conditions.some(({ pointer, value }) => {
    const [at] = locate(body, tokensOf(pointer));
    return !at || !has(at.parent, at.key) || String(get(at.parent, at.key)) === value;
  });
}

/**
 * The fields a message names, with what it asks of each. Paths the message spells as paths (a Zod path
 * `name:` / `a.b:` / `["a","b"]` / `→ at a.b`, an Ajv instance path `/a/b must …`, `must have required
 * property 'x'`, a quoted name) are taken first; only when none of those exists in the schema are the
 * message's words read as property names (top-level names, or distinctive camelCase names at any depth).
 */
function namedFields(whole: string, schema: JsonSchema): Named[] {
  const message = whole.slice(0, MAX_MESSAGE);
  const issues = jsonIssues(message);
  if (issues) {
    const found = resolveAll(issues.map((issue, at) => ({ at, ...issue })), schema);
    return withNeeds('', found, schema);
  }
  const spelled: Spelled[] = [];
  const add = (at: number, tokens: string[], required?: boolean) => spelled.push({ at, tokens, ...(required ? { required } : {}) });
  // Ajv: `must have required property 'x'`, after the instance path of the object that lacks it
  for (const m of message.matchAll(/(?:^|[\s,;:(])(?:data|body|request)?((?:\/[^\s/'"]*)*)\s*(?:must|should) have required property '([^']+)'/g)) {
    add(m.index!, [...pointerTokens(m[1] ?? ''), m[2]!], true);
  }
  // Ajv: an instance path before `must` / `should` (`/a/0/b`, or Ajv 6's `.a[0].b`)
  for (const m of message.matchAll(/(?:^|[\s,;:(])(?:data|body|request)?((?:\/[^\s/'"]+)+)\s+(?:must|should)\b(?! have required property)/g)) {
    add(m.index!, pointerTokens(m[1]!));
  }
  for (const m of message.matchAll(/(?:^|[\s,;:(])(?:data|body|request)?(\.[A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\]|\[['"][^'"\]]+['"]\])*)\s+(?:must|should)\b(?! have required property)/g)) {
    add(m.index!, dottedTokens(m[1]!));
  }
  // Zod and prose: `a.b[0].c:` at the start of the message, of a line, or of a `;`/`,`-separated part
  for (const m of message.matchAll(/(?:^|\n|;|,)\s*(?:✖\s*)?((?:data|body)?\.?[A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\]|\[['"][^'"\]]+['"]\])*)\s*:(?!\/)/g)) {
    add(m.index!, dottedTokens(m[1]!));
  }
  // Zod issue paths as JSON arrays: `["name"]: …`, `at ["a", 0, "b"]`, `"path":["name"]`
  for (const m of message.matchAll(/\[\s*((?:"(?:[^"\\]|\\.)*"|\d+)(?:\s*,\s*(?:"(?:[^"\\]|\\.)*"|\d+))*)\s*\]/g)) {
    try {
      add(m.index!, (JSON.parse(`[${m[1]}]`) as unknown[]).map(String));
    } catch {
      // not a path
    }
  }
  // `at name`, `→ at a.b`, `at "name"`
  for (const m of message.matchAll(/\bat\s+(?:"([^"]+)"|'([^']+)'|([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*))/g)) {
    add(m.index!, dottedTokens(m[1] ?? m[2] ?? m[3]!));
  }
  // a quoted name that is not a JSON key: `"name" is required`, `'hostPattern'`, `` `name` ``
  for (const m of message.matchAll(/["'`]((?:\/[\w$~.-]+)+|[A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*)["'`](?!\s*:)/g)) {
    add(m.index!, m[1]!.startsWith('/') ? pointerTokens(m[1]!) : dottedTokens(m[1]!));
  }
  const structured = resolveAll(spelled, schema);
  if (structured.length) return withNeeds(message, structured, schema);

  // prose: the message's words that are property names (the first word of a sentence may be capitalized:
  // "Name is required", "Identifier must …"); nested names only when distinctive (camelCase)
  const deep = deepNames(schema);
  const found: Resolved[] = [];
  for (const m of message.matchAll(/[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g)) {
    const word = m[0];
    const sentenceStart = m.index === 0 || /[.!?:]\s+$/.test(message.slice(0, m.index));
    const spellings = [word, ...(sentenceStart && /^[A-Z][a-z0-9]*$/.test(word) ? [word[0]!.toLowerCase() + word.slice(1)] : [])];
    for (const spelling of spellings) {
      const tokens = dottedTokens(spelling);
      const pointer = resolve(tokens, schema) ?? (tokens.length === 1 && /[a-z][A-Z]/.test(spelling) ? deep.get(spelling) : undefined);
      if (pointer !== undefined) {
        found.push({ at: m.index!, pointer });
        break;
      }
    }
  }
  return withNeeds(message, found, schema);
}

interface Spelled {
  at: number;
  tokens: string[];
  required?: boolean;
}

interface Resolved {
  at: number;
  pointer: string;
  required?: boolean;
}

/**
 * A message that is itself JSON (a serialized ZodError's issues, Zod's `flatten()`, Ajv's `errors`): the
 * paths its issues carry, each with whether it reports a missing value. Undefined when the message is not JSON.
 */
function jsonIssues(message: string): Array<{ tokens: string[]; required?: boolean }> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object') return undefined;
  const out: Array<{ tokens: string[]; required?: boolean }> = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 4 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const issue = node as Record<string, unknown>;
    const text = typeof issue.message === 'string' ? issue.message : '';
    if (Array.isArray(issue.path)) {
      const required = text === 'Required' || issue.received === 'undefined' || /received undefined/.test(text) || REQUIRED_WORDS.test(text);
      out.push({ tokens: issue.path.map(String), required });
    } else if (typeof issue.instancePath === 'string') {
      const missing = isPlainObject(issue.params) && typeof issue.params.missingProperty === 'string' ? [issue.params.missingProperty] : [];
      out.push({ tokens: [...pointerTokens(issue.instancePath), ...missing], required: issue.keyword === 'required' });
    }
    if (isPlainObject(issue.fieldErrors)) {
      for (const [field, messages] of Object.entries(issue.fieldErrors)) {
        out.push({ tokens: dottedTokens(field), required: Array.isArray(messages) && messages.some((x) => x === 'Required' || REQUIRED_WORDS.test(String(x))) });
      }
    }
    for (const key of ['issues', 'errors', 'error', 'details']) visit(issue[key], depth + 1);
  };
  visit(parsed, 0);
  return out;
}

/** The spelled paths that exist in the schema, as pointers (a leading `data`/`body` is dropped when it is not a property). */
function resolveAll(spelled: Spelled[], schema: JsonSchema): Resolved[] {
  const out: Resolved[] = [];
  for (const s of spelled) {
    const pointer = resolve(s.tokens, schema);
    if (pointer !== undefined) out.push({ at: s.at, pointer, ...(s.required ? { required: true } : {}) });
  }
  return out;
}

function resolve(tokens: string[], schema: JsonSchema): string | undefined {
  let t = tokens.filter((x) => x !== '');
  if (!t.length) return undefined;
  if (!schemasAt(schema, t).length && ['data', 'body', 'request', 'input', 'req'].includes(t[0]!)) t = t.slice(1);
  if (!t.length || !schemasAt(schema, t).length) return undefined;
  return t.map((x) => `/${escape(x)}`).join('');
}

/**
 * What the message asks of each field, fields in order of first mention: named after "when"/"if" → the
 * rule's condition; otherwise "required"/"missing"/"must be provided" (or Ajv's required property) → present;
 * otherwise tame.
 */
function withNeeds(message: string, found: Resolved[], schema: JsonSchema): Named[] {
  const condition = CONDITION_WORDS.exec(message);
  const conditionAt = condition ? condition.index : Infinity;
  const requiredish = REQUIRED_WORDS.test(message) || /^\s*Required\s*$/m.test(message) || /"message"\s*:\s*"Required"/.test(message);
  const byPointer = new Map<string, Need>();
  for (const f of [...found].sort((a, b) => a.at - b.at)) {
    if (byPointer.has(f.pointer)) continue;
    byPointer.set(f.pointer, f.at > conditionAt ? 'condition' : f.required || requiredish ? 'present' : 'tame');
  }
  // "… when action is rate_limit": the condition a present field is asked for under
  const stated = /\b(?:when|if|whenever)\s+['"`]?([A-Za-z_$][\w$.]*)['"`]?\s+(?:is|equals|=+)\s+['"`]?([\w.:-]+)['"`]?/i.exec(message);
  const subject = stated ? resolve(dottedTokens(stated[1]!), schema) : undefined;
  const when = subject !== undefined ? { pointer: subject, value: stated![2]! } : undefined;
  return [...byPointer].map(([pointer, need]) => ({ pointer, need, ...(when && need === 'present' ? { when } : {}) }));
}

function dottedTokens(path: string): string[] {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/\[['"]([^'"\]]+)['"]\]/g, '.$1')
    .replace(/^\./, '')
    .split('.');
}

function pointerTokens(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapeToken);
}

function tokensOf(pointer: string): string[] {
  return pointerTokens(pointer);
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

// ---------------------------------------------------------------------------------------------------------
// Schema navigation

const viewCache = new WeakMap<object, SchemaObject[]>();

/** A schema as objects to look properties up in: itself with `allOf` merged, and each `oneOf`/`anyOf` branch so. */
function views(schema: JsonSchema, depth = 0): SchemaObject[] {
  if (!isSchemaObject(schema) || depth > 4) return [];
  const cached = viewCache.get(schema);
  if (cached) return cached;
  let flat: JsonSchema;
  try {
    flat = normalizeSchema(schema, schema, '');
  } catch {
    return [];
  }
  const out: SchemaObject[] = [];
  if (isSchemaObject(flat)) {
    out.push(flat);
    for (const keyword of ['oneOf', 'anyOf']) {
      for (const branch of Array.isArray(flat[keyword]) ? (flat[keyword] as JsonSchema[]) : []) out.push(...views(branch, depth + 1));
    }
  }
  viewCache.set(schema, out);
  return out;
}

/** The sub-schemas at a path of tokens (a numeric token is an array item); empty when the schema has no such field. */
function schemasAt(schema: JsonSchema, tokens: string[]): JsonSchema[] {
  let current: JsonSchema[] = [schema];
  for (const token of tokens) {
    const next: JsonSchema[] = [];
    for (const s of current) {
      for (const v of views(s)) {
        const props = v.properties;
        if (isSchemaObject(props) && hasOwn(props, token)) next.push(props[token] as JsonSchema);
        else if (/^\d+$/.test(token) && Array.isArray(v.prefixItems) && Number(token) < v.prefixItems.length) next.push(v.prefixItems[Number(token)] as JsonSchema);
        else if (/^\d+$/.test(token) && isSchemaObject(v.items)) next.push(v.items);
        else if (!/^\d+$/.test(token) && isSchemaObject(v.additionalProperties)) next.push(v.additionalProperties);
      }
    }
    current = unique(next);
    if (!current.length) return [];
  }
  return current;
}

/** The property names an object schema (or one of its branches) declares at its top level. */
function declaredNames(schema: JsonSchema): string[] {
  return unique(views(schema).flatMap((v) => (isSchemaObject(v.properties) ? Object.keys(v.properties) : [])));
}

/** Every property name declared below the top level, with the pointer of its shallowest declaration. */
function deepNames(schema: JsonSchema): Map<string, string> {
  const found = new Map<string, string>();
  const seen = new Set<object>();
  let level: Array<{ schema: JsonSchema; pointer: string }> = [{ schema, pointer: '' }];
  for (let depth = 0; depth < 6 && level.length; depth++) {
    const next: typeof level = [];
    for (const { schema: s, pointer } of level) {
      if (!isSchemaObject(s) || seen.has(s)) continue;
      seen.add(s);
      for (const v of views(s)) {
        if (isSchemaObject(v.properties)) {
          for (const [name, sub] of Object.entries(v.properties)) {
            const p = `${pointer}/${escape(name)}`;
            if (!found.has(name)) found.set(name, p);
            next.push({ schema: sub as JsonSchema, pointer: p });
          }
        }
        if (isSchemaObject(v.items)) next.push({ schema: v.items, pointer: `${pointer}/0` });
      }
    }
    level = next;
  }
  return found;
}

function examplesOf(schema: JsonSchema): unknown[] {
  const out: unknown[] = [];
  for (const s of [schema, ...views(schema)]) {
    if (!isSchemaObject(s)) continue;
    if (s.example !== undefined) out.push(s.example);
    if (Array.isArray(s.examples)) out.push(...s.examples);
  }
  return uniqueJson(out);
}

/** A string schema with no constraint beyond its length (no pattern, format, enum, const). */
function isPlainString(schema: JsonSchema): boolean {
  return views(schema).some((v) => {
    const types = Array.isArray(v.type) ? v.type : [v.type];
    return types.includes('string') && v.pattern === undefined && v.format === undefined && v.enum === undefined && v.const === undefined;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Tame values

/** A host name, or a host pattern with a leading wildcard label: `api.example.com`, `*.example.com`. */
const HOSTNAME = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Fields a server reads as a host: `host`, `hostname`, `hostPattern`, and other `…Pattern`s that are not paths. */
function hostLike(name: string): boolean {
  return /^host(?:name|Pattern)?$/i.test(name) || (/Pattern$/.test(name) && !/^path/i.test(name));
}

function pathLike(name: string): boolean {
  return /^path(?:Pattern)?$/i.test(name);
}

/**
 * The strict rules a tame value keeps, whatever the server's own: strings are printable ASCII with nothing
 * to trim (so their length is the same in code points and UTF-16 units, before and after trimming), hosts
 * are hostname-like, paths start with `/`; no null; the same for everything inside objects and arrays.
 */
function isTame(value: unknown, name: string): boolean {
  if (typeof value === 'string') {
    if (!/^[\x20-\x7e]+$/.test(value) || value.trim() !== value) return false;
    if (hostLike(name)) return value.length <= 253 && HOSTNAME.test(value);
    if (pathLike(name)) return value.startsWith('/');
    return true;
  }
  if (Array.isArray(value)) return value.every((item) => isTame(item, name));
  if (isPlainObject(value)) return Object.entries(value).every(([k, v]) => isTame(v, k));
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'boolean';
}

/** The printable ASCII of a string, runs of spaces collapsed, trimmed, cut to the schemas' smallest maxLength. */
function asciiProjection(value: string, schemas: JsonSchema[]): string | undefined {
  const limits = schemas.flatMap((s) => views(s)).map((v) => v.maxLength).filter((n): n is number => typeof n === 'number');
  const max = limits.length ? Math.min(...limits) : Infinity;
  const kept = [...value].filter((c) => c >= ' ' && c <= '~').join('').replace(/ {2,}/g, ' ').trim();
  const cut = kept.slice(0, max).trim();
  return cut === '' ? undefined : cut;
}

/** Plain values of a schema: its enum or const, a host or path for such fields, bounds-respecting scalars. */
function simpleValues(schema: JsonSchema, name: string): unknown[] {
  const out: unknown[] = [];
  for (const v of views(schema)) {
    if (v.const !== undefined) out.push(v.const);
    if (Array.isArray(v.enum)) out.push(...v.enum.filter((x) => x !== null));
    const types = Array.isArray(v.type) ? (v.type as string[]) : typeof v.type === 'string' ? [v.type] : [];
    for (const type of types) {
      if (type === 'string') {
        if (hostLike(name)) out.push('api.example.com', '*.example.com');
        else if (pathLike(name)) out.push('/v1/example', '/*');
        else if (typeof v.format === 'string' && FORMAT_SAMPLES[v.format]) out.push(FORMAT_SAMPLES[v.format]);
        else out.push(fitted('example', v));
      } else if (type === 'integer' || type === 'number') {
        const low = typeof v.minimum === 'number' ? v.minimum : typeof v.exclusiveMinimum === 'number' ? Math.floor(v.exclusiveMinimum) + 1 : undefined;
        out.push(...[low, 1, 10, 0].filter((n): n is number => n !== undefined));
      } else if (type === 'boolean') out.push(true, false);
      else if (type === 'array') out.push([]);
      else if (type === 'object') out.push({});
    }
  }
  return uniqueJson(out);
}

const FORMAT_SAMPLES: Record<string, string> = {
  email: 'user@example.com',
  uri: 'https://api.example.com/v1',
  url: 'https://api.example.com/v1',
  hostname: 'api.example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  'date-time': '2024-01-01T00:00:00Z',
  date: '2024-01-01',
  ipv4: '192.0.2.1',
};

/** `word` stretched (with `x`) or cut to the schema's length bounds. */
function fitted(word: string, schema: SchemaObject): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const long = word.length < min ? word + 'x'.repeat(min - word.length) : word;
  return long.slice(0, Math.max(max, 1));
}

const sampleCache = new WeakMap<object, unknown[]>();

/** Values of the schema drawn with a fixed seed (the last resort: a pattern, a nested object). */
function sampledValues(schema: JsonSchema): unknown[] {
  if (!isSchemaObject(schema)) return [];
  let values = sampleCache.get(schema);
  if (!values) {
    try {
      values = fc.sample(validValue(schema, { context: 'request' }), { seed: 1, numRuns: FALLBACK_SAMPLES });
    } catch {
      values = [];
    }
    sampleCache.set(schema, values);
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------
// Values

type Container = Record<string, unknown> | unknown[];

/**
 * The places a path of tokens names in a value, as container and key. A numeric token on an array stands for
 * every item (a field learned on `conditions/0` is tamed on every condition); a token naming nothing on the
 * way ends that branch. The last token need not be present (a field to fill in).
 */
function locate(value: unknown, tokens: string[]): Array<{ parent: Container; key: string | number }> {
  if (!tokens.length) return [];
  let containers: unknown[] = [value];
  for (const token of tokens.slice(0, -1)) {
    const next: unknown[] = [];
    for (const c of containers) {
      if (Array.isArray(c) && /^\d+$/.test(token)) next.push(...c);
      else if (isPlainObject(c) && hasOwn(c, token)) next.push(c[token]);
    }
    containers = next;
  }
  const last = tokens.at(-1)!;
  const out: Array<{ parent: Container; key: string | number }> = [];
  for (const c of containers) {
    if (Array.isArray(c) && /^\d+$/.test(last)) c.forEach((_, i) => out.push({ parent: c, key: i }));
    else if (isPlainObject(c)) out.push({ parent: c, key: last });
  }
  return out;
}

function has(parent: Container, key: string | number): boolean {
  return Array.isArray(parent) ? typeof key === 'number' && key < parent.length : hasOwn(parent, String(key));
}

function get(parent: Container, key: string | number): unknown {
  return (parent as Record<string | number, unknown>)[key];
}

function put(parent: Container, key: string | number, value: unknown): void {
  if (Array.isArray(parent)) parent[key as number] = value;
  else Object.defineProperty(parent, String(key), { value, enumerable: true, writable: true, configurable: true });
}

function remove(parent: Container, key: string | number): void {
  if (!Array.isArray(parent)) delete parent[String(key)];
}

/** The field's own name: the last token that is not an array index. */
function nameOf(tokens: string[]): string {
  return [...tokens].reverse().find((t) => !/^\d+$/.test(t)) ?? '';
}

function setDefault<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function uniqueJson(items: unknown[]): unknown[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
