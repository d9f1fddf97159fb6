import { createHash } from 'node:crypto';
import type { Finding } from '../runner/types';

/** Hex digits of a finding id: 40 bits, plenty for the findings of one contract. */
const ID_LENGTH = 10;

/**
 * What a finding's message says, without what changes from run to run against the same server: resource
 * ids (UUIDs, cuid-like ids), timestamps, durations, array indexes in JSON pointers and quoted values.
 * Two runs with the same seed against the same server give the same normalized messages.
 */
export function normalizedMessage(message: string): string {
  return message
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?\b/g, '<time>')
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/'(?:[^'\\]|\\.)*'/g, "'…'")
    .replace(/\b\d+(\.\d+)?\s?ms\b/g, '<n> ms')
    .replace(/\/\d+(?=\/|\s|$|\))/g, '/<i>')
    .replace(/\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{20,}\b/gi, '<id>')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A finding's stable id: a short hash of operationId, checkId, title and normalized message. The same
 * defect found again (next run, same seed, another CI machine) has the same id; `replay` and `--baseline`
 * refer to findings by it.
 */
export function findingId(f: Pick<Finding, 'operationId' | 'checkId' | 'title' | 'message'>): string {
  const key = [f.operationId, f.checkId, f.title, normalizedMessage(f.message)].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, ID_LENGTH);
}
