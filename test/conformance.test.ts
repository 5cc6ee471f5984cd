// The registry conformance test (STYLE.md): every registered check has valid metadata, a docs page
// with the required headings, and a test table or annotated fixture that names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateMeta } from '../src/core/registry.js';
import { engineOf, slugOf } from '../src/core/check.js';
import { ALL_CHECK_LISTS, allCheckMetas } from '../src/cli/all-checks.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const REQUIRED_HEADINGS = ['Why it matters', 'Examples', 'How to fix', 'False positives', 'References'];

function filesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) filesUnder(full, out);
    else out.push(full);
  }
  return out;
}

const metas = allCheckMetas();

test('check metadata is valid and ids are unique', () => {
  const problems = metas.flatMap((m) => validateMeta(m));
  assert.deepEqual(problems, []);
  const ids = metas.map((m) => m.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate check ids');
});

test('every check file lives at checks/<slug>.ts of its engine', () => {
  for (const m of metas) {
    const file = join(root, 'src', 'engines', engineOf(m.id), 'checks', `${slugOf(m.id)}.ts`);
    const rules = join(root, 'src', 'engines', engineOf(m.id), 'rules');
    assert.ok(existsSync(file) || existsSync(rules), `${m.id}: no ${file}`);
  }
});

test('every check has a docs page with the required headings in order', () => {
  const missing: string[] = [];
  for (const m of metas) {
    const page = join(root, 'docs', 'checks', engineOf(m.id), `${slugOf(m.id)}.md`);
    if (!existsSync(page)) {
      missing.push(`${m.id}: missing ${page.slice(root.length)}`);
      continue;
    }
    const headings = readFileSync(page, 'utf8')
      .split('\n')
      .filter((l) => /^##\s/.test(l))
      .map((l) => l.replace(/^##\s+/, '').trim());
    const found = REQUIRED_HEADINGS.map((h) => headings.indexOf(h));
    if (found.some((i) => i < 0)) missing.push(`${m.id}: page lacks headings ${REQUIRED_HEADINGS.filter((_, i) => found[i]! < 0).join(', ')}`);
    else if (found.some((v, i) => i > 0 && v < found[i - 1]!)) missing.push(`${m.id}: headings out of order`);
  }
  assert.deepEqual(missing, []);
});

test('every check is named by a test table or an annotated fixture of its engine', () => {
  const byEngine = new Map<string, string>();
  const missing: string[] = [];
  for (const m of metas) {
    const engine = engineOf(m.id);
    if (!byEngine.has(engine)) {
      const dir = join(root, 'src', 'engines', engine);
      const texts = filesUnder(dir)
        .concat(filesUnder(join(root, 'test', engine)))
        .filter((f) => /\.test\.ts$/.test(f) || /[\\/]fixtures[\\/]/.test(f))
        .map((f) => readFileSync(f, 'utf8'));
      byEngine.set(engine, texts.join('\n'));
    }
    const text = byEngine.get(engine)!;
    const slugFile = join(root, 'src', 'engines', engine, 'checks', `${slugOf(m.id)}.test.ts`);
    if (!existsSync(slugFile) && !text.includes(m.id)) missing.push(m.id);
  }
  assert.deepEqual(missing, []);
});

test('every message of a check is used by its code', () => {
  const unused: string[] = [];
  for (const m of metas) {
    const file = join(root, 'src', 'engines', engineOf(m.id), 'checks', `${slugOf(m.id)}.ts`);
    if (!existsSync(file)) continue;
    const src = readFileSync(file, 'utf8');
    for (const key of Object.keys(m.messages)) {
      const uses = src.split(key).length - 1;
      if (uses < 2) unused.push(`${m.id}: message "${key}"`);
    }
  }
  assert.deepEqual(unused, []);
});

test('registered lists are not empty once an engine registers', () => {
  for (const list of ALL_CHECK_LISTS) assert.ok(list.length > 0);
});
