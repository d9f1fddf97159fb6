/** A 31-bit seed for one operation and phase, derived from the run seed so subsets replay identically. */
export function phaseSeed(runSeed: number, operationId: string, phase: string): number {
  let h = (runSeed ^ 0x9e3779b9) >>> 0;
  for (const ch of `${operationId}\u0000${phase}`) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  }
  return h & 0x7fffffff;
}

/** A fresh run seed when none is given. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0x7fffffff);
}
