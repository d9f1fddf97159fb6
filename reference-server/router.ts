/**
 * A tiny router: OpenAPI-style path templates (`/agents/{agentId}`) under one
 * prefix. A static segment beats a parameter (`/agents/default` wins over
 * `/agents/{agentId}`); no match, including a wrong method on a known path,
 * gives `undefined` (the app answers the unknown-route 404).
 */
import type { RouteDef } from './routes/types.ts';

/** What the router needs to know about a route. */
export interface RouteShape {
  method: string;
  path: string;
}

/** A matched route with its decoded path parameters. */
export interface RouteMatch<R extends RouteShape = RouteDef> {
  route: R;
  params: Record<string, string>;
}

/** Finds the route for a method and a full path (prefix included). */
export type Router<R extends RouteShape> = (method: string, path: string) => RouteMatch<R> | undefined;

type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string };

interface Compiled<R> {
  route: R;
  segments: Segment[];
}

function compile(template: string): Segment[] {
  return template
    .split('/')
    .slice(1)
    .map((part): Segment => {
      const param = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(part);
      return param ? { kind: 'param', name: param[1]! } : { kind: 'static', value: part };
    });
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Matches one compiled route against split path parts; returns its params or undefined. */
function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i]!;
    if (segment.kind === 'static') {
      if (segment.value !== part) return undefined;
    } else {
      if (part === '') return undefined;
      params[segment.name] = decode(part);
    }
  }
  return params;
}

/** True when `a` is more specific than `b`: at the first differing segment, `a` is static. */
function moreSpecific(a: Segment[], b: Segment[]): boolean {
  for (const [i, segment] of a.entries()) {
    if (segment.kind !== b[i]!.kind) return segment.kind === 'static';
  }
  return false;
}

/**
 * Builds a router. Throws when two routes share a method and template, so a
 * tag file cannot silently shadow another.
 */
export function createRouter<R extends RouteShape>(prefix: string, routes: readonly R[]): Router<R> {
  const seen = new Set<string>();
  const compiled: Compiled<R>[] = routes.map((route) => {
    const key = `${route.method} ${route.path.replace(/\{[^}]+\}/g, '{}')}`;
    if (seen.has(key)) throw new Error(`Duplicate route: ${route.method} ${route.path}`);
    seen.add(key);
    return { route, segments: compile(prefix + route.path) };
  });

  return (method, path) => {
    const parts = path.split('/').slice(1);
    let best: (Compiled<R> & { params: Record<string, string> }) | undefined;
    for (const candidate of compiled) {
      if (candidate.route.method !== method) continue;
      const params = matchSegments(candidate.segments, parts);
      if (params && (!best || moreSpecific(candidate.segments, best.segments))) best = { ...candidate, params };
    }
    return best && { route: best.route, params: best.params };
  };
}
