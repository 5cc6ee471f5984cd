// Every docs page's examples are real: the Vulnerable example fires its check, the Fixed one does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { slugOf } from '../../core/check.js';
import { runCase } from '../../../test/harness/spec.js';
import { SPEC_CHECKS } from './checks/index.js';

const docs = fileURLToPath(new URL('../../../docs/checks/spec/', import.meta.url));

function example(page: string, heading: 'Vulnerable' | 'Fixed'): Record<string, unknown> {
  const at = page.indexOf(`### ${heading}`);
  assert.ok(at >= 0, `no ### ${heading}`);
  const m = /```yaml\n([\s\S]*?)```/.exec(page.slice(at));
  assert.ok(m, `no yaml block under ${heading}`);
  return parse(m[1]!) as Record<string, unknown>;
}

for (const check of SPEC_CHECKS) {
  test(`docs of ${check.meta.id}: the vulnerable example fires, the fixed one does not`, () => {
    const page = readFileSync(`${docs}${slugOf(check.meta.id)}.md`, 'utf8');
    assert.ok(runCase(check, { name: 'vulnerable', spec: example(page, 'Vulnerable') }).length > 0, 'vulnerable example is silent');
    assert.deepEqual(runCase(check, { name: 'fixed', spec: example(page, 'Fixed') }).map((f) => f.message), []);
  });
}
