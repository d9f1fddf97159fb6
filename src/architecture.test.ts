import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Layering: generators/ builds requests from the contract and must not need the engine that sends them, and
 * the stateful layer (src/stateful/) is what the runner uses, not the other way round. A cycle between them
 * makes a module's meaning depend on load order and keeps either side from being read (or tested) alone.
 * This test parses the static imports of every .ts file under src/ and generators/ (type-only imports
 * included: they tie the files as tightly for a reader) and fails on an import cycle whose files lie on both
 * sides of one of the pairs below. Dynamic `import()` is not followed.
 */
const ROOT = resolve(import.meta.dirname, '..');
const PAIRS: Array<[string, string]> = [
  ['generators/', 'src/'],
  ['src/runner/', 'src/stateful/'],
];

const IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s*'([^']+)'|^\s*import\s*'([^']+)'/gm;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The project file a relative specifier names (`./x` is `./x.ts` or `./x/index.ts`), or undefined. */
function resolveImport(from: string, specifier: string, files: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = relative(ROOT, resolve(ROOT, dirname(from), specifier));
  return [`${base}.ts`, join(base, 'index.ts'), base].find((f) => files.has(f));
}

/** The import graph: each file and the project files it imports statically. */
function importGraph(): Map<string, string[]> {
  const files = [...sources('src'), ...sources('generators')];
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(file, m[1] ?? m[2]!, known)).filter((t): t is string => !!t);
      return [file, targets];
    }),
  );
}

/** Strongly connected components of more than one file (Tarjan): each is a set of files that import each other. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** Whether `file` lies under `dir` (a pair's sides are told apart by taking each without the other). */
const inDir = (file: string, dir: string) => file.startsWith(dir);

describe('architecture', () => {
  const found = cycles(importGraph());

  it.each(PAIRS)('no import cycle between %s and %s', (a, b) => {
    const crossing = found.filter((c) => c.some((f) => inDir(f, a) && !inDir(f, b)) && c.some((f) => inDir(f, b) && !inDir(f, a)));
    expect(crossing).toEqual([]);
  });
});
