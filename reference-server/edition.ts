/** OneCLI editions; they differ in which routes exist and how a missing X-Project-Id is answered. */
export const editions = ['cloud', 'enterprise', 'community'] as const;

export type Edition = (typeof editions)[number];

/** Narrows a string to an edition. */
export function isEdition(value: string): value is Edition {
  return (editions as readonly string[]).includes(value);
}
