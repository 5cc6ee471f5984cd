import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Language, Parser } from 'web-tree-sitter';
import type { Node, Tree } from 'web-tree-sitter';
import type { Lang } from './ir.js';
import type { Binding, SNode } from './syntax.js';
import { SyntaxNode, SyntaxTree, leanBinding } from './syntax.js';

// The grammars are prebuilt WebAssembly files shipped inside an npm package: nothing is fetched at run time.
const require = createRequire(import.meta.url);
const WASM_DIR = join(dirname(require.resolve('@vscode/tree-sitter-wasm/package.json')), 'wasm');
const GRAMMAR: Record<Lang, string> = { js: 'javascript', ts: 'typescript', tsx: 'tsx', py: 'python' };

let ready: Promise<void> | undefined;
const languages = new Map<Lang, Language>();
const parsers = new Map<Lang, Parser>();
/** The runtime's functions for {@link SyntaxNode}, when they are there and agree with web-tree-sitter's own nodes. */
let binding: Binding | undefined;

/** Load the runtime and the four grammars once per process. */
export function initParsers(): Promise<void> {
  ready ??= (async () => {
    // the runtime adds its exports to the options object it is given (Emscripten's module object)
    const module: Record<string, unknown> = {};
    await Parser.init(module);
    for (const lang of Object.keys(GRAMMAR) as Lang[]) {
      const language = await Language.load(join(WASM_DIR, `tree-sitter-${GRAMMAR[lang]}.wasm`));
      languages.set(lang, language);
      const p = new Parser();
      p.setLanguage(language);
      parsers.set(lang, p);
    }
    const b = leanBinding(module);
    binding = b && agrees(b) ? b : undefined;
  })();
  return ready;
}

/** Whether the lean nodes are in use (false: web-tree-sitter's own nodes). */
export function leanNodes(): boolean {
  return binding !== undefined;
}

/** The root node of a tree parsed from `text`, as the lowering reads it. */
export function rootOf(tree: Tree, text: string): SNode {
  if (!binding) return tree.rootNode;
  return new SyntaxTree(binding, (tree as unknown as { 0: number })[0], tree.language, text).root;
}

// small (the comparison runs in every thread at start-up) but with fields, anonymous nodes, non-ASCII text before nodes and a syntax error
const SAMPLES: readonly [Lang, string][] = [
  ['js', "const { a } = require('./x');\nr.get('/é😀', (q) => `${q.p}` + 'ü');\nf(;\n"],
  ['py', "@d('/é')\ndef f(a, k: int = 1):\n    return f\"{a}\" % (1,)\n"],
];

/** Both views of a few sample trees agree on everything the lowering reads. */
function agrees(b: Binding): boolean {
  try {
    for (const [lang, text] of SAMPLES) {
      const tree = parseSource(lang, text);
      try {
        const same = (x: SNode | null, y: Node | null, deep: boolean): boolean => {
          if (x === null || y === null) return x === y;
          if (x.type !== y.type || x.text !== y.text || x.isNamed !== y.isNamed || x.hasError !== y.hasError || x.isError !== y.isError || x.isMissing !== y.isMissing) return false;
          if (x.startPosition.row !== y.startPosition.row || x.startPosition.column !== y.startPosition.column || x.endPosition.row !== y.endPosition.row || x.endPosition.column !== y.endPosition.column) return false;
          if (x.children.length !== y.children.length || x.namedChildren.length !== y.namedChildren.length) return false;
          if (!deep) return true;
          if (x.childForFieldName('no_such_field') !== null || x.childrenForFieldName('no_such_field').length !== 0) return false;
          // the fields the children really have (one look-up each, not every field name per node)
          for (let i = 0; i < y.children.length; i++) {
            const f = y.fieldNameForChild(i);
            if (!f) continue;
            const xs = x.childrenForFieldName(f);
            const ys = y.childrenForFieldName(f);
            if (!same(x.childForFieldName(f), y.childForFieldName(f), false) || xs.length !== ys.length || xs.some((c, k) => !same(c, ys[k]!, false))) return false;
          }
          // named children are among the children: compared shallowly here, in depth below
          return x.namedChildren.every((c, i) => same(c, y.namedChildren[i]!, false)) && x.children.every((c, i) => same(c, y.children[i]!, true));
        };
        if (!same(new SyntaxTree(b, (tree as unknown as { 0: number })[0], tree.language, text).root, tree.rootNode, true)) return false;
      } finally {
        tree.delete();
      }
    }
    return true;
  } catch {
    return false;
  }
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
export function ty(n: SNode): string {
  if (n instanceof SyntaxNode) return n.type;
  const x = n as SNode & { _ty?: string };
  let t = x._ty;
  if (t === undefined) { t = n.type; x._ty = t; }
  return t;
}

/** {@link ty} of a node that may be absent. */
export function tyo(n: SNode | null | undefined): string | undefined {
  return n ? ty(n) : undefined;
}
