import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { EngineError } from '../errors';
import { extractOperations } from './operations';
import type { Operation } from './types';

export interface Contract {
  /** Absolute or as-given path of the contract file. */
  path: string;
  /** sha256 of the contract file's bytes, hex. */
  sha256: string;
  title: string;
  version: string;
  /** The dereferenced OpenAPI document. */
  document: Record<string, any>;
  operations: Operation[];
}

/** Reads, validates (swagger-parser, OpenAPI 3.1) and dereferences the contract; hashes its bytes. */
export async function loadContract(path: string): Promise<Contract> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new EngineError('SPEC_UNREADABLE', `cannot read contract ${path}: ${(error as Error).message}`);
  }
  let document: Record<string, any>;
  try {
    document = (await SwaggerParser.validate(path)) as Record<string, any>;
  } catch (error) {
    const message = (error as Error).message.split('\n').slice(0, 3).join(' ');
    throw new EngineError('SPEC_INVALID', `contract ${path} is not a valid OpenAPI document: ${message}`);
  }
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new EngineError('SPEC_INVALID', `contract ${path} must be OpenAPI 3.1 (found ${document.openapi ?? document.swagger})`);
  }
  return {
    path,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    title: document.info?.title ?? '',
    version: document.info?.version ?? '',
    document,
    operations: extractOperations(document),
  };
}
