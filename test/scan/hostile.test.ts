// Hostile servers: the scan finishes, records the errors as notifications, and memory stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import checks from '../../src/engines/scan/checks/index.js';
import { HttpClient } from '../../src/http/client.js';
import { ScopeGuard } from '../../src/http/scope.js';
import { op, runChecksAgainst, surfaceOf } from '../harness/scan.js';
import { startGarbageServer, startGzipBombServer, startHugeBodyServer, startRedirectLoopServer, startResetServer, startSilentServer } from '../fixtures-servers/hostile.js';

const surface = surfaceOf([op('GET', '/api/things', { query: ['q'] }), op('POST', '/api/things', { body: { type: 'object', properties: { name: { type: 'string' } } } })]);

function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function scanHostile(url: string, budget = 60) {
  const t0 = Date.now();
  const res = await runChecksAgainst(checks, url, surface, { client: { timeoutMs: 700, maxTimeoutMs: 1000, connectTimeoutMs: 500, budget, retryBaseMs: 5, drainLimit: 4 * 1024 * 1024 } });
  return { ...res, ms: Date.now() - t0 };
}

test('connection reset: retried, then recorded; the scan finishes', async (t) => {
  const s = await startResetServer();
  t.after(() => s.close());
  const r = await scanHostile(s.url);
  assert.ok(r.notifications.some((n) => n.code === 'request-failed' && /connection-reset/.test(n.message)), JSON.stringify(r.notifications));
  assert.ok(r.run.stats.retries as number > 0);
  assert.equal(r.findings.filter((f) => f.checkId !== 'scan/unsafe-input-handling').length, 0);
});

test('a server that never answers: every request times out, the scan ends', async (t) => {
  const s = await startSilentServer();
  t.after(() => s.close());
  const r = await scanHostile(s.url, 25);
  assert.ok(r.notifications.some((n) => /timeout/.test(n.message)), JSON.stringify(r.notifications));
  assert.ok(r.ms < 30_000);
});

test('1 GB body and gzip bomb: bounded reads, bounded memory', async (t) => {
  const big = await startHugeBodyServer();
  const bomb = await startGzipBombServer();
  t.after(async () => {
    await big.close();
    await bomb.close();
  });
  const client = new HttpClient({ scope: new ScopeGuard(big.url, [bomb.url]), maxBytes: 1024 * 1024, drainLimit: 16 * 1024 * 1024 });
  t.after(() => client.close());
  const m0 = memory();
  const a = await client.send({ method: 'GET', url: big.url });
  assert.equal(a.status, 200);
  assert.equal(a.truncated, true);
  assert.equal(a.body.length, 1024 * 1024);
  assert.ok(a.size >= 16 * 1024 * 1024 && a.size < 64 * 1024 * 1024, `read ${a.size} bytes, not the whole GB`);
  const b = await client.send({ method: 'GET', url: bomb.url });
  assert.equal(b.status, 200);
  assert.equal(b.truncated, true);
  assert.ok(b.size <= 2 * 1024 * 1024 + 64 * 1024 * 1024, `decompressed ${b.size}`);
  assert.ok(memory() - m0 < 150 * 1024 * 1024, `memory grew by ${Math.round((memory() - m0) / 1e6)} MB`);
  const m1 = memory();
  const r = await scanHostile(big.url, 30);
  assert.ok(memory() - m1 < 200 * 1024 * 1024, `memory grew by ${Math.round((memory() - m1) / 1e6)} MB during the scan`);
  assert.deepEqual(r.notifications.filter((n) => n.code === 'check-failed'), []);
});

test('redirect loop: stopped at the limit and recorded', async (t) => {
  const s = await startRedirectLoopServer();
  t.after(() => s.close());
  const client = new HttpClient({ scope: new ScopeGuard(s.url) });
  t.after(() => client.close());
  const res = await client.send({ method: 'GET', url: `${s.url}/start` });
  assert.equal(res.status, 302);
  assert.equal(res.redirects.length, 6);
  assert.equal(res.redirects.at(-1)!.reason, 'limit');
  const r = await scanHostile(s.url, 40);
  assert.deepEqual(r.findings, []);
});

test('invalid UTF-8 and garbage headers: decoded with replacement or recorded as protocol errors', async (t) => {
  const s = await startGarbageServer();
  t.after(() => s.close());
  const client = new HttpClient({ scope: new ScopeGuard(s.url), retries: 0 });
  t.after(() => client.close());
  const first = await client.send({ method: 'GET', url: `${s.url}/a` });
  assert.equal(first.status, 200);
  assert.ok(first.body.includes('\ufffd'));
  const second = await client.send({ method: 'GET', url: `${s.url}/b` });
  assert.ok(second.status === 0 ? second.error?.code === 'protocol' || second.error?.code === 'connection-reset' : second.status === 200, JSON.stringify(second.error));
  const r = await scanHostile(s.url, 40);
  assert.deepEqual(r.notifications.filter((n) => n.code === 'check-failed'), []);
  // its responses really lack security headers; nothing else may be read into the garbage
  assert.deepEqual(r.findings.map((f) => f.checkId).filter((id) => id !== 'scan/security-headers-missing'), []);
});
