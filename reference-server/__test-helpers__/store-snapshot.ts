/** A comparable snapshot of a whole in-process store, for "nothing changed" assertions. */
import type { App } from '../app.ts';

/** Every map of `app.store` as JSON (Maps and Sets as arrays of their entries). */
export function storeSnapshot(app: App): string {
  return JSON.stringify(app.store, (_, value: unknown) => {
    if (value instanceof Map) return [...value.entries()];
    if (value instanceof Set) return [...value.values()];
    return value;
  });
}
