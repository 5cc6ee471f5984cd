// Every core scan check, both ways: it fires on the misconfigured fixture API and stays silent on its
// fixed twin (test/fixtures-servers/misconfigured-api.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import checks from '../../src/engines/scan/checks/index.js';
import type { ScanCheck } from '../../src/engines/scan/define.js';
import { runCheckAgainst } from '../harness/scan.js';
import type { TestServer } from '../harness/scan.js';
import { FIXTURE_IDENTITIES, misconfiguredSurface, startMisconfiguredApi } from '../fixtures-servers/misconfigured-api.js';

let bad: TestServer;
let good: TestServer;
before(async () => {
  bad = await startMisconfiguredApi({ secure: false });
  good = await startMisconfiguredApi({ secure: true });
});
after(async () => {
  await bad.close();
  await good.close();
});

/** Check id -> message ids expected on the vulnerable twin (each at least once). */
const TABLE: Record<string, readonly string[]> = {
  'scan/cors-misconfiguration': ['reflected'],
  'scan/cors-preflight-permissive': ['permissive'],
  'scan/exposed-api-documentation': ['spec'],
  'scan/exposed-sensitive-path': ['exposed'],
  'scan/json-content-type-mismatch': ['mismatch'],
  'scan/other-users-data': ['leaked'],
  'scan/security-headers-missing': ['nosniff', 'csp', 'framing'],
  'scan/sensitive-data-in-response': ['exposed'],
  'scan/sensitive-response-cacheable': ['cacheable'],
  'scan/trace-enabled': ['echoed'],
  'scan/undeclared-response-fields': ['undeclared'],
  'scan/unsafe-input-handling': ['serverError', 'slow'],
  'scan/verbose-error': ['leak'],
  'scan/version-banner': ['banner'],
  'scan/xml-entity-expansion': ['expanded'],
};

const byId = new Map((checks as readonly ScanCheck[]).map((c) => [c.meta.id, c]));

for (const [id, messages] of Object.entries(TABLE)) {
  test(`${id}: fires on the vulnerable API, silent on the fixed twin`, async () => {
    const check = byId.get(id);
    assert.ok(check, `${id} is registered`);
    const opts = { identities: FIXTURE_IDENTITIES };
    const v = await runCheckAgainst(check!, bad.url, misconfiguredSurface(), opts);
    const got = new Set(v.findings.map((f) => messageIdOf(check!, f.message)));
    for (const m of messages) assert.ok(got.has(m), `${id}: expected message ${m}, got ${[...got].join(', ') || 'nothing'}\n${v.notifications.map((n) => n.message).join('\n')}`);
    const s = await runCheckAgainst(check!, good.url, misconfiguredSurface(), opts);
    assert.deepEqual(s.findings.map((f) => f.message), [], `${id} must be silent on the fixed twin`);
    assert.deepEqual(s.notifications.filter((n) => n.code === 'check-failed'), []);
  });
}

test('every core check is in the table', () => {
  for (const id of Object.keys(TABLE)) assert.ok(byId.has(id), id);
});

/** Which message template produced a message (templates with placeholders as regexes). */
function messageIdOf(check: ScanCheck, message: string): string {
  for (const [k, t] of Object.entries(check.meta.messages)) {
    const re = new RegExp(`^${t.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[\\s\\S]*')}$`);
    if (re.test(message)) return k;
  }
  return '?';
}
