// scan/graphql-csrf and scan/graphql-brute-force-amplification: vulnerable fixture vs hardened twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import csrf from '../../src/engines/scan/checks/graphql-csrf.js';
import brute from '../../src/engines/scan/checks/graphql-brute-force-amplification.js';
import { runCheckAgainst } from '../harness/scan.js';
import { EMPTY, IDENTITIES } from './common.js';
import { sdl, startGraphqlApi } from './fixtures.js';

test('scan/graphql-csrf: mutations over GET and simple content types', async (t) => {
  const bad = await startGraphqlApi({ hardened: false });
  const good = await startGraphqlApi({ hardened: true });
  t.after(() => Promise.all([bad.close(), good.close()]));
  const v = await runCheckAgainst(csrf, bad.url, EMPTY, { identities: IDENTITIES });
  const msgs = v.findings.map((f) => f.message).sort();
  assert.equal(msgs.length, 3, msgs.join('\n'));
  assert.match(msgs.join('\n'), /executes mutations sent over GET/);
  assert.match(msgs.join('\n'), /mutations sent as application\/x-www-form-urlencoded/);
  assert.match(msgs.join('\n'), /mutations sent as text\/plain/);
  const h = await runCheckAgainst(csrf, good.url, EMPTY, { identities: IDENTITIES });
  assert.deepEqual(h.findings.map((f) => f.message), []);
});

test('scan/graphql-brute-force-amplification: login and OTP attempts through aliases and batches', async (t) => {
  const bad = await startGraphqlApi({ hardened: false });
  const good = await startGraphqlApi({ hardened: true });
  t.after(() => Promise.all([bad.close(), good.close()]));
  const v = await runCheckAgainst(brute, bad.url, EMPTY, { identities: IDENTITIES });
  assert.deepEqual(v.findings.map((f) => f.message).sort(), [
    '10 login attempts ran in one request to /graphql as aliases (the endpoint accepts at least 200 aliases per request).',
    '10 login attempts ran in one request to /graphql as an array batch (the endpoint executes batches of at least 100).',
    '10 verifyOtp attempts ran in one request to /graphql as aliases (the endpoint accepts at least 200 aliases per request).',
    '10 verifyOtp attempts ran in one request to /graphql as an array batch (the endpoint executes batches of at least 100).',
  ]);
  // Every attempt used an account that does not exist.
  assert.ok(v.findings.every((f) => /^rampart-nobody-/.test(String(f.evidence?.data?.account))));
  const h = await runCheckAgainst(brute, good.url, EMPTY, { identities: IDENTITIES, options: { sdl: sdl(true) } });
  assert.deepEqual(h.findings.map((f) => f.message), []);
  assert.deepEqual(h.notifications.filter((n) => n.code === 'check-failed'), []);
});
