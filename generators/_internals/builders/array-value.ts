import fc from 'fast-check';
import { atDepthLimit, subContext, type BuildContext } from '../build-context';
import { guardedFilter } from '../guarded-filter';
import { canonicalJson } from '../json-equality';
import { appendPointer } from '../json-pointer';
import { conjunction } from '../merge-schemas';
import { unsatisfiable } from '../schema-generation-error';
import { matchesSchema } from '../schema-match';
import { num, type JsonSchema, type SchemaObject } from '../schema-types';
import { finiteDomainSize } from './domain-size';

export type BuildValue = (schema: JsonSchema, ctx: BuildContext) => fc.Arbitrary<unknown>;

function isUnique(values: unknown[]): boolean {
  return new Set(values.map(canonicalJson)).size === values.length;
}

function countInt(s: SchemaObject, k: string, pointer: string): number | undefined {
  const v = num(s, k);
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw unsatisfiable(appendPointer(pointer, k), `${k} must be a non-negative integer, got ${v}`);
  return v;
}

/**
 * Arrays: prefixItems then items, minItems/maxItems (unbounded capped by `maxItems`), uniqueItems,
 * contains with minContains/maxContains. At the depth limit arrays have exactly the items they need.
 */
export function arrayValue(s: SchemaObject, ctx: BuildContext, build: BuildValue): fc.Arbitrary<unknown[]> {
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as JsonSchema[]) : [];
  const items: JsonSchema = s.items === undefined ? true : (s.items as JsonSchema);
  const min = countInt(s, 'minItems', ctx.pointer) ?? 0;
  let max = countInt(s, 'maxItems', ctx.pointer);
  if (max !== undefined && min > max) throw unsatisfiable(ctx.pointer, `minItems ${min} is above maxItems ${max}`);
  if (items === false) {
    if (min > prefix.length) throw unsatisfiable(ctx.pointer, `minItems ${min} needs more items than the ${prefix.length} prefixItems allowed by items: false`);
    max = Math.min(max ?? prefix.length, prefix.length);
  }
  const unique = s.uniqueItems === true;
  const match = (v: unknown, schema: JsonSchema, unsupported: boolean) => matchesSchema(v, schema, { root: ctx.root, unsupported });

  // contains: how many items must match, at most how many may.
  const minC = countInt(s, 'minContains', ctx.pointer) ?? 1;
  const maxC = countInt(s, 'maxContains', ctx.pointer);
  const hasContains = s.contains !== undefined && !(minC === 0 && maxC === undefined);
  if (hasContains && maxC !== undefined && minC > maxC) throw unsatisfiable(ctx.pointer, `minContains ${minC} is above maxContains ${maxC}`);
  const needC = hasContains ? minC : 0;

  const cap = atDepthLimit(ctx) ? 0 : ctx.options.maxItems;
  const upper = max ?? Infinity;
  const itemCtx = subContext(ctx, ['items'], true);

  if (hasContains && items !== false && prefix.length + needC <= upper) {
    const p = prefix.length;
    const prefixArbs = prefix.map((ps, i) => build(ps, subContext(ctx, ['prefixItems', i], true)));
    const containing = build(conjunction(items, s.contains as JsonSchema), subContext(ctx, ['contains'], true));
    const othersMin = Math.max(0, min - p - needC);
    let othersMax = Math.min(upper - p - needC, Math.max(othersMin, cap));
    let others: fc.Arbitrary<unknown[]> = fc.constant([]);
    if (othersMax > 0) {
      let item = build(items, itemCtx);
      if (maxC !== undefined) {
        try {
          item = guardedFilter(item, (v) => !match(v, s.contains as JsonSchema, true), itemCtx.pointer, 'items not matching contains');
        } catch (e) {
          if (othersMin > 0) throw e;
          othersMax = 0;
        }
      }
      if (othersMax > 0) others = fc.array(item, { minLength: othersMin, maxLength: othersMax });
    }
    let arb = fc
      .tuple(fc.tuple(...prefixArbs), others, fc.array(containing, { minLength: needC, maxLength: needC }))
      .map(([pre, rest, con]) => [...pre, ...rest, ...con]);
    const checks: Array<(v: unknown[]) => boolean> = [];
    if (maxC !== undefined) checks.push((v) => v.filter((x) => match(x, s.contains as JsonSchema, true)).length <= maxC);
    if (unique) checks.push(isUnique);
    if (checks.length > 0) arb = guardedFilter(arb, (v) => checks.every((c) => c(v)), ctx.pointer, 'contains/uniqueItems');
    return arb;
  }

  const effMax = Math.min(upper, Math.max(min, cap));
  let arb: fc.Arbitrary<unknown[]>;
  if (prefix.length === 0) {
    if (effMax === 0) arb = fc.constant([]);
    else {
      const item = build(items, itemCtx);
      if (unique) {
        const domain = finiteDomainSize(items, ctx.root, itemCtx.pointer);
        if (domain < min) throw unsatisfiable(ctx.pointer, `uniqueItems with minItems ${min}, but items admit only ${domain} distinct values`);
        arb = fc.uniqueArray(item, { minLength: min, maxLength: Math.min(effMax, domain), selector: canonicalJson });
      } else arb = fc.array(item, { minLength: min, maxLength: effMax });
    }
  } else {
    const prefixCount = Math.min(prefix.length, effMax);
    const prefixArbs = prefix.slice(0, prefixCount).map((ps, i) => build(ps, subContext(ctx, ['prefixItems', i], true)));
    const restMin = Math.max(0, min - prefix.length);
    const restMax = items === false ? 0 : Math.max(0, effMax - prefix.length);
    const rest = restMax > 0 ? fc.array(build(items, itemCtx), { minLength: restMin, maxLength: restMax }) : fc.constant([]);
    arb = fc
      .tuple(fc.integer({ min: Math.min(min, prefixCount), max: prefixCount }), fc.tuple(...prefixArbs), rest)
      .map(([k, pre, r]) => (k < prefixCount ? pre.slice(0, k) : [...pre, ...r]));
    if (unique) arb = guardedFilter(arb, isUnique, ctx.pointer, 'uniqueItems');
  }
  if (hasContains) {
    // contains could not be placed by construction (items: false, or too few free positions).
    const contains = s.contains as JsonSchema;
    arb = guardedFilter(
      arb,
      (v) => {
        const n = v.filter((x) => match(x, contains, false)).length;
        return n >= minC && (maxC === undefined || n <= maxC);
      },
      ctx.pointer,
      'contains',
    );
  }
  return arb;
}
