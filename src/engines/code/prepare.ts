import type { Notification } from '../../core/report.js';
import type { Module } from './ir.js';
import { lowerJs } from './lower-js.js';
import { lowerPy } from './lower-py.js';
import { langOf, parseSource, rootOf } from './parse.js';

/** A source file handed to the engine (read by load.ts). */
export interface SourceFile {
  /** Relative to the analysed root, forward slashes. */
  readonly path: string;
  readonly text: string;
}

/** What parsing and lowering one file gave: a module, or a note on why it was skipped, or nothing (not code). */
export interface Prepared {
  readonly module?: Module;
  readonly note?: Notification;
  readonly lines: number;
}

/** Why a file is not analysed, or undefined. Minified bundles are detected by their line lengths. */
export function skipReason(text: string, maxBytes: number): string | undefined {
  if (text.length > maxBytes) return `larger than ${maxBytes} bytes`;
  if (text.length > 1000) {
    let lines = 1;
    let longest = 0;
    let start = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) { lines++; longest = Math.max(longest, i - start); start = i + 1; }
    longest = Math.max(longest, text.length - start);
    if (longest > 5000 || text.length / lines > 300) return 'looks minified (very long lines)';
  }
  if (text.includes('\u0000')) return 'binary content';
  return undefined;
}

/**
 * Parse and lower one file (the per-file part of the analysis, run on the main thread or in a
 * worker; the parsers must be initialised). Never throws: failures become notes.
 */
export function prepareFile(f: SourceFile, maxBytes: number): Prepared {
  const lang = langOf(f.path);
  if (!lang) return { lines: 0 };
  const why = skipReason(f.text, maxBytes);
  if (why) return { lines: 0, note: { level: 'note', code: 'file-skipped', engine: 'code', subject: f.path, message: `${f.path} skipped: ${why}` } };
  let tree;
  try {
    tree = parseSource(lang, f.text);
  } catch (err) {
    return { lines: 0, note: { level: 'warning', code: 'file-skipped', engine: 'code', subject: f.path, message: `${f.path} skipped: the parser failed (${(err as Error).message})` } };
  }
  try {
    const root = rootOf(tree, f.text);
    if (root.hasError) {
      let err = root;
      for (let depth = 0; depth < 200 && !err.isError && !err.isMissing; depth++) {
        const next = err.children.find((c) => c !== null && (c.hasError || c.isError || c.isMissing));
        if (!next) break;
        err = next;
      }
      const where = `:${err.startPosition.row + 1}`;
      return { lines: 0, note: { level: 'note', code: 'file-skipped', engine: 'code', subject: f.path, message: `${f.path}${where} skipped: syntax error` } };
    }
    const module = lang === 'py' ? lowerPy(root, f.path, f.text) : lowerJs(root, f.path, lang, f.text);
    return { module, lines: root.endPosition.row + 1 };
  } catch (err) {
    // The lowering recurses into the syntax tree: thousands of nested expressions (a 20,000-term
    // `+` chain) overflow the stack. 4,000 still go through.
    const why = err instanceof RangeError && /call stack/.test(err.message) ? 'its code nests too deeply to analyse' : (err as Error).message;
    return { lines: 0, note: { level: 'warning', code: 'file-skipped', engine: 'code', subject: f.path, message: `${f.path} skipped: ${why}` } };
  } finally {
    tree.delete();
  }
}
