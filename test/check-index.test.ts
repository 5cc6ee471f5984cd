import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { allCheckMetas } from '../src/cli/all-checks.js';
import { renderCheckIndex } from '../src/cli/check-index.js';
import { TEST_META } from './harness/report-fixtures.js';

test('docs/checks/README.md is the generated index of the registered checks (run npm run docs:checks)', () => {
  const committed = readFileSync(new URL('../docs/checks/README.md', import.meta.url), 'utf8');
  assert.equal(committed, renderCheckIndex(allCheckMetas()));
});

test('the coverage matrix lists uncovered OWASP categories instead of hiding them', () => {
  const text = renderCheckIndex([TEST_META]);
  assert.match(text, /\| API8:2023 Security Misconfiguration \| code 1 \|/);
  assert.match(text, /\| API1:2023 Broken Object Level Authorization \| \*\*not covered\*\* \|/);
  assert.match(text, /Not covered by any check: API1:2023/);
});
