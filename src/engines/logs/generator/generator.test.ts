// End to end on generated traffic: every labelled attack is found by its check (logs/brute-force,
// logs/password-spraying, logs/credential-stuffing, logs/login-success-after-failures,
// logs/object-enumeration, logs/scraping, logs/token-new-context, logs/token-shared,
// logs/token-volume-spike, logs/token-privileged-use, logs/revoked-token-use) and benign traffic
// (office NAT, mistyped passwords, a nightly batch job, a busy reporting client, roaming phones,
// pagination) raises nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import checks from '../checks/index.js';
import { LogAnalyzer } from '../engine.js';
import { CredentialHasher, credentialValue } from '../identity.js';
import { ATTACK_KINDS, generateLog } from './index.js';
import { evaluate } from './evaluate.js';

function revokedEntries(list: string) {
  return list
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [token, at] = l.split(' ');
      return { token: token!, since: Date.parse(at!) };
    });
}

for (const format of ['json', 'combined'] as const) {
  test(`generated ${format} log: recall 1.0 per attack kind, no false alerts`, () => {
    const g = generateLog({ seed: 11, benignLines: 40_000, users: 150, days: 2, format });
    const key = Buffer.from('generator-test');
    const a = new LogAnalyzer({ checks, hashKey: key, revoked: revokedEntries(g.revokedList) });
    a.beginFile('gen.log');
    let n = 0;
    for (const l of g.lines) a.line(l, ++n);
    const r = a.finish();
    assert.equal(r.stats.malformed, 0);
    const h = new CredentialHasher(key);
    const ev = evaluate(r.findings, g.labels, (c) => h.idOf(credentialValue(c)));
    assert.deepEqual(Object.keys(ev.perKind).sort(), [...ATTACK_KINDS].sort());
    assert.deepEqual(ev.missed.map((m) => m.id), []);
    assert.deepEqual(ev.falseAlerts.map((f) => `${f.checkId}: ${f.message}`), []);
    for (const l of g.labels) assert.ok(l.lines > 0 && l.firstLine > 0, l.id);
    for (const f of r.findings) for (const line of f.evidence?.lines ?? []) assert.doesNotMatch(line, /"password":"[^*"]{9}"|Bearer [A-Za-z0-9_]{20,}/);
  });
}

test('the generator is deterministic for a seed', () => {
  const digest = (seed: number) => {
    const h = createHash('sha256');
    for (const l of generateLog({ seed, benignLines: 5000, users: 40, days: 2 }).lines) h.update(l);
    return h.digest('hex');
  };
  assert.equal(digest(3), digest(3));
  assert.notEqual(digest(3), digest(4));
});
