import { createFinding } from '../../src/core/create.js';
import type { CheckMeta } from '../../src/core/check.js';
import type { Finding, Location } from '../../src/core/finding.js';
import type { EngineRun } from '../../src/core/report.js';

/** A made-up check for tests of the shared machinery (not registered anywhere). */
export const TEST_META: CheckMeta = {
  id: 'code/test-check',
  title: 'Test check',
  severity: 'high',
  confidence: 'high',
  domain: 'injection',
  owasp: ['API8:2023'],
  cwe: ['CWE-89'],
  description: 'A check used only by tests.',
  remediation: 'Nothing to do.',
  references: ['https://owasp.org/API-Security/'],
  messages: { found: 'Found {what}.' },
};

/** A finding of TEST_META at a location. */
export function testFinding(location: Location, what = 'it', key = ''): Finding {
  return createFinding(TEST_META, { messageId: 'found', data: { what }, location, key });
}

/** An engine run holding the given findings. */
export function testRun(findings: Finding[]): EngineRun {
  return {
    engine: 'code',
    target: '.',
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    checks: [TEST_META],
    findings,
    notifications: [],
    stats: {},
  };
}
