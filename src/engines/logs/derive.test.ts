import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineDeriver } from './derive.js';
import { CredentialHasher } from './identity.js';
import { renderCombined } from './generator/index.js';
import { Interner } from './state.js';
import { StringTable } from './transfer.js';
import { T0, rq } from './testing.js';

// The deriver memoises each address's network and each client's interned id: when the interner
// forgets its strings, a memo from before must not outlive it (a forgotten network looks new again).
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

test('lines given with their bytes derive the same events and numbers as the lines alone', () => {
  // fields that differ only in their last bytes or their length, an escaped user agent, IPv6, no credential
  const lines = [
    '10.0.0.1 - - [02/Mar/2026:00:00:01 +0000] "GET /api/orders/1 HTTP/1.1" 200 10 "-" "curl/8.0" 0.010 "Bearer aaaaaaaaaaaaaaaaaaaa1"',
    '10.0.0.1 - - [02/Mar/2026:00:00:02 +0000] "GET /api/orders/2 HTTP/1.1" 200 10 "-" "curl/8.0" 0.010 "Bearer aaaaaaaaaaaaaaaaaaaa2"',
    '10.0.0.11 - - [02/Mar/2026:00:00:03 +0000] "GET /api/orders/1?x=1 HTTP/1.1" 200 10 "-" "curl/8.1" 0.010 "Bearer aaaaaaaaaaaaaaaaaaaa1"',
    '10.0.0.1 - bob [02/Mar/2026:00:00:04 +0000] "POST /api/login HTTP/1.1" 401 10 "-" "a \\"quoted\\" agent" 0.010 "-"',
    '10.0.0.1 - - [02/Mar/2026:00:00:05 +0000] "GET /api/orders/1 HTTP/1.1" 200 10 "-" "a \\"quoted\\" agent" 0.010 "Bearer aaaaaaaaaaaaaaaaaaaa1"',
    '2001:db8::1 - - [02/Mar/2026:00:00:06 +0000] "GET /api/orders/10 HTTP/1.1" 200 10 "-" "curl/8.0"',
    '10.0.0.1 - - [02/Mar/2026:00:00:07 +0000] "DELETE /api/orders/1 HTTP/1.1" 204 0 "-" "curl/8.0" 0.010 "Basic Ym9iOnB3"',
    'not a log line',
    '10.0.0.1 - - [02/Mar/2026:00:00:08 +0000] "GET /api/orders/2 HTTP/1.1" 200 10 "-" "curl/8.0" 0.010 "Bearer aaaaaaaaaaaaaaaaaaaa2"',
  ];
  const block = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  const run = (withBytes: boolean) => {
    const strings = new StringTable();
    const d = new LineDeriver({ hashKey: Buffer.from('k') }, strings);
    d.beginFile('access.log');
    let at = 0;
    return lines.map((l, i) => {
      const e = withBytes ? d.derive(l, i + 1, at, block, at) : d.derive(l, i + 1, at);
      at += l.length + 1;
      // with bytes the credential stays '' (it never leaves the deriver)
      return e ? JSON.stringify({ ...e, credential: undefined, nos: [...d.nos] }) : 'malformed';
    });
  };
  assert.deepEqual(run(true), run(false));
});

test('the caches in front of the path and credential maps start anew with them', () => {
  // a credential seen again after its identity map started anew gets the new map's identity, even
  // while a direct-mapped cache still has the old one
  const h = new CredentialHasher(Buffer.from('k'), 2);
  const a = h.identify('Bearer a');
  h.identify('Bearer b');
  h.identify('Bearer c');
  assert.equal(h.epoch, 2);
  const a2 = h.identify('Bearer a');
  assert.notEqual(a2, a, 'a new identity, with its memos from scratch');
  assert.equal(a2.tokenId, a.tokenId);
  assert.equal(h.identify('Bearer a'), a2);
});
