import { appliesTo, firstValid, withoutKey } from '../_internals/mutation-support';
import { schemaMap, stringList, type SchemaObject } from '../_internals/schema-types';
import type { Mutation } from './types';

/** Pairs (trigger, dependent) where the dependent is not required anyway. */
function pairs(s: SchemaObject): Array<[string, string]> {
  const required = stringList(s.required);
  return Object.entries(schemaMap(s.dependentRequired)).flatMap(([t, deps]) =>
    stringList(deps)
      .filter((d) => d !== t && !required.includes(d))
      .map((d): [string, string] => [t, d]),
  );
}

function withTrigger(s: SchemaObject, t: string, d: string): SchemaObject {
  return { ...s, type: 'object', required: [...new Set([...stringList(s.required), t, d])] };
}

/** A valid object having a `dependentRequired` trigger but missing one of its dependents. */
export const dependentRequiredMissing: Mutation = {
  id: 'dependent-required-missing',
  keywords: ['dependentRequired'],
  candidates(s, ctx) {
    if (!appliesTo(s, 'object')) return [];
    return pairs(s).flatMap(([t, d]) => {
      const valid = ctx.valid(withTrigger(s, t, d));
      return valid ? [{ keyword: 'dependentRequired', value: valid.map((o) => withoutKey(o, d)) }] : [];
    });
  },
  boundary(s, ctx) {
    if (!appliesTo(s, 'object')) return [];
    return pairs(s).flatMap(([t, d]) => {
      const obj = firstValid(ctx, withTrigger(s, t, d));
      return obj === undefined ? [] : [{ keyword: 'dependentRequired', value: withoutKey(obj, d), label: `${JSON.stringify(t)} without ${JSON.stringify(d)}` }];
    });
  },
};
