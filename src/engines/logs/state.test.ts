import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedMap, CappedCounter, HashSet, IdSet, Interner, OpenIncidents, hash32 } from './state.js';

test('bounded map: idle keys are swept as time moves, and the cap is never exceeded', () => {
  const m = new BoundedMap<{ last: number }>(10_000, 1000);
  for (let i = 0; i < 200_000; i++) {
    const t = i * 10;
    const k = `k${i}`;
    if (!m.get(k)) m.insert(k, t, { last: t });
    assert.ok(m.size <= 10_000);
  }
  assert.ok(m.size < 5000, String(m.size));
  const full = new BoundedMap<{ last: number }>(100, 1e12);
  for (let i = 0; i < 1000; i++) full.insert(`k${i}`, i, { last: i });
  assert.ok(full.size <= 100);
  assert.ok(full.evicted >= 900);
});

test('capped sets and counters stop growing', () => {
  const h = new HashSet(5);
  for (let i = 0; i < 100; i++) h.add(`v${i}`);
  assert.equal(h.size, 5);
  assert.ok(h.has('v1'));
  const s = new IdSet(3);
  for (let i = 0; i < 10; i++) s.add(i);
  assert.equal(s.size, 3);
  const ids = new IdSet(100);
  for (let i = 0; i < 200; i++) ids.add(i % 40);
  assert.equal(ids.size, 40, 'past the small array, ids are still counted once');
  assert.ok(ids.has(39) && !ids.has(40) && ids.add(40) && !ids.add(40));
  ids.clear();
  assert.ok(!ids.has(1));
  assert.equal(ids.size, 0);
  const c = new CappedCounter(2);
  c.inc('a');
  c.inc('a');
  c.inc('b');
  assert.equal(c.inc('c'), 0);
  assert.equal(c.max(), 2);
  assert.equal(hash32('b', hash32('a')), hash32('ab'), 'a hash continues over a second string');
  const hs = new HashSet(40);
  for (let i = 0; i < 100; i++) hs.add(`v${i % 30}`);
  assert.equal(hs.size, 30, 'past the small array, values are still counted once');
  assert.ok(hs.has('v29') && !hs.has('v30'));
  hs.clear();
  assert.equal(hs.size, 0);
  for (let i = 0; i < 100; i++) hs.add(`w${i}`);
  assert.equal(hs.size, 40, 'capped');
  const n = new Interner(2);
  const a = n.id('a');
  assert.equal(n.id('a'), a);
  n.id('b');
  n.id('c');
  assert.notEqual(n.id('a'), a, 'a forgotten string gets a fresh id, never a reused one');
});

test('OpenIncidents: one incident per key while open, a new one after the key went idle', () => {
  const raised: { extended: number[] }[] = [];
  const open = new OpenIncidents<{ extend(e: { time: number }): void }, { time: number }>(10, 1000);
  const raise = () => {
    const h = { extended: [] as number[], extend(e: { time: number }) { h.extended.push(e.time); } };
    raised.push(h);
    return h;
  };
  open.extendOrRaise('tok', { time: 0 }, raise);
  open.extendOrRaise('tok', { time: 500 }, raise);
  open.extendOrRaise('tok', { time: 1400 }, raise);
  open.extendOrRaise('tok', { time: 2500 }, raise);
  open.extendOrRaise('other', { time: 2500 }, raise);
  assert.equal(raised.length, 3);
  assert.deepEqual(raised[0]!.extended, [500, 1400]);
});
