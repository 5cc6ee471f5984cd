import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The example's own directory (the one holding `openapi.yaml`). Works from the TypeScript
 * sources under tsx and from the compiled copy in `dist/examples/vulnerable-api/src`, which has
 * no `openapi.yaml` beside it: walking up from there reaches the repository root, where
 * `examples/vulnerable-api/openapi.yaml` is.
 */
export function exampleRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'openapi.yaml'))) return (cachedRoot = dir);
    const nested = join(dir, 'examples', 'vulnerable-api');
    if (existsSync(join(nested, 'openapi.yaml'))) return (cachedRoot = nested);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find examples/vulnerable-api/openapi.yaml above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
