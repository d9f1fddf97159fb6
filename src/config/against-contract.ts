import type { Operation } from '../contract/types';
import { EngineError } from '../errors';
import { namesPartOf } from './fixtures';
import { escape } from './load';
import type { RunConfig } from './types';

/**
 * Refuses, in one line naming the key (a JSON pointer) as CONFIG_INVALID, what the schema cannot tell alone:
 * an override of an operationId the contract does not have, a fixture that names no parameter or body field
 * of any operation (of its operation, for an override's), a check id this version does not have.
 */
export function checkAgainstContract(config: RunConfig, operations: Operation[], knownChecks: string[], file = 'file'): void {
  const refuse = (pointer: string, why: string) => {
    throw new EngineError('CONFIG_INVALID', `config ${file}: ${pointer}: ${why}`);
  };
  for (const key of Object.keys(config.fixtures ?? {})) {
    if (!operations.some((op) => namesPartOf(op, key))) refuse(`/fixtures/${escape(key)}`, 'names no parameter or body field of any operation');
  }
  for (const [id, override] of Object.entries(config.operations ?? {})) {
    const at = `/operations/${escape(id)}`;
    const operation = operations.find((op) => op.operationId === id);
    if (!operation) refuse(at, 'names no operation of the contract');
    for (const key of Object.keys(override.fixtures ?? {})) {
      if (!namesPartOf(operation!, key)) refuse(`${at}/fixtures/${escape(key)}`, `names no parameter or body field of ${id}`);
    }
    for (const list of ['checks', 'excludeChecks'] as const) {
      for (const [i, checkId] of (override[list] ?? []).entries()) {
        if (!knownChecks.includes(checkId)) refuse(`${at}/${list}/${i}`, `unknown check ${JSON.stringify(checkId)}`);
      }
    }
  }
}
