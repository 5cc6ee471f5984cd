import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root (the folder with package.json), found by walking up from this module. Works
 * both from `src/cli` (tsx) and from `dist/src/cli` (built).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'examples'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the rampart package root');
}

/** True when running from the compiled `dist/` tree. */
export function isBuilt(): boolean {
  return fileURLToPath(import.meta.url).includes(`${'/'}dist${'/'}`);
}
