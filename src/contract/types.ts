/** The engine's view of the contract: one `Operation` per documented method + path. */

export type JsonSchema = boolean | { [keyword: string]: unknown };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Which error body the docs' rule demands for an error status (`x-onecli-error-shape`). */
export type ErrorShapeRule = 'envelope' | 'by-request' | 'any';

export type Role =
  | 'public'
  | 'authenticated'
  | 'project-member'
  | 'org-member'
  | 'org-admin'
  | 'partner-member'
  | 'partner-admin';

export type KeyKind = 'project' | 'org' | 'partner';

export type Edition = 'cloud' | 'enterprise' | 'community';

/**
 * The OneCLI process that serves an operation (`x-onecli-served-by`): the API server, or the gateway, which
 * a self-hosted server runs at its own URL (Cloud serves both at the API base URL).
 */
export type ServedBy = 'api' | 'gateway';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: JsonSchema;
  /** The documented examples of the parameter (`example`, `examples.*.value`), if any. */
  examples?: unknown[];
}

export interface RequestBodySpec {
  required: boolean;
  contentType: string;
  schema: JsonSchema;
  /** The documented examples of the media type (`example`, `examples.*.value`), if any. */
  examples?: unknown[];
}

export interface ResponseSpec {
  /** '200', '404' … or 'default'. */
  status: string;
  /** Absent for responses without a body (204, 302). */
  contentType?: string;
  schema?: JsonSchema;
  errorShape?: ErrorShapeRule;
  /** Response headers the contract requires (lower-case names). */
  requiredHeaders: string[];
  /** The documented description (for a 400, the reasons the docs give beyond validation). */
  description?: string;
  /**
   * Not in the document: added at load time from the docs' general errors (src/contract/infer.ts), because
   * the document lists no response for this status. Absent on documented responses.
   */
  assumed?: true;
}

export interface Operation {
  operationId: string;
  method: HttpMethod;
  /** Path template relative to the API base URL, e.g. `/agents/{agentId}`. */
  path: string;
  tag: string;
  summary: string;
  parameters: Parameter[];
  requestBody?: RequestBodySpec;
  responses: Record<string, ResponseSpec>;
  authenticated: boolean;
  role: Role;
  projectContext: 'required' | 'optional' | 'none';
  keyKinds: KeyKind[];
  availability: Record<Edition, boolean>;
  servedBy: ServedBy;
  /**
   * The hints the document did not state (no x-onecli extension) and the loader inferred from its paths and
   * texts (src/contract/infer.ts); absent when none was.
   */
  inferred?: Array<'keyKinds' | 'projectContext' | 'role' | 'availability' | 'servedBy'>;
}
