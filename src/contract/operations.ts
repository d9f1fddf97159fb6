import {
  assumedResponse,
  GENERAL_ERRORS,
  type Hint,
  type Inferred,
  inferAvailability,
  inferKeyKinds,
  inferProjectContext,
  inferRole,
  inferServedBy,
  type OperationSource,
} from './infer';
import type { Edition, HttpMethod, KeyKind, Operation, Parameter, ResponseSpec, Role } from './types';

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface ExtractOptions {
  /**
   * Add the docs' general errors (401, 403, 404, 500, 400) to operations whose document lists none for the
   * status (default false: the diff compares what documents say; loadContract turns it on). Only operations that carry no `x-onecli-` extension get them: a contract with the
   * extensions (the bundled one) states its errors in full.
   */
  generalErrors?: boolean;
}

/** What the document left open and the loader filled in, per operation (operationId → hint → value). */
export interface Inference {
  hints: Record<string, Partial<Record<Hint, Inferred<unknown>>>>;
  /** Per operation, the statuses added from the general errors. */
  assumed: Record<string, string[]>;
  /** The general errors were on (not --no-general-errors). */
  generalErrors: boolean;
}

/** Turns a dereferenced OpenAPI 3.1 document into the engine's operations, in document order. */
export function extractOperations(document: Record<string, any>, options: ExtractOptions = {}): Operation[] {
  return extractContract(document, options).operations;
}

/**
 * The operations and what was inferred for them. An extension present is taken as it is; an extension absent
 * is inferred from the document (src/contract/infer.ts) and recorded in `inference`.
 */
export function extractContract(
  document: Record<string, any>,
  options: ExtractOptions = {},
): { operations: Operation[]; inference: Inference } {
  const generalErrors = options.generalErrors ?? false;
  const inference: Inference = { hints: {}, assumed: {}, generalErrors };
  const operations: Operation[] = [];
  const globalSecurity: unknown[] = document.security ?? [];
  const tagDescriptions = new Map<string, string>(
    (document.tags ?? []).filter((t: any) => typeof t?.description === 'string').map((t: any) => [t.name, t.description]),
  );
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method.toLowerCase()];
      if (!op) continue;
      const security: unknown[] = op.security ?? globalSecurity;
      const rawParameters = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      const parameters: Parameter[] = rawParameters.map((p: any) => ({
        name: p.name,
        in: p.in,
        required: p.in === 'path' ? true : !!p.required,
        schema: p.schema ?? {},
        ...documentedExamples(p),
      }));
      const bodyContent = op.requestBody?.content ?? {};
      const bodyType = Object.keys(bodyContent)[0];
      const operationId: string = op.operationId ?? `${method} ${path}`;
      const source: OperationSource = {
        path,
        operation: op,
        parameters: rawParameters,
        security,
        ...(tagDescriptions.has(op.tags?.[0]) ? { tagDescription: tagDescriptions.get(op.tags[0]) } : {}),
      };
      const hints: Partial<Record<Hint, Inferred<unknown>>> = {};
      const hint = <T>(key: Hint, given: T | undefined, infer: () => Inferred<T>): T => {
        if (given !== undefined) return given;
        const inferred = infer();
        hints[key] = inferred;
        return inferred.value;
      };
      const hinted = Object.keys(op).some((k) => k.startsWith('x-onecli-'));
      const operation: Operation = {
        operationId,
        method,
        path,
        tag: op.tags?.[0] ?? 'default',
        summary: op.summary ?? '',
        parameters,
        requestBody: bodyType
          ? {
              required: !!op.requestBody.required,
              contentType: bodyType,
              schema: bodyContent[bodyType].schema ?? {},
              ...documentedExamples(bodyContent[bodyType]),
            }
          : undefined,
        responses: Object.fromEntries(
          Object.entries<any>(op.responses ?? {}).map(([status, r]) => [status, responseSpec(status, r)]),
        ),
        authenticated: security.length > 0,
        role: hint('role', op['x-onecli-roles'] as Role | undefined, () => inferRole(source)),
        projectContext: hint('projectContext', op['x-onecli-project-context'], () => inferProjectContext(source)),
        keyKinds: hint('keyKinds', op['x-onecli-key-kinds'] as KeyKind[] | undefined, () => inferKeyKinds(source)),
        availability:
          op['x-onecli-availability'] !== undefined
            ? availability(op['x-onecli-availability'])
            : hint('availability', undefined, () => inferAvailability(source)),
        // A contract with extensions marks only the gateway's operations; absent means the API server.
        servedBy: op['x-onecli-served-by'] === 'gateway' ? 'gateway' : hinted ? 'api' : hint('servedBy', undefined, inferServedBy),
      };
      if (Object.keys(hints).length) {
        inference.hints[operationId] = hints;
        operation.inferred = Object.keys(hints) as Hint[];
      }
      if (generalErrors && !hinted) {
        const added: string[] = [];
        for (const rule of GENERAL_ERRORS) {
          if (operation.responses[rule.status] || !rule.appliesTo(operation)) continue;
          operation.responses[rule.status] = assumedResponse(rule);
          added.push(rule.status);
        }
        if (added.length) inference.assumed[operationId] = added;
      }
      operations.push(operation);
    }
  }
  return { operations, inference };
}

function responseSpec(status: string, response: Record<string, any>): ResponseSpec {
  const content = response.content ?? {};
  const contentType = Object.keys(content)[0];
  const requiredHeaders = Object.entries<any>(response.headers ?? {})
    .filter(([, h]) => h.required)
    .map(([name]) => name.toLowerCase());
  return {
    status,
    contentType,
    schema: contentType ? content[contentType].schema : undefined,
    errorShape: response['x-onecli-error-shape'],
    requiredHeaders,
    ...(typeof response.description === 'string' ? { description: response.description } : {}),
  };
}

function availability(raw: any): Record<Edition, boolean> {
  return {
    cloud: raw?.cloud ?? true,
    enterprise: raw?.selfHostedEnterprise ?? true,
    community: raw?.selfHostedCommunity ?? true,
  };
}

/** The documented response for a status: exact code, then `4XX`-style range, then `default`. */
export function documentedResponse(operation: Operation, status: number): ResponseSpec | undefined {
  return operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ?? operation.responses.default;
}

/** `example` and the values of `examples` of a parameter or media type object; nothing when it has none. */
function documentedExamples(holder: Record<string, any>): { examples?: unknown[] } {
  const examples: unknown[] = [];
  if (holder.example !== undefined) examples.push(holder.example);
  for (const example of Object.values<any>(holder.examples ?? {})) if (example && 'value' in example) examples.push(example.value);
  return examples.length ? { examples } : {};
}
