import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapePointer, parseSourceDocument } from '../core/yaml-source.js';
import { ToolError } from '../core/errors.js';
import { LineIndex, MAX_SPEC_BYTES, parseSpecSource, readDocumentFile } from './source.js';

const TRICKY = `# a comment first
---
openapi: 3.0.3
info:
  title: "Quoted: title"
  description: |
    - not: a sequence
    key: not a key
  version: '1.0'
tags:
- name: compact
  description: >-
    folded
    text
- name: second
paths:
  "/a/{id}":
    get:
      parameters:
        -
          name: id
          in: path
        - name: q   # trailing comment
          in: query
      responses:
        '200': { description: flow map }
        "404":
          description: &desc plain
            continued line
        default:
          description: *desc
  '/it''s':
    x-list: [1, 2, 3]
    x-nested:
      - - deep
        - deeper
      - &anchored
        k: v
`;

function pointers(v: unknown, p = '', out: string[] = []): string[] {
  out.push(p);
  if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) pointers(c, `${p}/${escapePointer(k)}`, out);
  return out;
}

// Deep nesting (the index skips nested lines by indentation), a tab-led line inside a block scalar
// deep in one container (that container falls back to the full parser), and siblings after both.
const NESTED = `a:
  b:
    c:
      d:
        - e: 1
          f:
            g: |
              text
              \tafter a tab
            h: 2
        - e: 3
      i: 4
  j:
    k: 5

    # a comment between entries
    l:
    - 6
    - m: 7
      n: 8
o: 9
`;

for (const [name, text] of [
  ['LF', TRICKY],
  ['CRLF', TRICKY.replace(/\n/g, '\r\n')],
  ['nested', NESTED],
] as const) {
  test(`YAML line index agrees with the full parser on every pointer (${name})`, () => {
    const fast = parseSpecSource(text, 't.yaml');
    const full = parseSourceDocument(text, 't.yaml');
    assert.deepEqual(fast.value, full.value);
    const all = [...pointers(fast.value), '/paths/~1nope', '/tags/9/x', '/info/title/deeper'];
    for (const p of all) assert.deepEqual(fast.positionOf(p), full.positionOf(p), p);
  });
}

test('JSON: the position index agrees with the full parser, nearest ancestor for missing pointers', () => {
  const text = '{\n  "a": [1, {"b": "x\\"y"}],\n  "c/d": {"e~f": null, "g": [ ]}\n}\n';
  const fast = parseSpecSource(text, 't.json');
  const full = parseSourceDocument(text, 't.json');
  assert.deepEqual(fast.value, full.value);
  for (const p of [...pointers(fast.value), '/a/5', '/c~1d/zz']) assert.deepEqual(fast.positionOf(p), full.positionOf(p), p);
  assert.deepEqual(fast.positionOf('/a/1/b'), { line: 2, column: 13 });
});

test('YAML errors carry line and column; two documents are refused', () => {
  assert.throws(() => parseSpecSource('a: 1\n  b: [\n', 'x.yaml'), (e: unknown) => e instanceof ToolError && e.code === 'E_SPEC_PARSE' && e.position?.line !== undefined);
  assert.throws(() => parseSpecSource('a: 1\n---\nb: 2\n', 'x.yaml'), (e: unknown) => e instanceof ToolError && (e.position?.line ?? 0) >= 2);
  assert.throws(() => parseSpecSource('# only a comment\n', 'x.yaml'), (e: unknown) => e instanceof ToolError && /empty/.test(e.message));
});

test('a document past the size limit is refused before parsing', () => {
  assert.throws(
    () => parseSpecSource(`a: ${'x'.repeat(64 * 1024 * 1024)}`, 'huge.yaml'),
    (e: unknown) => e instanceof ToolError && e.code === 'E_SPEC_PARSE' && /past the limit/.test(e.message) && e.position?.line === 1,
  );
});

test('JSON nested deeper than YAML allows is refused with its position, as YAML is; brackets in strings do not count', () => {
  const nest = (n: number, inner = '1') => `${'{"a":'.repeat(n - 1)}[${inner}]${'}'.repeat(n - 1)}`;
  // 100 levels (js-yaml's limit for YAML) read as JSON; deeper ones are refused, not left to
  // overflow the stack in the recursive walks after JSON.parse (50,000 levels did).
  assert.deepEqual(parseSpecSource(nest(100), 'ok.json').value, JSON.parse(nest(100)));
  for (const n of [101, 50_000]) {
    assert.throws(
      () => parseSpecSource(nest(n), 'deep.json'),
      (e: unknown) => e instanceof ToolError && e.code === 'E_SPEC_PARSE' && /nesting exceeded maxDepth \(100\)/.test(e.message) && e.position?.line === 1 && (e.position.column ?? 0) > 400,
      String(n),
    );
  }
  // Brackets and escaped quotes inside strings are text.
  const text = `{"s": "${'[{'.repeat(200)} \\" ${'['.repeat(200)}", "t": "\\\\", "u": [${'"[[[[", '.repeat(100)}1]}`;
  assert.deepEqual(parseSpecSource(text, 'strings.json').value, JSON.parse(text));
});

test('a spec file past the size limit is refused from its size, without being read; one within it is read as UTF-8', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-size-'));
  try {
    // Sparse files: no disk space used. 600 MB is past V8's string limit too, where reading the
    // file first ended in ERR_STRING_TOO_LONG after seconds and more than a gigabyte of memory.
    for (const mb of [65, 600]) {
      const huge = join(dir, `huge-${mb}.yaml`);
      writeFileSync(huge, 'openapi: 3.0.3\n');
      truncateSync(huge, mb * 1024 * 1024);
      const before = process.memoryUsage().rss;
      assert.throws(
        () => readDocumentFile(huge),
        (e: unknown) =>
          e instanceof ToolError && e.code === 'E_SPEC_PARSE' && e.message === `the document is ${mb} MB, past the limit of 64 MB` && e.position?.file === huge && e.position.line === 1 && e.position.column === 1,
      );
      assert.ok(process.memoryUsage().rss - before < 32 * 1024 * 1024, 'the file was not read into memory');
    }
    const edge = join(dir, 'edge.yaml');
    writeFileSync(edge, 'openapi: 3.0.3\n');
    truncateSync(edge, MAX_SPEC_BYTES);
    assert.equal(readDocumentFile(edge).length, MAX_SPEC_BYTES, 'a file of exactly the limit is read');
    const small = join(dir, 'small.yaml');
    writeFileSync(small, '\ufeffinfo:\n  title: Caf\u00e9 \u2014 \ud83d\ude80\n');
    assert.equal(readDocumentFile(small), '\ufeffinfo:\n  title: Caf\u00e9 \u2014 \ud83d\ude80\n');
    assert.throws(() => readDocumentFile(join(dir, 'nope.yaml')), (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOENT');
    // A device or pipe has no size to check: it is read up to the limit, not forever.
    assert.throws(
      () => readDocumentFile('/dev/zero'),
      (e: unknown) => e instanceof ToolError && e.code === 'E_SPEC_PARSE' && e.message === 'the document is past the limit of 64 MB' && e.position?.file === '/dev/zero' && e.position.line === 1,
    );
    assert.equal(readDocumentFile('/dev/null'), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a pointer that ends at a flow collection is found by the line index', () => {
  const text = 'paths:\n  /a:\n    get:\n      security: []\n      tags: [x, y]\n';
  const fast = parseSpecSource(text, 't.yaml');
  assert.deepEqual(fast.positionOf('/paths/~1a/get/security'), { line: 4, column: 7 });
  assert.deepEqual(fast.positionOf('/paths/~1a/get/tags/1'), parseSourceDocument(text, 't.yaml').positionOf('/paths/~1a/get/tags/1'));
});

test('LineIndex: the same line and column whatever order offsets are asked in (it searches near the last one first)', () => {
  const text = Array.from({ length: 500 }, (_, i) => 'x'.repeat(i % 7)).join('\n');
  const want = (o: number) => {
    const before = text.slice(0, o);
    return { line: before.split('\n').length, column: o - (before.lastIndexOf('\n') + 1) + 1 };
  };
  const lines = new LineIndex(text);
  // forward by small and large steps, backward, repeated, the first and last offsets
  const offsets = [0, 3, 40, 41, 200, 900, 899, 10, text.length - 1, text.length, 0, 1500, 1400, 1460, 1460];
  for (let o = 0; o <= text.length; o += 13) offsets.push(o);
  for (const o of offsets) assert.deepEqual(lines.position(o), want(o), `offset ${o}`);
});
