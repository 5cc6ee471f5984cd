// End to end: the core scan checks fire on the bundled vulnerable API and stay silent on its secure
// twin (examples/vulnerable-api), scanning from its OpenAPI document with three logged-in users.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SEEDED_USERS, exampleRoot, startExampleApi } from '../../examples/vulnerable-api/src/server.js';
import { scanTarget } from '../../src/engines/scan/load.js';
import { exampleIdentities } from '../../src/cli/commands/scan.js';
import type { IdentityConfig } from '../../src/http/identities.js';

const CORE = [
  'scan/cors-misconfiguration',
  'scan/cors-preflight-permissive',
  'scan/exposed-api-documentation',
  'scan/exposed-sensitive-path',
  'scan/json-content-type-mismatch',
  'scan/other-users-data',
  'scan/security-headers-missing',
  'scan/sensitive-data-in-response',
  'scan/sensitive-response-cacheable',
  'scan/trace-enabled',
  'scan/undeclared-response-fields',
  'scan/unsafe-input-handling',
  'scan/verbose-error',
  'scan/version-banner',
  'scan/xml-entity-expansion',
];

const EXPECTED_ON_VULNERABLE = [
  'scan/cors-misconfiguration',
  'scan/exposed-api-documentation',
  'scan/other-users-data',
  'scan/security-headers-missing',
  'scan/sensitive-data-in-response',
  'scan/sensitive-response-cacheable',
  'scan/undeclared-response-fields',
  'scan/unsafe-input-handling',
  'scan/verbose-error',
  'scan/version-banner',
];

const identities = (): Record<string, IdentityConfig> => exampleIdentities(SEEDED_USERS);

for (const secure of [false, true]) {
  test(`core scan checks on the example API (${secure ? 'secure twin: silent' : 'vulnerable: they fire'})`, async (t) => {
    const api = await startExampleApi({ secure });
    t.after(() => api.close());
    const { run } = await scanTarget({ target: api.url, spec: `${exampleRoot()}/openapi.yaml`, identities: identities(), checks: CORE, concurrency: 8 });
    const ids = [...new Set(run!.findings.map((f) => f.checkId))].sort();
    assert.deepEqual(run!.notifications.filter((n) => n.code === 'check-failed'), []);
    if (!secure) {
      for (const id of EXPECTED_ON_VULNERABLE) assert.ok(ids.includes(id), `${id} fires on the vulnerable API (got ${ids.join(', ')})`);
      const hash = run!.findings.find((f) => f.checkId === 'scan/sensitive-data-in-response' && /password hash/.test(f.message));
      assert.ok(hash?.location.kind === 'http' && hash.location.spec?.line, 'findings point at the operation in the spec');
    } else {
      assert.deepEqual(run!.findings.map((f) => `${f.checkId}: ${f.message}`), []);
    }
  });
}
