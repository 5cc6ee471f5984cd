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
import { runCheckAgainst } from '../harness/scan.js';
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
  await Promise.all(
    cases.map(async ([check, expected]) => {
      const v = await runCheckAgainst(check, bad.url, EMPTY, opts);
      assert.deepEqual(v.notifications.filter((n) => n.code === 'check-failed'), [], check.meta.id);
      assert.equal(v.findings.length, expected.length, `${check.meta.id} fires on the vulnerable fixture: ${v.findings.map((f) => f.message).join(' | ')}`);
      for (const re of expected) assert.ok(v.findings.some((f) => re.test(f.message)), `${check.meta.id}: ${re}`);
      for (const f of v.findings) assert.equal(f.location.kind === 'http' && f.location.path.startsWith('/graph'), true);
      const h = await runCheckAgainst(check, good.url, EMPTY, opts);
      assert.deepEqual(h.notifications.filter((n) => n.code === 'check-failed'), [], check.meta.id);
      assert.deepEqual(h.findings.map((f) => f.message), [], `${check.meta.id} is silent on the hardened twin`);
    }),
  );
});
