import { normalizeSchema } from '../normalize-schema';
import { declaredTypes, isSchemaObject, num, type JsonSchema } from '../schema-types';

/** How many distinct values a schema admits when that is small and obvious; Infinity otherwise. */
export function finiteDomainSize(schema: JsonSchema, root: JsonSchema, pointer: string): number {
  const s = normalizeSchema(schema, root, pointer);
  if (s === false) return 0;
  if (!isSchemaObject(s)) return Infinity;
  if ('const' in s) return 1;
  if (Array.isArray(s.enum)) return s.enum.length;
  if (s.anyOf !== undefined || s.oneOf !== undefined) return Infinity;
  const types = declaredTypes(s);
  if (!types) return Infinity;
  let total = 0;
  for (const t of types) {
    if (t === 'null') total += 1;
    else if (t === 'boolean') total += 2;
    else if (t === 'integer') {
      const lo = Math.max(Math.ceil(num(s, 'minimum') ?? -Infinity), Math.floor(num(s, 'exclusiveMinimum') ?? -Infinity) + 1);
      const hi = Math.min(Math.floor(num(s, 'maximum') ?? Infinity), Math.ceil(num(s, 'exclusiveMaximum') ?? Infinity) - 1);
      total += Number.isFinite(lo) && Number.isFinite(hi) && s.multipleOf === undefined ? Math.max(0, hi - lo + 1) : Infinity;
    } else if (t === 'string' && num(s, 'maxLength') === 0) total += 1;
    else return Infinity;
  }
  return total;
}
