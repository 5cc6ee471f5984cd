#!/usr/bin/env node
// Finds every *.test.ts under src/ and test/ (or the paths given) and runs them with node's test runner.
// Node 20's --test does not expand globs, so the list is built here.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const skipDirs = new Set(['node_modules', 'dist', 'fixtures', '.git', 'rampart-report']);

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name)) continue;
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) collect(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

const args = process.argv.slice(2);
const targets = args.length > 0 ? args.map((a) => resolve(a)) : [join(root, 'src'), join(root, 'test'), join(root, 'examples')];
const files = [];
for (const t of targets) {
  const st = statSync(t, { throwIfNoEntry: false });
  if (!st) continue;
  if (st.isDirectory()) collect(t, files);
  else files.push(t);
}
files.sort();
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const concurrency = process.env.RAMPART_TEST_CONCURRENCY ?? '2';
const res = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
  { stdio: 'inherit', cwd: root, env: { ...process.env, RAMPART_TEST: '1' } },
);
process.exit(res.status ?? 1);
