// The bundled example API: /graphql in vulnerable mode shows the GraphQL findings; the secure twin
// has no GraphQL endpoint and shows none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import checks from '../../src/engines/scan/checks/index.js';
import { exampleIdentities } from '../../src/cli/commands/scan.js';
import type { IdentityConfig } from '../../src/http/identities.js';
import { SEEDED_USERS, startExampleApi } from '../../examples/vulnerable-api/src/server.js';
import { runChecksAgainst } from '../harness/scan.js';
import { EMPTY } from './common.js';

const graphqlChecks = checks.filter((c) => c.meta.id.startsWith('scan/graphql-'));

const identities = (): Record<string, IdentityConfig> => exampleIdentities(SEEDED_USERS);

test('example API: the GraphQL checks fire on /graphql in vulnerable mode and stay silent on the secure twin', async (t) => {
  const bad = await startExampleApi({ secure: false });
  const good = await startExampleApi({ secure: true });
  t.after(() => Promise.all([bad.close(), good.close()]));
  const options = { delaySeconds: 1, fields: ['searchProducts', 'note'] };
  const v = await runChecksAgainst(graphqlChecks, bad.url, EMPTY, { identities: identities(), options });
  assert.deepEqual(v.notifications.filter((n) => n.code === 'check-failed'), []);
  const ids = [...new Set(v.findings.map((f) => f.checkId))].sort();
  assert.deepEqual(ids, [
    'scan/graphql-broken-authorization',
    'scan/graphql-brute-force-amplification',
    'scan/graphql-csrf',
    'scan/graphql-debug-information',
    'scan/graphql-field-suggestions',
    'scan/graphql-injection',
    'scan/graphql-introspection-enabled',
    'scan/graphql-resource-exhaustion',
    'scan/graphql-sensitive-fields',
  ]);
  const text = v.findings.map((f) => f.message).join('\n');
  assert.match(text, /reads alice's Note through note\(id: \d+\)/);
  assert.match(text, /SQL injection through the argument name of searchProducts/);
  assert.match(text, /User\.passwordHash \(password\)/);
  const s = await runChecksAgainst(graphqlChecks, good.url, EMPTY, { identities: identities(), options });
  assert.deepEqual(s.findings.map((f) => f.message), []);
});
