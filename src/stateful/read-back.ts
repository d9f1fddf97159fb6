import { idFromAnswer } from './resources';

/** The items of a list answer: the array itself, or the first array property of a wrapper object. */
export function listedItems(body: unknown): unknown[] | undefined {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object') return Object.values(body).find(Array.isArray);
  return undefined;
}

/**
 * The ids a list answer holds (each item's first id field; an item that is a string is an id itself, as in
 * a list of assigned ids); undefined when the answer is no list.
 */
export function listedIds(body: unknown, idFields: string[]): Set<string> | undefined {
  const items = listedItems(body);
  if (!items) return undefined;
  return new Set(
    items.map((item) => (typeof item === 'string' ? item || undefined : idFromAnswer(item, idFields))).filter((id): id is string => id !== undefined),
  );
}

/** The item of a list answer whose id is `id`. */
export function listedItem(body: unknown, id: string, idFields: string[]): Record<string, unknown> | undefined {
  return listedItems(body)?.find((item) => idFromAnswer(item, idFields) === id) as Record<string, unknown> | undefined;
}

/** Whether a status says the resource is not there. */
export function isGone(status: number): boolean {
  return status === 404 || status === 410;
}
