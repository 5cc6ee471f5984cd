// scan/graphql-resource-exhaustion: measured limits on the vulnerable fixture (none), the hardened
// twin (depth 6, aliases 15, directives 50, no batching, one operation, page size 100), and hostile
// servers that answer the search with garbage, huge bodies, endless errors or slowly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import check from '../../src/engines/scan/checks/graphql-resource-exhaustion.js';
import { boundedSearch } from '../../src/engines/scan/graphql/search.js';
import { runCheckAgainst } from '../harness/scan.js';
import { EMPTY, IDENTITIES } from './common.js';
import { sdl, startGraphqlApi, startHostileGraphql } from './fixtures.js';

test('bounded search: exact on a threshold, stops on garbage, probes and time', async () => {
  let clock = 0;
  const exact = await boundedSearch(async (n) => (n <= 37 ? 'accepted' : 'rejected'), { min: 1, max: 1000, maxProbes: 20, deadline: 1e9, now: () => clock });
  assert.deepEqual([exact.accepted, exact.rejected, exact.incomplete, exact.unbounded], [37, 38, false, false]);
  const open = await boundedSearch(async () => 'accepted', { min: 1, max: 1000, maxProbes: 20, deadline: 1e9, now: () => clock });
  assert.deepEqual([open.accepted, open.unbounded, open.probes], [1000, true, 1]);
  const garbage = await boundedSearch(async (n) => (n <= 10 ? 'accepted' : n < 400 ? 'unreadable' : 'rejected'), { min: 1, max: 1000, maxProbes: 20, deadline: 1e9, now: () => clock });
  assert.equal(garbage.incomplete, true);
  assert.equal(garbage.stoppedBy, 'unreadable');
  assert.ok(garbage.accepted >= 1 && garbage.accepted <= 10);
  const few = await boundedSearch(async (n) => (n <= 600 ? 'accepted' : 'rejected'), { min: 1, max: 1000, maxProbes: 4, deadline: 1e9, now: () => clock });
  assert.deepEqual([few.probes, few.incomplete, few.stoppedBy], [4, true, 'probes']);
  const slow = await boundedSearch(async (n) => {
    clock += 100;
    return n <= 600 ? 'accepted' : 'rejected';
  }, { min: 1, max: 1000, maxProbes: 50, deadline: 350, now: () => clock });
  assert.deepEqual([slow.incomplete, slow.stoppedBy], [true, 'time']);
});

test('scan/graphql-resource-exhaustion: measured values on the vulnerable fixture, silent on the hardened twin', async (t) => {
  const bad = await startGraphqlApi({ hardened: false });
  const good = await startGraphqlApi({ hardened: true });
  t.after(() => Promise.all([bad.close(), good.close()]));
  const v = await runCheckAgainst(check, bad.url, EMPTY, { identities: IDENTITIES });
  const byKind = new Map(v.findings.map((f) => [String(f.evidence?.data?.limit), f]));
  assert.deepEqual([...byKind.keys()].sort(), ['aliases', 'batch', 'cost', 'depth', 'directives', 'operations']);
  assert.match(byKind.get('depth')!.message, /accepts deep queries on the recursive path (me|user|users|note|notes|searchUsers) → .*: depth 100 or more \(no limit found/);
  assert.equal(byKind.get('aliases')!.evidence?.data?.accepted, 2000);
  assert.equal(byKind.get('batch')!.evidence?.data?.accepted, 500);
  assert.match(byKind.get('cost')!.message, /products\(first: n\)/);
  const h = await runCheckAgainst(check, good.url, EMPTY, { identities: IDENTITIES });
  assert.deepEqual(h.findings.map((f) => f.message), []);
  assert.deepEqual(h.notifications.filter((n) => n.code === 'check-failed'), []);
});

test('scan/graphql-resource-exhaustion: the hardened limits are measured exactly when the thresholds are low (schema from SDL)', async (t) => {
  const good = await startGraphqlApi({ hardened: true });
  t.after(() => good.close());
  const { findings } = await runCheckAgainst(check, good.url, EMPTY, { identities: IDENTITIES, options: { sdl: sdl(true), thresholds: { depth: 1, aliases: 1, directives: 1, cost: 1, batch: 0, operations: 0 } } });
  const accepted = Object.fromEntries(findings.map((f) => [String(f.evidence?.data?.limit), f.evidence?.data?.accepted]));
  assert.deepEqual(accepted, { depth: 6, aliases: 15, directives: 50, cost: 100, operations: 1 });
});

for (const mode of ['garbage', 'huge', 'errors', 'slow'] as const) {
  test(`scan/graphql-resource-exhaustion: a hostile server (${mode}) ends the search within budget, no finding`, async (t) => {
    const hostile = await startHostileGraphql(mode);
    t.after(() => hostile.close());
    const started = Date.now();
    const r = await runCheckAgainst(check, hostile.url, EMPTY, { options: { timeBudgetMs: 2000 }, client: { timeoutMs: 2000 } });
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
    assert.deepEqual(r.findings.map((f) => f.message), []);
    assert.deepEqual(r.notifications.filter((n) => n.code === 'check-failed'), []);
  });
}
