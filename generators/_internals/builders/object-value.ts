import fc from 'fast-check';
import { atDepthLimit, subContext, type BuildContext } from '../build-context';
import { guardedFilter } from '../guarded-filter';
import { appendPointer } from '../json-pointer';
import { conjunction, keySchema, NO_EXTRA_KEYS } from '../merge-schemas';
import { normalizeSchema } from '../normalize-schema';
import { SchemaGenerationError, unsatisfiable } from '../schema-generation-error';
import { matchesPattern, matchesSchema } from '../schema-match';
import { isSchemaObject, num, schemaMap, setOwn, stringList, type JsonSchema, type SchemaObject } from '../schema-types';
import { freeKey } from './any-json-value';
import type { BuildValue } from './array-value';

/** Whether a property is left out in this context: readOnly in requests, writeOnly in responses. */
export function isExcludedProperty(schema: JsonSchema, ctx: BuildContext): boolean {
  let flat: JsonSchema;
  try {
    flat = normalizeSchema(schema, ctx.root, ctx.pointer);
  } catch {
    return false;
  }
  if (!isSchemaObject(flat)) return false;
  return ctx.options.context === 'request' ? flat.readOnly === true : flat.writeOnly === true;
}

function countInt(s: SchemaObject, k: string, pointer: string): number | undefined {
  const v = num(s, k);
  if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw unsatisfiable(appendPointer(pointer, k), `${k} must be a non-negative integer, got ${v}`);
  return v;
}

type Entry = [string, unknown];

/**
 * Objects: required properties always, optional ones sometimes (absent after shrinking), extra keys
 * from patternProperties/additionalProperties, propertyNames, min/maxProperties, dependentRequired.
 * readOnly (request) / writeOnly (response) properties are never generated.
 */
export function objectValue(s: SchemaObject, ctx: BuildContext, build: BuildValue): fc.Arbitrary<Record<string, unknown>> {
  const props = schemaMap(s.properties);
  const declared = Object.keys(props);
  const patterns = Object.entries(schemaMap(s.patternProperties));
  const ap = s.additionalProperties as JsonSchema | undefined;
  const unevaluated = s.unevaluatedProperties as JsonSchema | undefined;
  const noExtras = s[NO_EXTRA_KEYS] === true || (unevaluated !== undefined && unevaluated !== true);
  const names = s.propertyNames as JsonSchema | undefined;
  const minP = countInt(s, 'minProperties', ctx.pointer) ?? 0;
  const maxP = countInt(s, 'maxProperties', ctx.pointer);
  if (maxP !== undefined && minP > maxP) throw unsatisfiable(ctx.pointer, `minProperties ${minP} is above maxProperties ${maxP}`);
  const depRequired = new Map<string, string[]>();
  for (const [k, deps] of Object.entries(schemaMap(s.dependentRequired))) depRequired.set(k, stringList(deps));
  const depsOf = (k: string) => depRequired.get(k) ?? [];
  const limited = atDepthLimit(ctx);
  const cap = ctx.options.maxItems;

  const nameOk = (k: string) => names === undefined || matchesSchema(k, names, { root: ctx.root, unsupported: false });
  const schemaOf = (k: string): JsonSchema => {
    const sch = keySchema(s, k);
    return !Object.prototype.hasOwnProperty.call(props, k) && unevaluated !== undefined && !patterns.some(([p]) => matchesPattern(p, k)) ? conjunction(sch, unevaluated) : sch;
  };
  const keyCtx = (k: string) => (Object.prototype.hasOwnProperty.call(props, k) ? subContext(ctx, ['properties', k], true) : subContext(ctx, ['additionalProperties'], true));
  /** Why a key can never appear; undefined when it can. */
  const impossible = (k: string): string | undefined => {
    if (!nameOk(k)) return 'its name does not satisfy propertyNames';
    if (schemaOf(k) === false) return 'its schema is false';
    if (isExcludedProperty(schemaOf(k), keyCtx(k))) return `it is ${ctx.options.context === 'request' ? 'readOnly' : 'writeOnly'}`;
    return undefined;
  };

  const required = [...new Set(stringList(s.required))];
  const excludedRequired = required.filter((r) => isExcludedProperty(schemaOf(r), keyCtx(r)));
  const generatedRequired = required.filter((r) => !excludedRequired.includes(r));
  for (const r of generatedRequired) {
    const why = impossible(r);
    if (why) throw unsatisfiable(appendPointer(ctx.pointer, 'required'), `required property ${JSON.stringify(r)} cannot appear: ${why}`);
  }

  // Keys that cannot appear, and keys whose dependents cannot appear (transitively).
  const blocked = new Set<string>();
  const candidates = [...new Set([...declared, ...depRequired.keys(), ...[...depRequired.values()].flat()])];
  for (const k of candidates) if (!required.includes(k) && impossible(k)) blocked.add(k);
  for (const r of excludedRequired) blocked.add(r);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [t, deps] of depRequired) {
      if (!blocked.has(t) && deps.some((d) => blocked.has(d))) {
        if (generatedRequired.includes(t)) throw unsatisfiable(appendPointer(ctx.pointer, 'dependentRequired', t), `required property ${JSON.stringify(t)} depends on a property that cannot appear`);
        blocked.add(t);
        changed = true;
      }
    }
  }
  // Required closure: dependents of required keys are required too.
  const mustHave = new Set(generatedRequired);
  for (let changed = true; changed; ) {
    changed = false;
    for (const k of [...mustHave]) for (const d of depsOf(k)) if (!mustHave.has(d)) (mustHave.add(d), (changed = true));
  }
  if (maxP !== undefined && mustHave.size > maxP) throw unsatisfiable(ctx.pointer, `${mustHave.size} required properties exceed maxProperties ${maxP}`);

  // Optional keys: declared ones (randomly present), dependents not declared (present on demand).
  const optionalDeclared = declared.filter((k) => !mustHave.has(k) && !blocked.has(k));
  const onDemand = [...depRequired.values()].flat().filter((k, i, all) => all.indexOf(k) === i && !mustHave.has(k) && !blocked.has(k) && !declared.includes(k));
  const optional = [...optionalDeclared, ...onDemand];
  // At the depth limit only what minProperties needs is generated.
  const forced = limited ? optionalDeclared.slice(0, Math.max(0, minP - mustHave.size)) : [];
  const randomOptional = limited ? [] : optional;

  const requiredKeys = [...mustHave, ...forced];
  const requiredArb = fc.tuple(...requiredKeys.map((k) => build(schemaOf(k), keyCtx(k))));
  const optionalArb = fc.tuple(
    ...randomOptional.map((k) => fc.tuple(onDemand.includes(k) ? fc.constant(false) : fc.boolean(), build(schemaOf(k), keyCtx(k)))),
  );

  // Extra keys.
  const available = requiredKeys.length + randomOptional.length;
  const extrasMin = Math.max(0, minP - available);
  const sources: Array<fc.Arbitrary<Entry>> = [];
  const wantsRandomExtras = !limited && !noExtras && (patterns.length > 0 || isSchemaObject(ap) || (declared.length === 0 && ap !== false));
  if (!noExtras && (wantsRandomExtras || extrasMin > 0)) {
    const keyOk = (k: string) => k !== '__proto__' && !Object.prototype.hasOwnProperty.call(props, k) && !required.includes(k) && !candidates.includes(k) && nameOk(k);
    patterns.forEach(([p, ps]) => {
      const pctx = subContext(ctx, ['patternProperties', p], true);
      try {
        const key = guardedFilter(
          fc.stringMatching(new RegExp(p, 'u'), { size: 'small' }),
          (k) => keyOk(k) && !patterns.some(([q]) => q !== p && matchesPattern(q, k)),
          pctx.pointer,
          'a key matching this pattern only',
        );
        sources.push(fc.tuple(key, build(ps, pctx)));
      } catch (e) {
        if (!(e instanceof SchemaGenerationError || e instanceof SyntaxError || e instanceof Error)) throw e;
      }
    });
    if (ap !== false && (isSchemaObject(ap) || patterns.length === 0 || sources.length === 0)) {
      const actx = subContext(ctx, ['additionalProperties'], true);
      try {
        const base = names === undefined || names === true ? freeKey : fc.oneof(freeKey, build(conjunction({ type: 'string' }, names), subContext(ctx, ['propertyNames'], false)) as fc.Arbitrary<string>);
        const key = guardedFilter(base, (k) => keyOk(k) && !patterns.some(([q]) => matchesPattern(q, k)), actx.pointer, 'an additional key');
        sources.push(fc.tuple(key, build(ap ?? true, actx)));
      } catch (e) {
        if (!(e instanceof SchemaGenerationError)) throw e;
      }
    }
  }
  if (extrasMin > 0 && sources.length === 0) {
    throw unsatisfiable(ctx.pointer, `minProperties ${minP}, but only ${available} properties can be generated`);
  }
  let extrasMax = wantsRandomExtras ? Math.max(extrasMin, cap) : extrasMin;
  if (maxP !== undefined) extrasMax = Math.min(extrasMax, Math.max(0, maxP - mustHave.size - forced.length));
  if (extrasMax < extrasMin) throw unsatisfiable(ctx.pointer, `minProperties ${minP} and maxProperties ${maxP} cannot both hold`);
  const extrasArb: fc.Arbitrary<Entry[]> =
    sources.length === 0 || extrasMax === 0
      ? fc.constant([])
      : fc.uniqueArray(sources.length === 1 ? sources[0] : fc.oneof(...sources), { minLength: extrasMin, maxLength: extrasMax, selector: (e) => e[0] });

  const order = [...new Set([...declared, ...required, ...requiredKeys, ...onDemand])];
  let arb = fc.tuple(requiredArb, optionalArb, extrasArb).map(([reqVals, optVals, extras]) => {
    const values = new Map<string, unknown>();
    requiredKeys.forEach((k, i) => values.set(k, reqVals[i]));
    const present = new Set(requiredKeys);
    const pool = new Map<string, unknown>();
    randomOptional.forEach((k, i) => {
      const [on, v] = optVals[i] as [boolean, unknown];
      pool.set(k, v);
      if (on) present.add(k);
    });
    const close = () => {
      for (let changed = true; changed; ) {
        changed = false;
        for (const k of [...present]) for (const d of depsOf(k)) if (!present.has(d) && pool.has(d)) (present.add(d), (changed = true));
      }
    };
    close();
    let extraList = extras;
    const count = () => present.size + extraList.length;
    for (const k of randomOptional) {
      if (count() >= minP) break;
      if (!onDemand.includes(k) && !present.has(k)) {
        present.add(k);
        close();
      }
    }
    if (maxP !== undefined) {
      if (count() > maxP) extraList = extraList.slice(0, Math.max(0, maxP - present.size));
      for (let i = randomOptional.length - 1; i >= 0 && count() > maxP; i--) {
        const k = randomOptional[i];
        const needed = [...present].some((t) => depsOf(t).includes(k));
        if (present.has(k) && !needed) present.delete(k);
      }
    }
    const out: Record<string, unknown> = {};
    for (const k of order) if (present.has(k)) setOwn(out, k, values.has(k) ? values.get(k) : pool.get(k));
    for (const [k, v] of extraList) setOwn(out, k, v);
    return out;
  });
  if (minP > 0 || maxP !== undefined || depRequired.size > 0) {
    arb = guardedFilter(
      arb,
      (o) => {
        const keys = Object.keys(o);
        if (keys.length < minP || (maxP !== undefined && keys.length > maxP)) return false;
        return keys.every((k) => depsOf(k).every((d) => keys.includes(d) || excludedRequired.includes(d)));
      },
      ctx.pointer,
      'minProperties/maxProperties/dependentRequired',
    );
  }
  return arb;
}
