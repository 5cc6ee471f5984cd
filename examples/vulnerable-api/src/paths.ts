import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Walks up from `startDir` to the example's own directory (the one holding `openapi.yaml`). From
 * the compiled copy in `dist/examples/vulnerable-api/src` there is no `openapi.yaml` beside the
 * code, so at each level it also looks for `examples/vulnerable-api/openapi.yaml`, which it finds
 * at the repository (or installed package) root.
 */
export function findExampleRoot(startDir: string): string {
  let dir = startDir;
  for (;;) {
    if (existsSync(join(dir, 'openapi.yaml'))) return dir;
    const nested = join(dir, 'examples', 'vulnerable-api');
    if (existsSync(join(nested, 'openapi.yaml'))) return nested;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find examples/vulnerable-api/openapi.yaml above ${startDir}`);
    dir = parent;
  }
}

let cachedRoot: string | undefined;

/** The example's directory, found from this module's location. */
export function exampleRoot(): string {
  cachedRoot ??= findExampleRoot(dirname(fileURLToPath(import.meta.url)));
  return cachedRoot;
}
