// The compact transfer format of the parse workers gives back exactly what structured cloning
// gives (same values, same shared objects), and refuses what it cannot carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initParsers } from './parse.js';
import { prepareFile } from './prepare.js';
import type { Prepared } from './prepare.js';
import { Packer, Unpacker } from './transfer.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

test('lowered modules of every fixture group come back equal to a structured clone, shared objects shared', async () => {
  await initParsers();
  const packer = new Packer();
  const unpacker = new Unpacker();
  let modules = 0;
  for (const group of readdirSync(fixtures).sort()) {
    const dir = join(fixtures, group);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|ts|tsx|py)$/.test(f)).sort();
    const results: Prepared[] = files.map((f) => prepareFile({ path: `${group}/${f}`, text: readFileSync(join(dir, f), 'utf8') }, 1_000_000));
    // a skipped file's note travels too
    results.push(prepareFile({ path: `${group}/broken.py`, text: 'def f(:\n' }, 1_000_000));
    const packed = packer.pack(results);
    const back = unpacker.unpack(structuredClone(packed)) as Prepared[];
    assert.deepEqual(back, structuredClone(results));
    for (const r of back) {
      if (!r.module) continue;
      modules++;
      // a function declared in a body is the same object as in `functions`, as with structured cloning
      const declared = r.module.body.flatMap((s) => (s.k === 'fn' ? [s.fn] : []));
      for (const f of declared) assert.ok(r.module.functions.includes(f), `${r.module.file}: ${f.name} is shared`);
      const classes = r.module.body.flatMap((s) => (s.k === 'class' ? [s.cls] : []));
      for (const c of classes) assert.ok(r.module.classes.includes(c));
    }
  }
  assert.ok(modules >= 20, `modules checked: ${modules}`);
});

test('numbers, strings, maps, undefined and shared references round-trip; later messages reuse the shapes', () => {
  const packer = new Packer();
  const unpacker = new Unpacker();
  const shared = { k: 'name', name: 'x', line: 3 };
  const value = { a: [1, -2, 2.5, -0, 2 ** 40, NaN], s: 'é\u0000"', m: new Map<string, unknown>([['x', shared], ['y', null]]), u: undefined, t: true, f: false, e: [], p: shared };
  const first = packer.pack(value);
  assert.ok(first.shapes.length >= 2);
  const back = unpacker.unpack(first) as typeof value;
  assert.deepEqual(back, value);
  assert.equal(back.m.get('x'), back.p);
  assert.ok('u' in back);
  const again = packer.pack([{ k: 'name', name: 'y', line: 4 }]);
  assert.equal(again.shapes.length, 0, 'a known shape is not sent again');
  assert.deepEqual(unpacker.unpack(again), [{ k: 'name', name: 'y', line: 4 }]);
});

test('what the format cannot carry is refused, and the packer still works afterwards', () => {
  const packer = new Packer();
  const unpacker = new Unpacker();
  assert.throws(() => packer.pack({ s: new Set([1]) }), /non-plain/);
  assert.throws(() => packer.pack({ f: () => 1 }), /function/);
  assert.throws(() => packer.pack({ n: 1n }), /bigint/);
  const cyclic: { self?: unknown; k: string } = { k: 'x' };
  cyclic.self = cyclic;
  // the writer does not look for cycles; the reader refuses a reference to an unfinished object
  assert.throws(() => unpacker.unpack(packer.pack(cyclic)), /unfinished/);
  const u2 = new Unpacker();
  const p2 = new Packer();
  assert.throws(() => p2.pack({ s: new Set() }));
  assert.deepEqual(u2.unpack(structuredClone(p2.pack({ q: 1 }))), { q: 1 });
});

test('objects whose values are objects of shapes not seen yet: each shape id is written before its values', () => {
  const packer = new Packer();
  const unpacker = new Unpacker();
  const leaf = { z: 1, y: [{ deep: 'x' }] };
  const value = [{ a: { b: { c: leaf } }, d: leaf, e: { b: { c: null } } }, { a: 2, d: 3, e: 4 }, { q: { r: {} } }];
  assert.deepEqual(unpacker.unpack(structuredClone(packer.pack(value))), value);
  const back = unpacker.unpack(packer.pack(value)) as { a: { b: { c: unknown } }; d: unknown }[];
  assert.equal(back[0]!.a.b.c, back[0]!.d);
  // a later message with the same and new shapes nested the other way round
  const next = { q: { r: { a: 1, d: 2, e: 3 } }, fresh: { z: 0, y: [] } };
  assert.deepEqual(unpacker.unpack(packer.pack(next)), next);
});
