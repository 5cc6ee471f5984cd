import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';
import type { Lang } from './ir.js';

// The grammars are prebuilt WebAssembly files shipped inside an npm package: nothing is fetched at run time.
const require = createRequire(import.meta.url);
const WASM_DIR = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
const GRAMMAR: Record<Lang, string> = { js: 'javascript', ts: 'typescript', tsx: 'tsx', py: 'python' };

let ready: Promise<void> | undefined;
const languages = new Map<Lang, Language>();
const parsers = new Map<Lang, Parser>();

/** Load the runtime and the four grammars once per process. */
export function initParsers(): Promise<void> {
  ready ??= (async () => {
    await Parser.init();
    for (const lang of Object.keys(GRAMMAR) as Lang[]) {
      const language = await Language.load(join(WASM_DIR, `tree-sitter-${GRAMMAR[lang]}.wasm`));
      languages.set(lang, language);
      const p = new Parser();
      p.setLanguage(language);
      parsers.set(lang, p);
    }
  })();
  return ready;
}

/** Parse source text; call {@link initParsers} first. The caller must `delete()` the tree. */
export function parseSource(lang: Lang, text: string): Tree {
  const p = parsers.get(lang);
  if (!p) throw new Error('parsers not initialised');
  const tree = p.parse(text);
  if (!tree) throw new Error('parser returned no tree');
  return tree;
}

/** The language of a file by its extension, or undefined when we do not analyse it. */
export function langOf(file: string): Lang | undefined {
  const m = /\.([a-z]+)$/i.exec(file);
  switch (m?.[1]?.toLowerCase()) {
    case 'js': case 'mjs': case 'cjs': case 'jsx': return 'js';
    case 'ts': case 'mts': case 'cts': return file.endsWith('.d.ts') ? undefined : 'ts';
    case 'tsx': return 'tsx';
    case 'py': return 'py';
    default: return undefined;
  }
}

/**
 * A node's type, read from the tree once per node object and kept on it. Reading `type` asks the
 * WebAssembly side every time (the node is copied into the runtime's transfer buffer first), and
 * the lowering looks at most nodes' types several times.
 */
export function ty(n: Node): string {
  const x = n as Node & { _ty?: string };
  let t = x._ty;
  if (t === undefined) { t = n.type; x._ty = t; }
  return t;
}

/** {@link ty} of a node that may be absent. */
export function tyo(n: Node | null | undefined): string | undefined {
  return n ? ty(n) : undefined;
}
