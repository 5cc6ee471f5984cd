import { readFileSync, readdirSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { ToolError } from '../../core/errors.js';
import type { Notification } from '../../core/report.js';
import { loadOpenApiFile } from '../../surface/openapi.js';
import type { SpecOperation } from './define.js';
import type { SourceFile } from './engine.js';
import { langOf } from './parse.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'coverage', '.venv', 'venv', 'env', '__pycache__', 'site-packages', '.tox', '.mypy_cache', '.pytest_cache', '.next', '.nuxt', 'bower_components', 'vendor', '.cache']);

/** Read every JS/TS/Python file under the given paths (the I/O edge of the code engine). */
export function loadSources(paths: readonly string[], cwd: string, maxFileBytes: number): { root: string; files: SourceFile[]; notifications: Notification[] } {
  const notifications: Notification[] = [];
  const files: SourceFile[] = [];
  const targets = paths.length > 0 ? paths : ['.'];
  const first = resolve(cwd, targets[0]!);
  const firstStat = statSync(first, { throwIfNoEntry: false });
  if (!firstStat) throw new ToolError('E_INPUT_MISSING', `no such file or directory: ${targets[0]}`, { position: { file: targets[0]! } });
  const root = firstStat.isDirectory() ? first : resolve(first, '..');
  const add = (full: string, size: number): void => {
    if (!langOf(full)) return;
    const rel = relative(root, full).split(sep).join('/');
    if (size > maxFileBytes) {
      notifications.push({ level: 'note', code: 'file-skipped', engine: 'code', subject: rel, message: `${rel} skipped: larger than ${maxFileBytes} bytes` });
      return;
    }
    try {
      files.push({ path: rel, text: readFileSync(full, 'utf8') });
    } catch (err) {
      notifications.push({ level: 'warning', code: 'file-unreadable', engine: 'code', subject: rel, message: `${rel} could not be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
  };
  // Directories already walked, by device and inode: a symlink to a directory is followed once,
  // and a link back up the tree (`sub/up -> ..`) does not walk it again without end.
  const walked = new Set<string>();
  const walk = (dir: string, st: Stats): void => {
    const id = `${st.dev}:${st.ino}`;
    if (walked.has(id)) return;
    walked.add(id);
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (err) {
      notifications.push({ level: 'warning', code: 'file-unreadable', engine: 'code', subject: dir, message: `${dir} could not be listed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      return;
    }
    for (const name of names) {
      if (SKIP_DIRS.has(name)) continue;
      const full = join(dir, name);
      let st: Stats | undefined;
      try {
        st = statSync(full, { throwIfNoEntry: false });
      } catch (err) {
        // ELOOP: a symlink that points at itself, or a chain of them.
        const rel = relative(root, full).split(sep).join('/');
        notifications.push({ level: 'warning', code: 'file-unreadable', engine: 'code', subject: rel, message: `${rel} could not be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
        continue;
      }
      if (!st) continue;
      if (st.isDirectory()) walk(full, st);
      else if (st.isFile()) add(full, st.size);
    }
  };
  for (const t of targets) {
    const full = resolve(cwd, t);
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st) throw new ToolError('E_INPUT_MISSING', `no such file or directory: ${t}`, { position: { file: t } });
    if (st.isDirectory()) walk(full, st);
    else add(full, st.size);
  }
  return { root, files, notifications };
}

/** The operations of an OpenAPI document, for `--spec` (shadow and stale endpoints). */
export async function loadSpecOperations(file: string, cwd: string): Promise<SpecOperation[]> {
  const full = resolve(cwd, file);
  const spec = await loadOpenApiFile(full);
  const basePaths = spec.surface.servers.map((s) => {
    try {
      return new URL(s, 'http://placeholder.invalid').pathname;
    } catch {
      return '';
    }
  }).filter((p) => p && p !== '/');
  const shown = relative(cwd, full).split(sep).join('/');
  return spec.surface.operations.map((op) => ({ method: op.method, path: op.path, basePaths, file: shown, line: op.source?.line, pointer: op.source?.pointer ?? '' }));
}
