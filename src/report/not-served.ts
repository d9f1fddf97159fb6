import type { Finding } from '../runner/types';

/**
 * An operation the target does not serve is one finding: its operation-served finding. Whatever other
 * findings its earlier answers gave (the 410 was an undocumented status too, the examples phase saw it first)
 * are listed on that finding as `also`, not reported apart.
 */
export function foldIntoNotServed<F extends Finding>(findings: F[]): F[] {
  const notServed = new Map<string, F>();
  for (const f of findings) if (f.checkId === 'operation-served' && !notServed.has(f.operationId)) notServed.set(f.operationId, f);
  if (notServed.size === 0) return findings;
  const out: F[] = [];
  for (const f of findings) {
    const owner = notServed.get(f.operationId);
    if (!owner || f === owner) {
      out.push(f);
      continue;
    }
    if (f.checkId === 'operation-served') continue;
    const listed = owner.also ?? [];
    if (!listed.some((a) => a.checkId === f.checkId && a.title === f.title)) {
      owner.also = [...listed, { checkId: f.checkId, severity: f.severity, title: f.title, message: f.message }];
    }
  }
  return out;
}
