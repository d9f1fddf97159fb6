import { appendPointer } from './json-pointer';
import type { JsonSchema } from './schema-types';

/** Constraints with their defaults applied. */
export interface ResolvedConstraints {
  readonly maxDepth: number;
  readonly maxItems: number;
  readonly maxLength: number;
  readonly context: 'request' | 'response';
}

export const DEFAULT_CONSTRAINTS: ResolvedConstraints = { maxDepth: 4, maxItems: 3, maxLength: 24, context: 'request' };

/** Extra nesting allowed past `maxDepth` for required properties and minimum items before giving up. */
export const DEPTH_SLACK = 24;

export interface BuildContext {
  /** The document `$ref`s resolve against. */
  readonly root: JsonSchema;
  /** JSON pointer of the schema being built (for error messages). */
  readonly pointer: string;
  /** Nesting depth of the value being built: the root value is 0. */
  readonly depth: number;
  readonly options: ResolvedConstraints;
  /** anyOf/oneOf/if branches expanded without nesting (a `{anyOf: [{$ref: '#'}]}` loop stops there). */
  readonly expansions?: number;
}

/** Branch expansions allowed without nesting. */
export const MAX_EXPANSIONS = 32;

export function resolveConstraints(c: Partial<ResolvedConstraints> | undefined): ResolvedConstraints {
  const pick = (v: number | undefined, d: number, name: string) => {
    if (v === undefined) return d;
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
    return v;
  };
  const context = c?.context ?? DEFAULT_CONSTRAINTS.context;
  if (context !== 'request' && context !== 'response') throw new RangeError(`context must be 'request' or 'response', got ${String(context)}`);
  return {
    maxDepth: pick(c?.maxDepth, DEFAULT_CONSTRAINTS.maxDepth, 'maxDepth'),
    maxItems: pick(c?.maxItems, DEFAULT_CONSTRAINTS.maxItems, 'maxItems'),
    maxLength: pick(c?.maxLength, DEFAULT_CONSTRAINTS.maxLength, 'maxLength'),
    context,
  };
}

/** A context for a sub-schema: `tokens` extend the schema pointer; `nested` when the value is a child value. */
export function subContext(ctx: BuildContext, tokens: Array<string | number>, nested: boolean): BuildContext {
  return { ...ctx, pointer: appendPointer(ctx.pointer, ...tokens), depth: nested ? ctx.depth + 1 : ctx.depth, expansions: nested ? 0 : ctx.expansions };
}

/** Whether containers at this depth stay minimal (required keys only, `minItems` items). */
export function atDepthLimit(ctx: BuildContext): boolean {
  return ctx.depth >= ctx.options.maxDepth;
}
