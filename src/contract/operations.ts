import type { Edition, HttpMethod, KeyKind, Operation, Parameter, ResponseSpec, Role } from './types';

const METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Turns a dereferenced OpenAPI 3.1 document into the engine's operations, in document order. */
export function extractOperations(document: Record<string, any>): Operation[] {
  const operations: Operation[] = [];
  const globalSecurity: unknown[] = document.security ?? [];
  for (const [path, item] of Object.entries<Record<string, any>>(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method.toLowerCase()];
      if (!op) continue;
      const security: unknown[] = op.security ?? globalSecurity;
      const parameters: Parameter[] = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: any) => ({
        name: p.name,
        in: p.in,
        required: p.in === 'path' ? true : !!p.required,
        schema: p.schema ?? {},
        ...documentedExamples(p),
      }));
      const bodyContent = op.requestBody?.content ?? {};
      const bodyType = Object.keys(bodyContent)[0];
      operations.push({
        operationId: op.operationId ?? `${method} ${path}`,
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
        role: (op['x-onecli-roles'] as Role) ?? (security.length > 0 ? 'authenticated' : 'public'),
        projectContext: op['x-onecli-project-context'] ?? 'none',
        keyKinds: (op['x-onecli-key-kinds'] as KeyKind[]) ?? [],
        availability: availability(op['x-onecli-availability']),
        servedBy: op['x-onecli-served-by'] === 'gateway' ? 'gateway' : 'api',
      });
    }
  }
  return operations;
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
