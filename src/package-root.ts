import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory of this package (its package.json, openapi.yaml, specs/), found from this module's own
 * location by walking up: the same answer from the TypeScript sources (src/…) and from the compiled bundle
 * (dist/…).
 */
export const PACKAGE_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

/** Whether this module runs from the compiled bundle (`npm run build`), not from the TypeScript sources. */
export const COMPILED = /[\\/]dist[\\/]/.test(fileURLToPath(import.meta.url));

function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'onecli-conformance') return dir;
    if (dirname(dir) === dir) return join(from, '..');
  }
}
