import type { Report } from './types';

/**
 * The target as a line of a report: its URL, the gateway URL the gateway-served operations went to
 * (`--gateway-target`), whether it is the embedded reference server, and which operations an embedded
 * companion server of another edition answered. Plain text; callers escape.
 */
export function targetText(target: Report['target']): string {
  if (!target.embedded) return target.gateway ? `${target.baseUrl} (gateway-served operations at ${target.gateway})` : target.baseUrl;
  const companion = target.companion;
  const served = companion?.operations.length
    ? `; ${companion.operations.join(', ')} on an embedded ${companion.edition} server, the edition that serves ${companion.operations.length === 1 ? 'it' : 'them'}`
    : '';
  return `${target.baseUrl} (embedded reference server${served})`;
}
