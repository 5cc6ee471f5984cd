// scan/graphql-introspection-enabled, scan/graphql-field-suggestions, scan/graphql-ide-exposed,
// scan/graphql-debug-information, scan/graphql-sensitive-fields: fire on the vulnerable fixture,
// silent on the hardened twin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import introspection from '../../src/engines/scan/checks/graphql-introspection-enabled.js';
import suggestions from '../../src/engines/scan/checks/graphql-field-suggestions.js';
import ide from '../../src/engines/scan/checks/graphql-ide-exposed.js';
import debug from '../../src/engines/scan/checks/graphql-debug-information.js';
import sensitive from '../../src/engines/scan/checks/graphql-sensitive-fields.js';
import type { ScanCheck } from '../../src/engines/scan/define.js';
import { runChecksAgainst } from '../harness/scan.js';
import { EMPTY, IDENTITIES } from './common.js';
import { startGraphqlApi } from './fixtures.js';

test('GraphQL knowledge-leak checks: vulnerable fixture vs hardened twin', async (t) => {
  const bad = await startGraphqlApi({ hardened: false });
  const good = await startGraphqlApi({ hardened: true });
  t.after(() => Promise.all([bad.close(), good.close()]));
  const opts = { identities: IDENTITIES };
  const cases: [ScanCheck, RegExp[]][] = [
    [introspection, [/answers the introspection query: \d+ types/]],
    [suggestions, [/suggests real field names/]],
    [ide, [/GraphiQL is served at \/graph/]],
    [debug, [/tracing extension/, /stack trace/]],
    [sensitive, [/sensitive fields: .*User\.password \(password\).*User\.apiToken \(token\).*User\.ssn \(ssn\)/]],
  ];
  // One scan per server with the five checks: they share one discovery, as in a real scan.
  const all = cases.map(([c]) => c);
  const [v, h] = await Promise.all([runChecksAgainst(all, bad.url, EMPTY, opts), runChecksAgainst(all, good.url, EMPTY, opts)]);
  assert.deepEqual(v.notifications.filter((n) => n.code === 'check-failed'), []);
  assert.deepEqual(h.notifications.filter((n) => n.code === 'check-failed'), []);
  for (const [check, expected] of cases) {
    const mine = v.findings.filter((f) => f.checkId === check.meta.id);
    assert.equal(mine.length, expected.length, `${check.meta.id} fires on the vulnerable fixture: ${mine.map((f) => f.message).join(' | ')}`);
    for (const re of expected) assert.ok(mine.some((f) => re.test(f.message)), `${check.meta.id}: ${re}`);
    for (const f of mine) assert.equal(f.location.kind === 'http' && f.location.path.startsWith('/graph'), true);
  }
  assert.deepEqual(h.findings.map((f) => f.message), [], 'silent on the hardened twin');
});
