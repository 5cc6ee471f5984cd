// The lean syntax nodes (syntax.ts) are in use with the pinned web-tree-sitter, and lowering every
// fixture through them gives exactly the IR that web-tree-sitter's own nodes give.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lowerJs } from './lower-js.js';
import { lowerPy } from './lower-py.js';
import { initParsers, langOf, leanNodes, parseSource, rootOf } from './parse.js';
import { SyntaxNode } from './syntax.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

test('the lean nodes pass their start-up comparison with web-tree-sitter 0.25', async () => {
  await initParsers();
  assert.equal(leanNodes(), true);
  const tree = parseSource('js', 'a.b(1)\n');
  try {
    assert.ok(rootOf(tree, 'a.b(1)\n') instanceof SyntaxNode);
  } finally {
    tree.delete();
  }
});

test('every fixture lowers to the same IR through lean nodes and through web-tree-sitter nodes', async () => {
  await initParsers();
  const files = readdirSync(fixtures, { recursive: true, encoding: 'utf8' }).filter((f) => langOf(f) !== undefined).sort();
  // plus text with non-ASCII characters before the nodes (offsets are UTF-16 code units) and a syntax error
  const extra: [string, string][] = [
    ['x/unicode.js', "const s = 'é😀'; app.get('/ü', (req, res) => res.send(`<b>${req.query.q}</b>` + 'ç'));\n"],
    ['x/unicode.py', "s = 'é😀'\n@app.route('/ü')\ndef v():\n    return f\"<b>{request.args['q']}</b>\" + 'ç'\n"],
    ['x/broken.ts', 'function f( {\n'],
  ];
  let lowered = 0;
  for (const [path, text] of [...files.map((f): [string, string] => [f, readFileSync(join(fixtures, f), 'utf8')]), ...extra]) {
    const lang = langOf(path)!;
    const tree = parseSource(lang, text);
    try {
      const lean = rootOf(tree, text);
      const own = tree.rootNode;
      assert.equal(lean.hasError, own.hasError, path);
      const lower = (root: typeof lean) => (lang === 'py' ? lowerPy(root, path, text) : lowerJs(root, path, lang, text));
      assert.deepEqual(lower(lean), lower(own), path);
      lowered++;
    } finally {
      tree.delete();
    }
  }
  assert.ok(lowered >= 25, `files lowered: ${lowered}`);
});
