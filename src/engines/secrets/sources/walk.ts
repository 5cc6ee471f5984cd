// Directory walk that honours .gitignore files (root and nested) and never follows symlinks.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';

export interface WalkedFile {
  readonly abs: string;
  /** Relative to the walk root, forward slashes. */
  readonly rel: string;
  readonly size: number;
}

interface Level {
  readonly base: string;
  readonly ig: Ignore;
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/**
 * The .gitignore files of the directories above `root`, up to the work tree's top (the directory
 * holding `.git`), so scanning a subdirectory honours the rules of the repository around it.
 */
function ancestorIgnores(root: string): Level[] {
  const chain: string[] = [];
  let dir = dirname(root);
  let top: string | undefined;
  for (let cur = root; ; cur = dirname(cur)) {
    if (existsSync(join(cur, '.git'))) {
      top = cur;
      break;
    }
    if (dirname(cur) === cur) break;
  }
  if (top === undefined || top === root) return [];
  for (; ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dir === top || dirname(dir) === dir) break;
  }
  const levels: Level[] = [];
  for (const d of chain) {
    try {
      levels.push({ base: d, ig: ignore().add(readFileSync(join(d, '.gitignore'), 'utf8')) });
    } catch {}
  }
  // A directory the user names explicitly is scanned even when the repository ignores it (as for a
  // build output or a vendored tree); only the rules below it apply then.
  const rootIgnored = levels.some((l) => l.ig.ignores(`${toPosix(relative(l.base, root))}/`));
  return rootIgnored ? [] : levels;
}

/** Every regular file under `root`, skipping `.git` and, unless disabled, what .gitignore files exclude. */
export function walkTree(root: string, opts: { gitignore: boolean; extraIgnore?: readonly string[]; signal?: AbortSignal }): WalkedFile[] {
  const out: WalkedFile[] = [];
  const extra = opts.extraIgnore && opts.extraIgnore.length > 0 ? ignore().add([...opts.extraIgnore]) : undefined;
  const visit = (dir: string, levels: readonly Level[]) => {
    if (opts.signal?.aborted) return;
    let here = levels;
    if (opts.gitignore) {
      try {
        const text = readFileSync(join(dir, '.gitignore'), 'utf8');
        here = [...levels, { base: dir, ig: ignore().add(text) }];
      } catch {}
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name === '.git') continue;
      const abs = join(dir, e.name);
      const isDir = e.isDirectory();
      if (!isDir && !e.isFile()) continue;
      const relRoot = toPosix(relative(root, abs));
      if (extra?.ignores(isDir ? `${relRoot}/` : relRoot)) continue;
      let ignored = false;
      for (const l of here) {
        const r = toPosix(relative(l.base, abs));
        if (l.ig.ignores(isDir ? `${r}/` : r)) {
          ignored = true;
          break;
        }
      }
      if (ignored) continue;
      if (isDir) visit(abs, here);
      else {
        let size = 0;
        try {
          size = statSync(abs).size;
        } catch {}
        out.push({ abs, rel: relRoot, size });
      }
    }
  };
  visit(root, opts.gitignore ? ancestorIgnores(root) : []);
  return out;
}
