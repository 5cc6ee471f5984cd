import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import jsyaml from 'js-yaml';
import { seededRandom } from '../core/random.js';
import type { Random } from '../core/random.js';
import { escapePointer, parseSourceDocument, pointerSegments } from '../core/yaml-source.js';
import { parseFastYaml } from './yaml-fast.js';
import { YamlLineIndex } from './yaml-index.js';
import { LineIndex } from './source.js';

const ROOT = new URL('../..', import.meta.url).pathname;

function jsYaml(text: string): { value: unknown } | { error: true } {
  try {
    return { value: jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: true }) };
  } catch {
    return { error: true };
  }
}

function pointers(v: unknown, p: string[] = [], out: string[][] = []): string[][] {
  out.push(p);
  if (v && typeof v === 'object') for (const k of Object.keys(v)) pointers((v as Record<string, unknown>)[k], [...p, k], out);
  return out;
}

/**
 * The fast reader either gives up or returns exactly js-yaml's value (same keys in the same order,
 * same scalars, -0 and NaN included), and its positions agree with the line index.
 */
function agrees(text: string, name: string): boolean {
  const fast = parseFastYaml(text);
  if (!fast) return false;
  const want = jsYaml(text);
  assert.ok('value' in want, `${name}: js-yaml rejects a text the fast reader accepted`);
  assert.ok(isDeepStrictEqual(fast.value, want.value) && JSON.stringify(fast.value) === JSON.stringify(want.value), `${name}: values differ`);
  const index = new YamlLineIndex(text);
  const all = pointers(want.value);
  for (const p of all.slice(0, 2000)) all.push([...p, 'missing'], [...p, '0']);
  for (const p of all) {
    const r = index.offsetOf(p);
    if (r) assert.equal(fast.offsetOf(p), 'offset' in r ? r.offset : r.partial, `${name}: position of /${p.join('/')}`);
    assert.equal(fast.offsetOfPointer(`/${p.map(escapePointer).join('/')}`), fast.offsetOf(p), `${name}: position of the pointer /${p.join('/')}`);
  }
  return true;
}

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out;
}

test('fast YAML reader: every YAML file of the repository reads as js-yaml reads it, or is left to js-yaml', () => {
  const files = ['src', 'examples', 'test', 'docs', 'bench'].filter((d) => existsSync(join(ROOT, d))).flatMap((d) => yamlFiles(join(ROOT, d)));
  assert.ok(files.length > 5);
  let read = 0;
  for (const f of files) if (agrees(readFileSync(f, 'utf8').replace(/^\uFEFF/, ''), f)) read++;
  assert.ok(read > 0, 'the fast reader read none of the repository files');
});

test('fast YAML reader: the public 4 MB description in ../shared (when present)', () => {
  const dir = join(ROOT, '../shared/data/openapi');
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) agrees(readFileSync(join(dir, f), 'utf8'), f);
});

test('fast YAML reader: a document with thousands of containers keeps every position (its tables grow as it reads)', () => {
  // More containers and entries than the position tables start with, mappings wide enough to be
  // looked up through an index, duplicated keys (the first counts) and nesting deeper than the
  // scratch stack's first size.
  const lines: string[] = ['root:'];
  for (let i = 0; i < 3000; i++) {
    lines.push(`  k${i}:`, `    type: object`, `    items:`, `      - a: ${i}`, `        b: x${i}`, `      -`, `      - - ${i}`);
  }
  lines.push('dup:', '  a: 1', '  a: 2', 'deep:');
  let indent = '  ';
  for (let d = 0; d < 80; d++) {
    lines.push(`${indent}d${d}:`);
    for (let j = 0; j < 5; j++) lines.push(`${indent}  s${j}: ${j}`);
    indent += '  ';
  }
  lines.push(`${indent}end: true`, '');
  const text = lines.join('\n');
  assert.ok(agrees(text, 'large document'), 'the fast reader left the large document to js-yaml');
  const fast = parseFastYaml(text)!;
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  assert.equal(lineOf(fast.offsetOf(['root', 'k2999', 'items', '0', 'b'])), 2 + 2999 * 7 + 4);
  assert.equal(lineOf(fast.offsetOf(['root', 'k2999', 'items', '2', '0'])), 2 + 2999 * 7 + 6);
  // An empty item has no position of its own: its sequence's
  assert.equal(fast.offsetOf(['root', 'k2999', 'items', '1']), fast.offsetOf(['root', 'k2999', 'items']));
  assert.equal(fast.offsetOf(['dup', 'a']), text.indexOf('  a: 1') + 2);
  assert.equal(fast.offsetOf(['root', 'k7', 'nothing', 'here']), fast.offsetOf(['root', 'k7']));
});

test('fast YAML reader: pointers find keys with ~ and / in small and large mappings, segment by segment', () => {
  const big = Array.from({ length: 12 }, (_, i) => `  "/p${i}~x":\n    a: 1\n    ab: 2\n    "~b": 3\n    "c/d": 4\n`).join('');
  const text = `small:\n  "/a":\n    b~: 1\n    bb: 2\n  a: 3\n  ab: 4\n  "~01": 5\n  "~1": 6\nbig:\n${big}list:\n  - x: 1\n  - y: 2\n`;
  const fast = parseFastYaml(text)!;
  assert.ok(fast, 'inside the subset');
  const at = (s: string, from = 0) => text.indexOf(s, from);
  const cases: Array<[string, number]> = [
    ['/small/~1a/b~0', at('b~:')],
    ['/small/~1a/bb', at('bb:')],
    ['/small/a', at('a: 3')],
    ['/small/ab', at('ab: 4')],
    ['/small/~001', at('"~01"')],
    ['/small/~01', at('"~1"')],
    ['/small/~1', at('small:')], // no key "/": where its mapping's key is
    ['/small/a/b', at('a: 3')], // a scalar has no entries
    ['/big/~1p11~0x/~0b', at('"~b": 3', at('"/p11~x"'))],
    ['/big/~1p11~0x/c~1d', at('"c/d"', at('"/p11~x"'))],
    ['/big/~1p11~0x/ab', at('ab: 2', at('"/p11~x"'))],
    ['/big/~1p3~0x/a', at('a: 1', at('"/p3~x"'))],
    ['/big/~1p3~0y/a', at('big:')],
    ['/list/1/y', at('y: 2')],
    ['/list/01', at('list:')],
  ];
  for (const [p, want] of cases) {
    assert.equal(fast.offsetOfPointer(p), want, p);
    assert.equal(fast.offsetOfPointer(p), fast.offsetOf(pointerSegments(p)), `${p}, as segments`);
  }
});

test('fast YAML reader: pointer lookups agree with the segment path in any order (parent, hint and path caches)', () => {
  const props = (r: number) => Array.from({ length: 12 }, (_, i) => `        p${i}:\n          type: string\n`).join('') + `        "a/b~${r}":\n          type: number\n`;
  const schemas = Array.from({ length: 10 }, (_, r) => `    R${r}:\n      properties:\n${props(r)}      required:\n        - p0\n        - p1\n`).join('');
  const paths = Array.from({ length: 10 }, (_, i) => `  /a${i}/{id}:\n    get:\n      responses:\n        "200":\n          description: ok\n    "~x":\n      n: 1\n  /a${i}:\n    get: {}\n`).join('');
  const text = `paths:\n${paths}components:\n  schemas:\n${schemas}  empty: {}\n  list: []\n`;
  const fast = parseFastYaml(text)!;
  assert.ok(fast, 'inside the subset');
  const value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA, json: true });
  const all = pointers(value).map((p) => `/${p.map(escapePointer).join('/')}`);
  // Missing keys and items, non-canonical escapes and numbers, segments past a scalar, empty segments.
  for (const p of all.slice(0, 400)) all.push(`${p}/missing`, `${p}/0`, `${p}/01`, `${p}/`, `${p}/~2`, `${p}/~1`, `${p}/p1/type/x`);
  all.push('/paths/~1a3~1{id}/~0x/n', '/paths/~1a3~1{id}/~x', '/components/schemas/R3/properties/a~1b~03', '/components/empty/x', '/components/list/0', 'x/paths', '/');
  const rand = seededRandom(7);
  const orders = [all, [...all].reverse(), all.map((p, i) => all[(i * 7919) % all.length]!), all.map(() => all[Math.floor(rand() * all.length)]!)];
  for (const order of orders) {
    const fresh = parseFastYaml(text)!;
    for (const p of order) assert.equal(fresh.offsetOfPointer(p), fast.offsetOf(pointerSegments(p)), p);
  }
});

const SCALARS = [
  'null', 'Null', 'NULL', 'nULL', '~', 'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'FALSE', 'yes', 'no', 'on', 'off', 'y', 'n',
  '0', '-0', '+0', '007', '0x1F', '0X1F', '0o17', '0b101', '1_000', '1__0', '12_', '-12', '+12', '1.5', '-1.5', '.5', '5.', '1e3', '1E-3', '1.2e+3',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '.NAN', '1:30', '2024-01-01', '2001-12-14t21:59:43.10-05:00', '0.1.2', 'v1', '3.0.3', '1.0.0',
  'nope', 'nullable', 'truest', 'fals', 'format', 'note about things', 'tenant', 'a #b', 'a#b', 'a # b', 'it\'s', 'say "hi"', 'x: y', 'x:', ':x', '-x', '- x', '-',
  '?', '? x', '@x', '`x', '%x', '!x', '&x', '*x', '[a]', '{a: 1}', '[]', '{}', ',x', '#x', 'x,y', 'a[0]', 'é ü 中文', '😀 emoji', '', ' lead', 'trail ',
  'http://example.com:8080/a?b=c#frag', '/paths/{id}', '<<', '__proto__', 'constructor', 'toString', '\\', 'back\\slash', 'tab\there', 'line\nbreak',
  'two\n\nlines\n', 'keep\n\n', '\u0085next', '\u2028sep', 'x\u0007bell',
];

function randomKey(r: Random): string {
  const pool = [...SCALARS.filter((s) => !s.includes('\n')), 'type', 'properties', 'items', 'description', 'schema', '200', '404', '/pets/{id}', 'x-ext', 'a.b', 'k k'];
  return pool[Math.floor(r() * pool.length)]!;
}

function randomScalar(r: Random): unknown {
  const x = r();
  if (x < 0.55) return SCALARS[Math.floor(r() * SCALARS.length)]!;
  if (x < 0.65) return Math.floor(r() * 2000) - 1000;
  if (x < 0.7) return r() * 100;
  if (x < 0.75) return r() < 0.5;
  if (x < 0.8) return null;
  const words = ['alpha', 'beta', 'gamma:', 'delta #', 'eps', "it's", '"q"', 'z'];
  let s = '';
  const n = 1 + Math.floor(r() * 30);
  for (let i = 0; i < n; i++) s += `${words[Math.floor(r() * words.length)]}${r() < 0.1 ? '\n' : ' '}`;
  return r() < 0.5 ? s.trim() : s;
}

function randomValue(r: Random, depth: number): unknown {
  const x = r();
  if (depth > 5 || x < 0.35) return randomScalar(r);
  if (x < 0.6) return Array.from({ length: Math.floor(r() * 5) }, () => randomValue(r, depth + 1));
  const o: Record<string, unknown> = {};
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) o[randomKey(r)] = randomValue(r, depth + 1);
  return o;
}

/** Comments, blank lines and spacing that do not change the value, added at random. */
function decorate(text: string, r: Random): string {
  return text
    .split('\n')
    .map((line) => {
      let l = line;
      if (r() < 0.05) l = `${' '.repeat(Math.floor(r() * 8))}# a comment: with - things\n${l}`;
      if (r() < 0.05) l = `\n${l}`;
      if (r() < 0.05 && /^\s*[\w-]+: [\w ]+$/.test(l)) l += '   # trailing';
      return l;
    })
    .join('\n');
}

test('fast YAML reader: randomised documents read as js-yaml reads them, or are left to js-yaml', () => {
  let read = 0;
  const total = 600;
  for (let seed = 1; seed <= total; seed++) {
    const r = seededRandom(seed);
    const value = { root: randomValue(r, 0), list: [randomValue(r, 1), randomValue(r, 1)] };
    let text = jsyaml.dump(value, {
      indent: r() < 0.7 ? 2 : 4,
      noArrayIndent: r() < 0.3,
      lineWidth: r() < 0.5 ? 80 : -1,
      quotingType: r() < 0.5 ? "'" : '"',
      forceQuotes: r() < 0.1,
      noCompatMode: r() < 0.3,
    });
    if (r() < 0.5) text = decorate(text, r);
    if (r() < 0.1) text = `---\n${text}`;
    if (agrees(text, `seed ${seed}`)) read++;
  }
  // The subset covers most of what a YAML writer produces; if the reader gave up on nearly
  // everything, this test would prove nothing.
  assert.ok(read > total / 3, `only ${read} of ${total} documents were read by the fast reader`);
});

test('fast YAML reader: tricky scalars as keys and values, in every quoting', () => {
  let read = 0;
  for (const s of SCALARS) {
    for (const text of [`k: ${s}\n`, `${s}: v\n`, `- ${s}\n`, `k: '${s.replace(/'/g, "''")}'\n`, `k: ${JSON.stringify(s)}\n`, `k: |\n  ${s}\n`, `k: >-\n  ${s}\n  ${s}\n`]) {
      if (agrees(text, JSON.stringify(text))) read++;
    }
  }
  assert.ok(read > SCALARS.length * 3);
});

test('line index: a plain key js-yaml names otherwise (1e3 is 1000) is found where it is written, as the fast reader finds it', () => {
  // Not first in its mapping, so that the line index's fallback (the mapping's own offset) is
  // not also the key's offset.
  const text = 'a:\n  plain: t\n  1e3: x\n  0x1F: y\n  ~: z\n  .inf: v\n  -0: u\n  true: w\n  "1e4": s\n';
  const fast = parseFastYaml(text)!;
  const index = new YamlLineIndex(text);
  const at = (key: string) => text.indexOf(`\n  ${key}:`) + 3;
  const written: Record<string, string> = { plain: 'plain', '1000': '1e3', '31': '0x1F', null: '~', Infinity: '.inf', '0': '-0', true: 'true', '1e4': '"1e4"' };
  assert.deepEqual(Object.keys((fast.value as { a: object }).a).sort(), Object.keys(written).sort());
  for (const [name, key] of Object.entries(written)) {
    assert.deepEqual(index.offsetOf(['a', name]), { offset: at(key) }, `line index: /a/${name}`);
    assert.equal(fast.offsetOf(['a', name]), at(key), `fast reader: /a/${name}`);
  }
  // What the text writes is not a name of its own: /a/1e3 is not there (the nearest is /a).
  assert.deepEqual(index.offsetOf(['a', '1e3']), { partial: 0 });
  assert.equal(fast.offsetOf(['a', '1e3']), 0);
  assert.ok(agrees(text, '1e3 keys'));
});

test('fast YAML reader: keys read again (its key cache) and keys alike in first and last character and length', () => {
  // type/tape/tyke share a first and last character and a length; `true`/`tree` and `103`/`1x3`
  // mix resolved and plain keys in one slot; `a: b #c: d` has a comment after its colon.
  // note/null/trUe/nUll: short words starting like null or true, plain or resolved; "404"/'404'/404:
  // quoted and plain status codes (the quoted-key cache).
  const keys = ['type', 'tape', 'tyke', 'true', 'tree', '103', '1x3', '"type"', "'tape'", 'type ', 'ty#e', 'a#b', 'note', 'null', 'trUe', 'nUll', '"404"', "'404'", '404', '"it\'s"', "'a\"b'", '"a\\tb"', '"__proto__"', '__proto__', '"x y"'];
  const r = seededRandom(7);
  let read = 0;
  for (let round = 0; round < 200; round++) {
    const lines: string[] = [];
    const used = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const k = keys[Math.floor(r() * keys.length)]!;
      if (used.has(k.replace(/['" ]/g, ''))) continue; // js-yaml rejects duplicated keys
      used.add(k.replace(/['" ]/g, ''));
      const nested = r() < 0.3;
      lines.push(nested ? `${k}:\n  ${k}: x #c: d\n  z: 1` : `${k}: v${i}${r() < 0.2 ? ' # x: y' : ''}`);
    }
    if (agrees(`${lines.join('\n')}\n`, `round ${round}`)) read++;
  }
  assert.ok(read > 150);
});

test('fast YAML reader: quotes, # and : where the line scan notes them (read in place or by the general path)', () => {
  // Each text is read and agrees with js-yaml: '#' after the key's colon (in a quoted value, a
  // comment, inside a plain value), ':' in a value, quotes with escapes before, inside and after
  // the closing quote, single quotes doubled.
  const read = [
    'a:\n  $ref: "#/components/schemas/A"\n  b: x#y\n  c: x # comment: here\n  d: "#" # c\n',
    'a#b: 1\n"c#d": 2\n\'e: f\': 3\n"g: h": i:j\n',
    'k: "x\\"y"\nl: "a\\\\"\nm: "\\\\" # c\nn: \'it\'\'s\'\no: \'\'\'\'\np: \'a\' # c\'\n',
    '"a\\"b": "c"\n"d": "e\\\\f"\n\'g\'\'h\': \'i\'\nj: "k" \n',
    'url: http://x.example:8080/a#b\ntime: 1:30\nlist:\n  - a: http://y\n  - b#c\n  - "d#e": f\n  - x # c\n',
    'a: |\n  # not a comment\n  b: c\nd: 1\n',
    't: trail   \nu: v \nw:\n  - x  \n  - y: z  \n',
  ];
  for (const t of read) assert.ok(agrees(t, JSON.stringify(t)), JSON.stringify(t));
  // And these are left to js-yaml: a ': ' in a plain value, a key hidden by a comment, a quote
  // that does not close on its line.
  for (const t of ['a: b: c\n', 'a: x #c\nb #c: d\n', 'a: "x\\" y\n  z"\n', "a: 'x'' y\n  z'\n", 'k: v:\n']) {
    assert.equal(parseFastYaml(t), undefined, JSON.stringify(t));
  }
});

test('fast YAML reader: reads 90 containers deep, leaves 91 to js-yaml (its depth limit, counted in mappings and sequences)', () => {
  const deep = (levels: number) => {
    let text = '';
    for (let d = 0; d < levels; d++) text += d % 2 === 0 ? `${' '.repeat(d)}k${d}:\n` : `${' '.repeat(d)}-\n`;
    return `${text}${' '.repeat(levels)}x: 1\n`;
  };
  assert.ok(agrees(deep(84), 'depth 85'));
  assert.ok(agrees(deep(89), 'depth 90'));
  assert.equal(parseFastYaml(deep(90)), undefined);
  assert.equal(parseFastYaml(deep(94)), undefined);
});

test('fast YAML reader: block scalars (literal and folded, every chomping), nesting, comments and empty values', () => {
  const texts = [
    'a: |\n  one\n  two\n\n  three\nb: 1\n',
    'a: |-\n  one\n\n\nb: 1\n',
    'a: |+\n  one\n\n\nb: 1\n',
    'a: >\n  one\n  two\n\n  three\n\n\n  four\nb: 1\n',
    'a: >+\n  one\n  two\n\n',
    'a: >\n  x\n    more indented\n  y\n',
    'a: >-\n  one\n    two\n    three\n\n  four\n  five\n\n\n      six\n  seven\nb: 1\n',
    'a: >+\n  one\n\n    two\n\n',
    'a:\n  - >\n    x\n\n      y\n    z\n',
    'a: >-\n    deep\n    text\n  # a comment after\nb: [ ]\n',
    'a:\n  - |\n    in a list\n  - x: >-\n      folded\n      in a map\n    y: 2\n',
    'list:\n- a\n- b:\n  - c\n  - d\n- - nested\n',
    'a:\n  b:\n\n    # comment\n    c: 1\n  d:\n  e: ~\n-: x\n',
    '---\n# lead\nopenapi: 3.0.3 # trailing\npaths:\n  /a/{id}:\n    get:\n      security: []\n      tags: {}\n',
    'a: 1\na: 2\nb:\n  c: 1\nb: 3\n',
    '__proto__: 1\n"quoted key": "esc \\" \\\\ \\n \\u00e9"\n\'single\'\'s\': \'v\'\'\'\n',
  ];
  let read = 0;
  for (const t of texts) if (agrees(t, JSON.stringify(t))) read++;
  assert.ok(read >= texts.length - 2, `only ${read} of ${texts.length} read`);
});

test('fast YAML reader: integer-like keys (status codes) keep their order, values and positions', () => {
  const texts = [
    'responses:\n  "404":\n    d: nf\n  "200":\n    d: ok\n  default:\n    d: x\n  "400": 1\n  x-a: 2\n',
    '200: a\nb: 1\n"0": z\n"1": y\n2147483647: big\n4294967295: past\n"007": o\n',
    '"0": a\n"1": b\n"2": c\n',
  ];
  // agrees() compares with js-yaml, so the index the reader sets and deletes would show.
  for (const t of texts) assert.ok(agrees(t, JSON.stringify(t)), JSON.stringify(t));
  const r = (parseFastYaml(texts[0]!)!.value as { responses: Record<string, unknown> }).responses;
  assert.deepEqual(Object.keys(r), ['200', '400', '404', 'default', 'x-a']);
});

test('fast YAML reader: gives up on what it does not read (js-yaml reads it or reports the error)', () => {
  for (const text of [
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: [1, 2]\n',
    'a: {b: 1}\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: 1\n---\nb: 2\n',
    'a: 1\n...\n',
    'a: plain\n  continued\n',
    'a: "quoted\n  continued"\n',
    'a:\tb\n',
    'a: 1\r\nb: 2\r\n',
    'a: |2\n   x\n',
    '? complex\n: key\n',
    'a: b: c\n',
    'a: "x\\qy"\n',
    'a: "\\x4"\n',
    'scalar\n',
    '',
    '  a: 1\n',
    'a:\n  - x\n   - y\n',
    'a: x\u0001\n',
    'a: - x\n',
  ]) {
    assert.equal(parseFastYaml(text), undefined, JSON.stringify(text));
  }
});

test('fast YAML reader: positions agree with the full YAML parser on every pointer', () => {
  const text = 'openapi: 3.0.3\n# c\npaths:\n  /a:\n    get:\n      parameters:\n        - name: id\n          in: path\n        -\n          name: q\n      responses:\n        "200":\n          description: >-\n            ok\n      security: []\nlist:\n- 1\n- - 2\n- - 3\n  - "\\u00e9\\x41\\N"\n  - k: v\n    y: 1\n';
  const fast = parseFastYaml(text);
  assert.ok(fast, 'inside the subset');
  const full = parseSourceDocument(text, 't.yaml');
  const lines = new LineIndex(text);
  for (const p of [...pointers(fast.value).map((s) => `/${s.map(escapePointer).join('/')}`.replace(/^\/$/, '')), '/paths/~1a/get/security/0', '/paths/nope', '/list/1/x', '/list/2/0/y']) {
    assert.deepEqual(lines.position(fast.offsetOf(pointerSegments(p))), full.positionOf(p), p);
  }
});

test('fast YAML reader: leaves exactly the texts with tabs, CRs, control characters or unpaired surrogates to js-yaml', () => {
  // What js-yaml refuses in a scalar (its non-printable class), and what the fast subset leaves out.
  const refused = (ch: string) => ch === '\t' || ch === '\r' || /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]/.test(ch) || /[\uD800-\uDFFF]/.test(ch);
  let read = 0;
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if (ch === '\n' || ch === '#' || ch === ':') continue; // these change the YAML itself
    const text = `a: x${ch}y\nb: 1\n`;
    if (refused(ch)) assert.equal(parseFastYaml(text), undefined, `U+${c.toString(16)}`);
    else if (parseFastYaml(text)) read++;
  }
  // Every other character is read on the fast path (and read as js-yaml reads it, below).
  assert.equal(read, 0x10000 - 3 - 2 - 29 - 1 - 31 - 2048 - 2);
  for (const ch of ['\x85', '\xA0', '\u00e9', '\uD7FF', '\uE000', '\uFFFD', '\uD83D\uDE00']) assert.ok(agrees(`a: x${ch}y\n`, JSON.stringify(ch)), JSON.stringify(ch));
  // A paired surrogate beside an unpaired one still goes to js-yaml.
  assert.equal(parseFastYaml('a: \uD83D\uDE00 \uD83D\n'), undefined);
});
