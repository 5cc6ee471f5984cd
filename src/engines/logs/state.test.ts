import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedMap, ByteKeyCache, CappedCounter, HashSet, IdSet, Interner, OpenIncidents, hash32 } from './state.js';

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

test('bounded map: a look-up by key number gives what the key gives, across sweeps and new number epochs', () => {
  const m = new BoundedMap<{ last: number; k: string }>(1000, 1000);
  const keyOf = (i: number) => `k${i % 300}`;
  // numbers of the keys: epoch 1 numbers key i as i + 1, epoch 2 as 1000 - i (the same number, other keys)
  const noOf = (i: number, epoch: number) => (epoch === 1 ? (i % 300) + 1 : 1000 - (i % 300));
  for (let i = 0; i < 20_000; i++) {
    const t = i * (i < 10_000 ? 1 : 20);
    const epoch = i < 7000 ? 1 : 2;
    const k = keyOf(i);
    const byNo = m.getByNo(k, noOf(i, epoch), epoch);
    assert.equal(byNo, m.get(k), `line ${i}`);
    if (byNo === undefined) m.insert(k, t, { last: t, k }, noOf(i, epoch), epoch);
    else byNo.last = t;
  }
  assert.ok(m.evicted === 0 && m.size <= 300);
  // idle keys swept (a slow clock after line 10,000) are not found by their numbers either
  const swept = new BoundedMap<{ last: number }>(1000, 10);
  swept.insert('a', 0, { last: 0 }, 1, 1);
  assert.ok(swept.getByNo('a', 1, 1));
  for (let i = 0; i < 5000; i++) swept.insert(`x${i}`, 1000 + i, { last: 1000 + i });
  assert.equal(swept.get('a'), undefined);
  assert.equal(swept.getByNo('a', 1, 1), undefined);
  // without a number it is a plain look-up
  assert.equal(swept.getByNo('x4999', 0, 1)?.last, 5999);
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
  assert.equal(n.epoch, 1);
  n.id('c');
  assert.equal(n.epoch, 2, 'the epoch counts the times it forgot');
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

test('byte-keyed cache: a hit only for the same bytes (wherever they are), of the same length; keys over the stride are not cached', () => {
  const b = Buffer.from('xx/api/orders/12345678 /api/orders/12345679 /api/orders/12345678 aaaaaaaaaaaaaaaaaaaaaaaaa', 'latin1');
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  const c = new ByteKeyCache<string>(8, 24);
  c.set(v, 2, 20, 'a');
  assert.equal(c.get(v, 2, 20), 'a');
  assert.equal(c.get(v, 44, 20), 'a', 'the same bytes elsewhere');
  assert.equal(c.get(v, 23, 20), undefined, 'one byte differs');
  assert.equal(c.get(v, 2, 19), undefined, 'a prefix');
  c.set(v, 2, 0, 'empty');
  assert.equal(c.get(v, 30, 0), 'empty');
  c.set(v, 65, 25, 'long');
  assert.equal(c.get(v, 65, 25), undefined, 'longer than the stride');
  c.clear();
  assert.equal(c.get(v, 2, 20), undefined);
});
