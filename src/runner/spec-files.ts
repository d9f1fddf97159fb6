/** The spec file that holds a tag's tests: `specs/<tag in kebab-case>.spec.ts`. */
export function specFileOf(tag: string): string {
  return `${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.spec.ts`;
}
