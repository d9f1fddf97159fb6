import type { InvalidValue } from '../index';

/** Where a request was broken, for cases generated to be rejected. */
export interface RequestMutation extends Omit<InvalidValue, 'mutation'> {
  /** A value mutation id, or a request-level one: `malformed-json`, `body-missing`, `required-missing`. */
  mutation: string;
  /** Which part of the request the mutation is in. */
  location: 'body' | 'path' | 'query' | 'header';
  /** Parameter name for path/query/header mutations. */
  name?: string;
}

export type RequestBody =
  | { kind: 'json'; value: unknown }
  /** Bytes that are not what the contract's media type promises (e.g. broken JSON). */
  | { kind: 'raw'; text: string; label: string }
  /** A required body left out. */
  | { kind: 'absent' };

/** A generated request before it is put on the wire. Credentials are added by the runner. */
export interface RequestCase {
  operationId: string;
  /** `valid`: the request satisfies the contract; `invalid`: it breaks it as `mutation` says. */
  kind: 'valid' | 'invalid';
  pathParams: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  body?: RequestBody;
  mutation?: RequestMutation;
}
