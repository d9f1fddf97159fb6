import { documentedResponse } from '../contract/operations';
import type { JsonSchema } from '../contract/types';
import { type Check, type CheckContext, failed, passed } from './types';

type SchemaObject = Exclude<JsonSchema, boolean>;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The documented top-level properties of an object schema (its own and its `allOf` members'); [] if none. */
export function documentedProperties(schema: JsonSchema | undefined): string[] {
  if (!isObject(schema)) return [];
  const own = isObject(schema.properties)
    ? Object.entries(schema.properties).filter(([, p]) => !(isObject(p) && p.writeOnly === true)).map(([name]) => name)
    : [];
  const inherited = Array.isArray(schema.allOf) ? schema.allOf.flatMap((s) => documentedProperties(s as JsonSchema)) : [];
  return [...new Set([...own, ...inherited])];
}

/** What the 2xx body documents: an object's properties, or the properties of each item of an array. */
function expectation(ctx: CheckContext): { list: boolean; properties: string[] } | undefined {
  const { response } = ctx.exchange;
  if (response.status < 200 || response.status >= 300 || !response.isJson) return undefined;
  const spec = documentedResponse(ctx.operation, response.status);
  if (!spec?.schema || !spec.contentType?.includes('json')) return undefined;
  const schema = spec.schema as SchemaObject;
  if (schema.type === 'array') {
    const properties = documentedProperties(schema.items as JsonSchema);
    return properties.length && Array.isArray(response.json) && response.json.some(isObject) ? { list: true, properties } : undefined;
  }
  const properties = documentedProperties(schema);
  return properties.length && isObject(response.json) ? { list: false, properties } : undefined;
}

export const documentedPropertiesPresent: Check = {
  id: 'documented-properties-present',
  severity: 'warning',
  doc:
    'A 2xx JSON body should carry the top-level properties its schema documents (for a list, on each item). The ' +
    'contract makes none of them required, so an absent property breaks no schema, but a client written from the ' +
    'docs will miss it. Bodies that are not the documented object or list (judged by response-schema-conformance) ' +
    'and empty lists are skipped.',
  appliesTo: (ctx) => expectation(ctx) !== undefined,
  run(ctx) {
    const { list, properties } = expectation(ctx)!;
    const body = ctx.exchange.response.json;
    const objects = list ? (body as unknown[]).filter(isObject) : [body as Record<string, unknown>];
    const missing = properties.filter((name) => objects.some((o) => !(name in o)));
    if (missing.length === 0) return passed;
    const lacking = missing.map((name) => `${name} (${objects.filter((o) => !(name in o)).length}/${objects.length})`);
    return failed({
      title: `Documented properties absent: ${missing.join(', ')}`,
      message: list
        ? `Received ${objects.length} item(s) lacking ${lacking.join(', ')}; documented item properties: ${properties.join(', ')}.`
        : `Received a ${ctx.exchange.response.status} object without ${missing.join(', ')}; documented properties: ${properties.join(', ')}.`,
      received: missing,
      documented: properties,
    });
  },
};
