import { countBuilt } from '../built';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './types';

export interface SchemaVerdict {
  valid: boolean;
  errors: ErrorObject[];
}

/** Keywords OpenAPI 3.1 adds to JSON Schema that carry no validation. */
const OPENAPI_ANNOTATIONS = ['example', 'discriminator', 'xml', 'externalDocs'];

/**
 * One Ajv (draft 2020-12, strict, ajv-formats) per contract. Each schema object is compiled once and
 * the validator reused: `validate` looks the schema up by identity first.
 */
export class SchemaCompiler {
  readonly ajv: Ajv2020;
  private readonly cache = new WeakMap<object, ValidateFunction>();

  constructor(document: unknown) {
    countBuilt('compilers');
    this.ajv = new Ajv2020({ strict: true, allErrors: true, strictTypes: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addVocabulary([...OPENAPI_ANNOTATIONS, ...extensionKeywords(document)]);
  }

  compile(schema: JsonSchema): ValidateFunction {
    if (typeof schema === 'boolean') return this.ajv.compile(schema);
    let fn = this.cache.get(schema);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.cache.set(schema, fn);
    }
    return fn;
  }

  validate(schema: JsonSchema, value: unknown): SchemaVerdict {
    const fn = this.compile(schema);
    const valid = fn(value) as boolean;
    return { valid, errors: valid ? [] : [...(fn.errors ?? [])] };
  }
}

/** Every `x-…` key used anywhere in the document, so strict mode accepts them as annotations. */
function extensionKeywords(document: unknown): string[] {
  const found = new Set<string>();
  const seen = new Set<object>();
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) return node.forEach(walk);
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) found.add(key);
      walk(value);
    }
  };
  walk(document);
  return [...found];
}
