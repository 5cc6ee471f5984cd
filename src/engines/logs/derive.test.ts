// The deriver memoises each address's network and each client's interned id: when the interner
// forgets its strings, a memo from before must not outlive it (a forgotten network looks new again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineDeriver } from './derive.js';
import { renderCombined } from './generator/index.js';
import { Interner } from './state.js';
import { StringTable } from './transfer.js';
import { T0, rq } from './testing.js';

test('memoised network and client ids follow the interner when it forgets its strings', () => {
  for (const strings of [undefined, new StringTable()]) {
    const d = new LineDeriver({ hashKey: Buffer.from('k') }, strings);
    // a tiny interner: it forgets everything every few new strings
    (d as unknown as { interner: Interner }).interner = new Interner(3);
    d.beginFile('access.log');
    const ips = ['1.1.1.1', '2.2.2.1', '3.3.3.1', '4.4.4.1', '5.5.5.1', '1.1.1.1'];
    const ids = ips.map((ip, i) => {
      const e = d.derive(renderCombined(rq({ t: T0 + i * 1000, ip, credential: 'Bearer tok-a' })), i + 1, -1)!;
      return [e.net, e.netId] as const;
    });
    assert.equal(ids[5]![0], ids[0]![0], 'the same address');
    assert.notEqual(ids[5]![1], ids[0]![1], 'the network was forgotten, so it is interned anew');
    assert.equal(new Set(ids.map((x) => x[1])).size, 6);
  }
});
