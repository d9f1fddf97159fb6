import { countBuilt } from '../built';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { EngineError } from '../errors';
import { parse as parseYaml } from 'yaml';
import { request } from 'undici';
import { extractContract, type Inference } from './operations';
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
  /** What the document left open and was inferred, and the general errors assumed (src/contract/infer.ts). */
  inference?: Inference;
}

export interface LoadOptions {
  /**
   * Assume the docs' general errors where the document lists none (default: on, unless the environment sets
   * ONECLI_CONFORMANCE_NO_GENERAL_ERRORS=1, as `--no-general-errors` does).
   */
  generalErrors?: boolean;
}

/** Whether a contract location is an http(s) URL rather than a file path. */
export const isUrl = (path: string) => /^https?:\/\//i.test(path);

/** The contract's bytes, from a file or an http(s) URL. */
async function contractBytes(path: string): Promise<Buffer> {
  if (!isUrl(path)) return readFile(path);
  const response = await request(path, { method: 'GET', headersTimeout: 30_000, bodyTimeout: 30_000 });
  const bytes = Buffer.from(await response.body.arrayBuffer());
  if (response.statusCode !== 200) throw new Error(`HTTP ${response.statusCode}`);
  return bytes;
}

/**
 * Reads (a file, or an http(s) URL), validates (swagger-parser, OpenAPI 3.1) and dereferences the contract;
 * hashes the bytes loaded. Extensions the document lacks are inferred (src/contract/infer.ts).
 */
export async function loadContract(path: string, options: LoadOptions = {}): Promise<Contract> {
  countBuilt('contracts');
  let bytes: Buffer;
  try {
    bytes = await contractBytes(path);
  } catch (error) {
    throw new EngineError('SPEC_UNREADABLE', `cannot read contract ${path}: ${(error as Error).message}`);
  }
  let document: Record<string, any>;
  try {
    // A URL's document is validated as fetched (the same bytes that were hashed); relative $refs resolve
    // against the URL.
    const input = isUrl(path) ? (parseYaml(bytes.toString('utf8')) as Record<string, any>) : path;
    document = (isUrl(path) ? await SwaggerParser.validate(path, input as any, {}) : await SwaggerParser.validate(path)) as Record<string, any>;
  } catch (error) {
    const message = (error as Error).message.split('\n').slice(0, 3).join(' ');
    throw new EngineError('SPEC_INVALID', `contract ${path} is not a valid OpenAPI document: ${message}`);
  }
  if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new EngineError('SPEC_INVALID', `contract ${path} must be OpenAPI 3.1 (found ${document.openapi ?? document.swagger})`);
  }
  const generalErrors = options.generalErrors ?? !['1', 'true'].includes(process.env.ONECLI_CONFORMANCE_NO_GENERAL_ERRORS ?? '');
  const { operations, inference } = extractContract(document, { generalErrors });
  return {
    path,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    title: document.info?.title ?? '',
    version: document.info?.version ?? '',
    document,
    operations,
    inference,
  };
}
