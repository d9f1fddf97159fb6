import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020.js';
import { require as tsxRequire } from 'tsx/cjs/api';
import { EngineError } from '../errors';
import schema from './config.schema.json';
import type { ConformanceConfig } from './types';

/** The names a config file is found under in the working directory, in this order. */
export const CONFIG_FILES = ['onecli-conformance.config.json', 'onecli-conformance.config.ts'] as const;

/** A config file read and validated: where it is and what it says (relative paths resolved against its folder). */
export interface LoadedConfig {
  path: string;
  config: ConformanceConfig;
}

let validator: ReturnType<Ajv2020['compile']> | undefined;

/**
 * The config file a run uses: `given` (`--config` or ONECLI_CONFORMANCE_CONFIG, relative to `cwd`), else one
 * of CONFIG_FILES in `cwd`, else none. Read, validated against config.schema.json, and refused in one line
 * naming the key (a JSON pointer) as CONFIG_INVALID. Synchronous: the CLI parses its options synchronously, so
 * a `.ts` file is loaded with tsx's `require` (its `export default`, the object or `defineConfig(…)`).
 */
export function loadConfig(given: string | undefined, cwd: string): LoadedConfig | undefined {
  const path = findConfig(given, cwd);
  if (!path) return undefined;
  const name = relative(cwd, path) || path;
  const raw = readRaw(path, name);
  validator ??= new Ajv2020({ strict: true, allErrors: false, allowUnionTypes: true }).compile(schema);
  if (!validator(raw)) throw new EngineError('CONFIG_INVALID', `config ${name}: ${errorLine(validator.errors![0]!)}`);
  return { path, config: resolvePaths(raw as ConformanceConfig, dirname(path)) };
}

function findConfig(given: string | undefined, cwd: string): string | undefined {
  if (given !== undefined) {
    const path = resolve(cwd, given);
    if (!existsSync(path)) throw new EngineError('CONFIG_INVALID', `--config ${given}: no such file`);
    return path;
  }
  const found = CONFIG_FILES.map((f) => join(cwd, f)).filter((f) => existsSync(f));
  if (found.length > 1) throw new EngineError('CONFIG_INVALID', `both ${CONFIG_FILES.join(' and ')} are in ${cwd}: keep one, or name it with --config`);
  return found[0];
}

function readRaw(path: string, name: string): unknown {
  if (path.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new EngineError('CONFIG_INVALID', `config ${name}: not JSON: ${firstLine(error)}`);
    }
  }
  let loaded: { default?: unknown };
  try {
    loaded = tsxRequire(path, import.meta.url);
  } catch (error) {
    throw new EngineError('CONFIG_INVALID', `config ${name}: could not be loaded: ${firstLine(error)}`);
  }
  if (!loaded || typeof loaded !== 'object' || !('default' in loaded)) {
    throw new EngineError('CONFIG_INVALID', `config ${name}: has no default export (export default defineConfig({ … }))`);
  }
  return loaded.default;
}

/** One line for Ajv's first error: the JSON pointer of the key, then what is wrong with it. */
export function errorLine(error: ErrorObject): string {
  const at = error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}/${escape(String(error.params.additionalProperty))}: unknown key`;
    case 'required':
      return `${at}/${escape(String(error.params.missingProperty))}: is required`;
    case 'propertyNames':
      return `${at}/${escape(String(error.params.propertyName))}: is not a valid key`;
    case 'enum':
      return `${at || '/'}: must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `${at || '/'}: ${error.message}`;
  }
}

/** A key as a JSON pointer token. */
export function escape(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** File options are relative to the config file's folder (URLs stay as they are). */
function resolvePaths(config: ConformanceConfig, folder: string): ConformanceConfig {
  const out = { ...config };
  for (const key of ['contract', 'reportDir', 'baseline'] as const) {
    const value = out[key];
    if (value !== undefined && !/^https?:\/\//i.test(value) && !isAbsolute(value)) out[key] = resolve(folder, value);
  }
  return out;
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0]!;
}
