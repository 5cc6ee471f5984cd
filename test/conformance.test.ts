// The registry conformance test (STYLE.md): every registered check has valid metadata, sits where
// its id says, has a docs page with the required headings, a test table or annotated fixture that
// names it, and uses every message it declares. The second half proves these rules can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allCheckMetas } from '../src/cli/all-checks.js';
import { docsProblems, messageProblems, metaProblems, placementProblems, testProblems } from './harness/conformance.js';
import { TEST_META } from './harness/report-fixtures.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const metas = allCheckMetas();

test('registered checks: metadata valid, ids unique', () => assert.deepEqual(metaProblems(metas), []));
test('registered checks: each lives at checks/<slug>.ts of its engine', () => assert.deepEqual(placementProblems(metas, root), []));
test('registered checks: each has a docs page with the required headings in order', () => assert.deepEqual(docsProblems(metas, root), []));
test('registered checks: each is named by a test table or an annotated fixture', () => assert.deepEqual(testProblems(metas, root), []));
test('registered checks: every declared message is used', () => assert.deepEqual(messageProblems(metas, root), []));

test('the conformance rules fire on a check with no page, no test and an unused message', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-conf-'));
  const meta = { ...TEST_META, messages: { found: 'Found {what}.', unused: 'Never used.' } };
  mkdirSync(join(dir, 'src', 'engines', 'code', 'checks'), { recursive: true });
  writeFileSync(join(dir, 'src', 'engines', 'code', 'checks', 'test-check.ts'), "export default { meta, run() { report('found'); } }; // found\n");
  assert.deepEqual(placementProblems([meta], dir), []);
  assert.match(docsProblems([meta], dir).join('\n'), /missing docs\/checks\/code\/test-check\.md/);
  assert.match(testProblems([meta], dir).join('\n'), /no test table/);
  assert.match(messageProblems([meta], dir).join('\n'), /"unused" is never used/);
  assert.match(placementProblems([{ ...meta, id: 'code/elsewhere' }], dir).join('\n'), /no src\/engines\/code\/checks\/elsewhere\.ts/);

  mkdirSync(join(dir, 'docs', 'checks', 'code'), { recursive: true });
  writeFileSync(join(dir, 'docs', 'checks', 'code', 'test-check.md'), '# T\n## Why it matters\n## How to fix\n## Examples\n## False positives\n## References\n');
  assert.match(docsProblems([meta], dir).join('\n'), /out of order/);
  writeFileSync(join(dir, 'docs', 'checks', 'code', 'test-check.md'), '# T\n## Why it matters\n## Examples\n## How to fix\n## References\n');
  assert.match(docsProblems([meta], dir).join('\n'), /lacks headings False positives/);
  writeFileSync(join(dir, 'docs', 'checks', 'code', 'test-check.md'), '# T\n## Why it matters\n## Examples\n### Vulnerable\n### Fixed\n## How to fix\n## False positives\n## References\n');
  assert.deepEqual(docsProblems([meta], dir), []);
  writeFileSync(join(dir, 'src', 'engines', 'code', 'checks', 'x.test.ts'), "test('code/test-check', () => {});\n");
  assert.deepEqual(testProblems([meta], dir), []);
});

test('the metadata rules fire on bad ids, taxonomy values and duplicates', () => {
  const bad = { ...TEST_META, id: 'Code/Bad_Id', owasp: ['API11:2023'], cwe: ['89'], references: ['not a url'] };
  const problems = metaProblems([bad, TEST_META, TEST_META]).join('\n');
  assert.match(problems, /id must be/);
  assert.match(problems, /invalid OWASP/);
  assert.match(problems, /invalid CWE/);
  assert.match(problems, /not a URL/);
  assert.match(problems, /duplicate id/);
});
