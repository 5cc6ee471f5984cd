// Each check proven both ways: it fires on a vulnerable text and stays silent on the fixed twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRuleSet } from '../ruleset.js';
import { scanText } from '../scan.js';
import { syntheticTokens } from '../testing.js';
import checks from './index.js';

const rs = buildRuleSet();
const t = syntheticTokens(7);
const pem = ['-----BEGIN PRIVATE KEY-----', ...t.pemBody, '-----END PRIVATE KEY-----'].join('\n');
const jwt = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"svc-billing","iat":1700000000}').toString('base64url')}.Qk1Yb3V0c2lkZS1zaWduYXR1cmUtdmFsdWUtaGVyZQ`;

const table: { id: string; vulnerable: string; fixed: string }[] = [
  { id: 'secrets/provider-key', vulnerable: `const key = '${t.stripe}';`, fixed: `const key = process.env.STRIPE_KEY;` },
  { id: 'secrets/public-key-by-design', vulnerable: `Stripe('${t.stripePublishable}');`, fixed: `Stripe(window.config.publishableKey);` },
  { id: 'secrets/private-key', vulnerable: pem, fixed: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----' },
  { id: 'secrets/jwt', vulnerable: `const token = "${jwt}";`, fixed: `const token = await getToken();` },
  { id: 'secrets/connection-string', vulnerable: 'DATABASE_URL=postgres://app:Hq7xR2pLw9TzK4vN@db.internal:5432/app', fixed: 'DATABASE_URL=postgres://app@db.internal:5432/app' },
  { id: 'secrets/generic-secret', vulnerable: 'const clientSecret = "Zk3q9VbT1xLm8RwP2sYd";', fixed: 'const clientSecret = process.env.CLIENT_SECRET ?? "";' },
];

test('every registered check has a row in the table', () => {
  assert.deepEqual(checks.map((c) => c.meta.id).sort(), table.map((r) => r.id).sort());
});

for (const row of table) {
  test(`${row.id}: fires on the vulnerable text, silent on the fixed twin`, () => {
    const kind = row.id.slice('secrets/'.length);
    const hits = scanText(`${row.vulnerable}\n`, rs, { path: 'src/app.js' });
    assert.ok(hits.some((h) => h.check === kind), `${row.id} did not fire: ${JSON.stringify(hits.map((h) => h.ruleId))}`);
    const quiet = scanText(`${row.fixed}\n`, rs, { path: 'src/app.js' });
    assert.deepEqual(quiet.map((h) => h.ruleId), []);
  });
}

test('every check builds a masked finding with its own message', () => {
  for (const c of checks) {
    const f = c.toFinding(
      { ruleId: 'x-rule', description: 'X token', provider: 'X', check: 'provider-key', secret: 'abcdefghijklmnopqrstuvwxyz012345', file: 'a.js', line: 3, endLine: 3, column: 5, confidence: 'high', entropy: 4.5, reasons: [], kind: 'text' },
      { showSecrets: false },
    );
    assert.equal(f.checkId, c.meta.id);
    assert.ok(!JSON.stringify(f).includes('abcdefghijklmnopqrstuvwxyz012345'), `${c.meta.id} leaks the secret`);
    assert.match(f.message, /abcdef…\(32 chars\)/);
  }
});
