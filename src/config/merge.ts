import type { ConformanceConfig, RunConfig } from './types';

/** Config keys that are not CLI options: the per-operation parts of a run (RunConfig). */
const NOT_OPTIONS = new Set(['$schema', 'fixtures', 'statusCodes', 'operations']);

/**
 * The config file's CLI options as the flags would give them, keyed by flag name (`maxResponseTime` is
 * `max-response-time`): strings as they are, numbers as text, lists comma-joined, booleans as they are. The CLI
 * reads them after its flags and the environment (flags > environment > config file > defaults), through the
 * same parsing as a flag's text.
 */
export function optionLayer(config: ConformanceConfig): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(config)) {
    if (NOT_OPTIONS.has(key) || value === undefined) continue;
    const flag = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    out[flag] = typeof value === 'boolean' ? value : Array.isArray(value) ? value.join(',') : String(value);
  }
  return out;
}

/** The per-operation parts of a config file a run carries (empty when there are none). */
export function runConfigOf(config: ConformanceConfig, file?: string): RunConfig {
  return {
    ...(file !== undefined ? { file } : {}),
    ...(config.operations && Object.keys(config.operations).length ? { operations: config.operations } : {}),
    ...(config.fixtures && Object.keys(config.fixtures).length ? { fixtures: config.fixtures } : {}),
    ...(config.statusCodes?.extra.length ? { extraStatuses: config.statusCodes.extra } : {}),
  };
}
