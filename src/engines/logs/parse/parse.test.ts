import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseClfLine } from './clf.js';
import { looksLikeAlb, parseAlbLine } from './alb.js';
import { parseJsonLine, resolveMapping, mappingProblems, cleanAddress, scanFlatJson } from './json.js';
import type { LogRecord } from '../types.js';
import { generateLog } from '../generator/index.js';
import { parseAnyTime, parseClfTime, parseClfTimeAt, parseClfTimeIn, parseIsoTime } from '../time.js';

const rec = (r: unknown) => {
  assert.equal(typeof r, 'object', `expected a record, got "${String(r)}"`);
  return r as LogRecord;
};

test('Common Log Format', () => {
  const r = rec(parseClfLine('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326'));
  assert.equal(r.ip, '127.0.0.1');
  assert.equal(r.user, 'frank');
  assert.equal(r.time, Date.UTC(2000, 9, 10, 20, 55, 36));
  assert.equal(r.method, 'GET');
  assert.equal(r.path, '/apache_pb.gif');
  assert.equal(r.status, 200);
  assert.equal(r.bytes, 2326);
  assert.equal(r.ua, '');
});

test('Combined Log Format with escaped quotes, query, request time and Authorization', () => {
  const r = rec(parseClfLine('2001:db8::1 - - [02/Mar/2026:08:00:00 +0000] "GET /api/items?page=2 HTTP/1.1" 200 - "https://x.example/" "Mozilla/5.0 \\"quoted\\" agent" 0.125 "Bearer abcdefghijklmnop"'));
  assert.equal(r.ip, '2001:db8::1');
  assert.equal(r.path, '/api/items');
  assert.equal(r.query, 'page=2');
  assert.equal(r.bytes, 0);
  assert.equal(r.ua, 'Mozilla/5.0 "quoted" agent');
  assert.equal(r.latencyMs, 125);
  assert.equal(r.credential, 'Bearer abcdefghijklmnop');
});

test('malformed CLF lines give a reason, never throw', () => {
  const cases: [string, RegExp][] = [
    ['', /no fields/],
    ['garbage', /no fields/],
    ['1.2.3.4 - - 02/Mar/2026:08:00:00 "GET / HTTP/1.1" 200 1', /time/],
    ['1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET / HTTP/1.1', /unterminated/],
    ['1.2.3.4 - - [02/Xyz/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 1', /unreadable time/],
    ['1.2.3.4 - - [02/Mar/1970:08:00:00 +0000] "GET / HTTP/1.1" 200 1', /absurd time/],
    ['1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "-" 400 0', /request without/],
    ['1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET / HTTP/1.1" abc 1', /status/],
    ['1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 1 "-" "unterminated', /unterminated/],
  ];
  for (const [line, re] of cases) {
    const r = parseClfLine(line);
    assert.equal(typeof r, 'string', line);
    assert.match(r as string, re, line);
  }
});

test('CLF lines read byte by byte give what the string reader gives, on generated lines and their mutations', () => {
  const real = [...generateLog({ seed: 7, benignLines: 400, attacksPerKind: 1, format: 'combined' }).lines].filter((l) => l.length > 0);
  const odd = [
    '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "POST /api/login HTTP/1.1" 401 12 "-" "curl/8" 0.010 "Bearer abcdefghijklmnop"',
    '1.2.3.4 - - [02/Mar/2026:08:00:01 +0000] "PUT /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:02 +0000] "DELETE /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:03 +0000] "PATCH /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:04 +0000] "OPTIONS /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:05 +0000] "GETS /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:06 +0000] "PUX /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:07 +0000] "get /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:08 +0100] "POSTED /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:09] "GET /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Xyz/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/1970:08:00:00 +0000] "GET / HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "-" 400 0',
    '1.2.3.4 "x y" - [02/Mar/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a\\"b HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a?x=1?y HTTP/1.1" 200 1 "-" "ua \\" x" rt=0.5 "Token abcdef"',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a" 200 1 "-" "-" 0.5 "basic   abc" "Bearer later-one"',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET  /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 -',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 - ',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 12 "-" "ua" "x" 1e-3',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 12 "-"',
    ' 1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a HTTP/1.1" 200 1',
    '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000]"GET /a HTTP/1.1" 200 1',
  ];
  // deterministic mutations: a character replaced by one of the delimiters the reader looks for
  const marks = [' ', '"', '\\', '[', ']', '?', '-', '0', '9', '.', 'x', 'B', '\r'];
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const mutated: string[] = [];
  for (let k = 0; k < 3000; k++) {
    const l = real[rnd(real.length)]!;
    const chars = [...l];
    for (let m = 1 + rnd(3); m > 0; m--) chars[rnd(chars.length)] = marks[rnd(marks.length)]!;
    mutated.push(chars.join(''));
  }
  const lines = [...real, ...odd, ...mutated];
  const block = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  let base = 0;
  let viaBytes = 0;
  for (const line of lines) {
    const a = new Int32Array(8);
    const b = new Int32Array(8);
    const want = parseClfLine(line, a, true);
    const got = parseClfLine(line, b, true, block, base);
    assert.deepEqual(got, want, line);
    if (typeof want !== 'string') assert.deepEqual(b, a, line);
    if (typeof want !== 'string') viaBytes++;
    base += line.length + 1;
  }
  assert.ok(viaBytes > real.length, `${viaBytes} lines read`);
});

test('CLF extras: request time in its usual shapes, the Authorization field by its scheme', () => {
  const base = '1.2.3.4 - - [02/Mar/2026:08:00:00 +0000] "GET /a?b=1 HTTP/1.1" 200 - "-" "ua"';
  const latency = (extra: string) => (rec(parseClfLine(`${base} ${extra}`)) as { latencyMs: number }).latencyMs;
  assert.equal(latency('0.074'), 74);
  assert.equal(latency('.5'), 500);
  assert.equal(latency('2.'), 2000);
  assert.equal(latency('rt=0.125'), 125);
  assert.equal(latency('1e-3'), 1);
  assert.equal(latency('.'), -1);
  assert.equal(latency('- 0.2'), 200, 'the first number after the user agent');
  const r = rec(parseClfLine(`${base} 0.1 "Token "`));
  assert.equal(r.credential, 'Token ');
  assert.equal(r.path, '/a');
  assert.equal(r.query, 'b=1');
  assert.equal(r.bytes, 0);
  assert.equal(rec(parseClfLine(`${base} "Tokens abc"`)).credential, '');
});

test('time parsers', () => {
  assert.equal(parseIsoTime('2026-03-02T08:00:00.250Z'), Date.UTC(2026, 2, 2, 8, 0, 0, 250));
  assert.equal(parseIsoTime('2026-03-02T09:00:00+01:00'), Date.UTC(2026, 2, 2, 8));
  assert.equal(parseIsoTime('2026-03-02 08:00:00'), Date.UTC(2026, 2, 2, 8));
  assert.ok(Number.isNaN(parseIsoTime('2026-13-02T08:00:00Z')));
  assert.equal(parseClfTime('02/Mar/2026:08:00:00 +0000'), Date.UTC(2026, 2, 2, 8));
  assert.equal(parseClfTime('02/Mar/2026:09:30:00 +0000'), Date.UTC(2026, 2, 2, 9, 30));
  assert.equal(parseClfTime('02/Mar/2026:09:30:00 +0100'), Date.UTC(2026, 2, 2, 8, 30));
  assert.equal(parseClfTime('03/Mar/2026:00:00:01 +0100'), Date.UTC(2026, 2, 2, 23, 0, 1));
  assert.equal(parseClfTime('03/Mar/2026:00:00:01 +0000'), Date.UTC(2026, 2, 3, 0, 0, 1));
  // the day memo compares the day and the zone: a time without a zone is not the day before's
  assert.equal(parseClfTime('04/Mar/2026:00:00:02'), Date.UTC(2026, 2, 4, 0, 0, 2));
  assert.equal(parseClfTime('04/Mar/2026:10:00:02'), Date.UTC(2026, 2, 4, 10, 0, 2));
  assert.equal(parseClfTime('04/Mar/2026:10:00:02 +0000'), Date.UTC(2026, 2, 4, 10, 0, 2));
  assert.equal(parseClfTime('04/Mar/2026:10:00:02 -0200'), Date.UTC(2026, 2, 4, 12, 0, 2));
  assert.equal(parseClfTime('05/Mar/2026:10:00:02 -0200'), Date.UTC(2026, 2, 5, 12, 0, 2));
  // in place in a line: the same answers, on the memoised day and off it
  const times = ['02/Mar/2026:08:00:00 +0000', '02/Mar/2026:09:30:00 +0000', '02/Mar/2026:09:30:00 +0100', '02/Mar/2026:09:30:00', '02/Mar/2026:09:30:00 +0100', '02/Mar/2026;09:30:00 +0100', '02/Mar/2026:25:30:00 +0100', '02/Mar/2026:09:30:00 +01000', '03/Mar/2026:00:00:01 +0100', '03/Mar/2026:00:00:01 +0100'];
  for (const t of times) {
    const want = parseClfTime(t);
    const line = `1.2.3.4 - - [${t}] "GET / HTTP/1.1" 200 1`;
    const got = parseClfTimeIn(line, 13, 13 + t.length);
    assert.ok(Object.is(got, want), `${t}: ${got} vs ${want}`);
  }
  // from the bytes of a block (a parse worker's lines): the same answers, the odd shapes included
  const odd = [...times, '02/Mar/2026:09:30:00x+0100', '02/Mar/2026:09:30:00 -0130', '02/Mar/2026:09:30:00 +01x0', '02/Mxr/2026:09:30:00 +0100', '2/Mar/2026:09:30:00 +0100 ', '31/Feb/2026:23:59:60 +0000', '02/Mar/2026:09:30:00 +0100'];
  const lines = odd.map((t) => `1.2.3.4 - - [${t}] "GET / HTTP/1.1" 200 1`);
  const block = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
  let at = 0;
  for (const [i, line] of lines.entries()) {
    const want = parseClfTime(odd[i]!);
    const got = parseClfTimeAt(block, at + 13, at + 13 + odd[i]!.length, line, at);
    assert.ok(Object.is(got, want), `${odd[i]}: ${got} vs ${want}`);
    at += line.length + 1;
  }
  assert.equal(parseAnyTime(1772438400), 1772438400000);
  assert.equal(parseAnyTime(1772438400123), 1772438400123);
  assert.equal(parseAnyTime('1772438400.5'), 1772438400500);
  assert.ok(Number.isNaN(parseAnyTime('yesterday')));
});

test('JSON lines: nginx preset detected, login body and Authorization read', () => {
  const line = JSON.stringify({ time_iso8601: '2026-03-02T08:00:00+00:00', remote_addr: '81.2.3.4', remote_user: '-', request: 'POST /api/login HTTP/1.1', status: '401', body_bytes_sent: '87', request_time: '0.010', http_user_agent: 'curl/8', http_authorization: '-', request_body: '{"username":"alice","password":"x"}' });
  const m = resolveMapping(JSON.parse(line));
  assert.equal(m.preset, 'nginx');
  const r = rec(parseJsonLine(line, m));
  assert.equal(r.method, 'POST');
  assert.equal(r.path, '/api/login');
  assert.equal(r.status, 401);
  assert.equal(r.latencyMs, 10);
  assert.equal(r.credential, '');
  assert.match(r.body, /alice/);
});

test('JSON lines: Envoy, Traefik and Kong presets', () => {
  const envoy = { start_time: '2026-03-02T08:00:00.000Z', method: 'GET', path: '/v1/a/12', response_code: 200, bytes_sent: 10, duration: 7, downstream_remote_address: '10.1.2.3:5555', user_agent: 'ua', authorization: 'Bearer abcdefghijk' };
  let m = resolveMapping(envoy);
  assert.equal(m.preset, 'envoy');
  let r = rec(parseJsonLine(JSON.stringify(envoy), m));
  assert.equal(r.ip, '10.1.2.3');
  assert.equal(r.latencyMs, 7);
  assert.equal(r.credential, 'Bearer abcdefghijk');

  const traefik = { StartUTC: '2026-03-02T08:00:00.123456789Z', ClientHost: '10.9.9.9', RequestMethod: 'DELETE', RequestPath: '/x/1?y=2', DownstreamStatus: 204, Duration: 2_000_000, 'request_User-Agent': 'ua' };
  m = resolveMapping(traefik);
  assert.equal(m.preset, 'traefik');
  r = rec(parseJsonLine(JSON.stringify(traefik), m));
  assert.equal(r.latencyMs, 2);
  assert.equal(r.query, 'y=2');

  const kong = { started_at: 1772438400000, client_ip: '10.0.0.1', request: { method: 'GET', uri: '/k/1', headers: { 'user-agent': 'ua', apikey: 'key-123456789' } }, response: { status: 200, size: 5 }, latencies: { request: 4 }, consumer: { username: 'svc' } };
  m = resolveMapping(kong);
  assert.equal(m.preset, 'kong');
  r = rec(parseJsonLine(JSON.stringify(kong), m));
  assert.equal(r.user, 'svc');
  assert.equal(r.credential, 'key-123456789');
  assert.equal(r.time, 1772438400000);
});

test('JSON lines: --map overrides and missing fields', () => {
  const o = { ts: '2026-03-02T08:00:00Z', src: '1.2.3.4', verb: 'GET', url: '/a', code: 200, who: 'bob' };
  const m = resolveMapping(o, { time: 'ts', ip: 'src', method: 'verb', path: 'url', status: 'code', user: 'who' });
  assert.deepEqual(mappingProblems(m), []);
  const r = rec(parseJsonLine(JSON.stringify(o), m));
  assert.equal(r.user, 'bob');
  assert.deepEqual(mappingProblems(resolveMapping({ foo: 1 })).sort(), ['ip', 'path', 'status', 'time']);
  assert.match(String(parseJsonLine('{"a":', m)), /not valid JSON/);
  assert.match(String(parseJsonLine('[1]', m)), /not a JSON object/);
  assert.match(String(parseJsonLine(JSON.stringify({ ...o, ts: '1901-01-01T00:00:00Z' }), m)), /absurd time/);
});

test('addresses: ports, brackets and forwarded lists', () => {
  assert.equal(cleanAddress('1.2.3.4:80'), '1.2.3.4');
  assert.equal(cleanAddress('[2001:db8::1]:443'), '2001:db8::1');
  assert.equal(cleanAddress('9.9.9.9, 10.0.0.1'), '9.9.9.9');
  assert.equal(cleanAddress('2001:db8::1'), '2001:db8::1');
});

test('flat JSON fast path reads what JSON.parse reads, and declines what it cannot', () => {
  const keys = new Set(['a', 'b', 'c', 'd', 'e', 'f']);
  const lines = [
    '{"a":"x","b":12,"c":-1.5e3,"d":true,"e":null,"f":"q\\"uo\\\\te\\u00e9"}',
    ' { "a" : "x" , "zz" : "skip" , "b" : 0 } ',
    '{}',
  ];
  for (const l of lines) {
    const out: Record<string, unknown> = {};
    assert.ok(scanFlatJson(l, keys, out), l);
    const full = JSON.parse(l) as Record<string, unknown>;
    for (const k of Object.keys(out)) assert.deepEqual(out[k], full[k], `${l} ${k}`);
    for (const k of keys) if (k in full) assert.deepEqual(out[k], full[k], `${l} ${k}`);
  }
  for (const l of ['{"a":{"n":1}}', '{"a":[1]}', '{"a":"x" trailing', '{"a":1}x', '[1]', '{"a":"unterminated}', '{"a":bogus}']) {
    assert.equal(scanFlatJson(l, keys, {}), false, l);
  }
});

test('AWS ALB access logs', () => {
  const line = 'https 2026-03-02T08:00:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.001 0.010 0.000 401 401 34 366 "POST https://api.example.com:443/api/login?x=1 HTTP/1.1" "curl/8.4.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/t/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "api.example.com" "-" 0 2026-03-02T08:00:00.170000Z "forward" "-" "-" "10.0.0.1:80" "401" "-" "-"';
  assert.ok(looksLikeAlb(line));
  assert.ok(!looksLikeAlb('127.0.0.1 - - [x]'));
  const r = rec(parseAlbLine(line));
  assert.equal(r.ip, '192.168.131.39');
  assert.equal(r.method, 'POST');
  assert.equal(r.path, '/api/login');
  assert.equal(r.query, 'x=1');
  assert.equal(r.status, 401);
  assert.equal(r.ua, 'curl/8.4.0');
  assert.equal(r.latencyMs, 11);
  assert.equal(r.time, Date.UTC(2026, 2, 2, 8, 0, 0, 186));
  assert.match(String(parseAlbLine('https 2026-03-02T08:00:00Z app/x 1.2.3.4:1 - -1 -1 -1 460 - 0 0')), /too few ALB fields/);
  assert.match(String(parseAlbLine('https 2026-03-02T08:00:00Z app/x 1.2.3.4:1 - -1 -1 -1 460 - 0 0 garbage')), /no "request"/);
  assert.match(String(parseAlbLine('https 1900-03-02T08:00:00Z a b c 0 0 0 200 200 1 1 "GET http://h/ HTTP/1.1" "ua"')), /absurd/);
});

test('JSON lines: keys recognised by their place on the line before, and read anew when the order changes', () => {
  const first = { time_iso8601: '2026-03-02T08:00:00Z', remote_addr: '1.2.3.4', request_method: 'GET', request_uri: '/a', status: 200, http_user_agent: 'ua' };
  const m = resolveMapping(first);
  const read = (o: Record<string, unknown>) => rec(parseJsonLine(JSON.stringify(o), m));
  assert.equal(read(first).status, 200);
  assert.equal(read({ ...first, status: 404 }).status, 404);
  // another order, an unknown key where a known one was, a key that extends a known one
  const r = read({ status: 500, statusText: 'x', http_user_agent: 'other', remote_addr: '5.6.7.8', time_iso8601: '2026-03-02T09:00:00Z', request_uri: '/b', request_method: 'POST' });
  assert.equal(r.status, 500);
  assert.equal(r.ip, '5.6.7.8');
  assert.equal(r.ua, 'other');
  assert.equal(r.method, 'POST');
  assert.equal(r.time, Date.UTC(2026, 2, 2, 9));
  const again = read({ stat: 1, ...first, status: 201 });
  assert.equal(again.status, 201);
  assert.equal(again.path, '/a');
});
