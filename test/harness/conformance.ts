import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckMeta } from '../../src/core/check.js';
import { engineOf, slugOf } from '../../src/core/check.js';
import { validateMeta } from '../../src/core/registry.js';

/** The `##` headings a check's docs page must have, in this order (STYLE.md). */
export const REQUIRED_HEADINGS = ['Why it matters', 'Examples', 'How to fix', 'False positives', 'References'] as const;

function filesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) filesUnder(full, out);
    else out.push(full);
  }
  return out;
}

/** Problems with metadata validity and id uniqueness. */
export function metaProblems(metas: readonly CheckMeta[]): string[] {
  const problems = metas.flatMap((m) => validateMeta(m));
  const seen = new Set<string>();
  for (const m of metas) {
    if (seen.has(m.id)) problems.push(`${m.id}: duplicate id`);
    seen.add(m.id);
  }
  return problems;
}

/** Checks whose file is not `src/engines/<engine>/checks/<slug>.ts` (engines with data rules may keep `rules/`). */
export function placementProblems(metas: readonly CheckMeta[], root: string): string[] {
  return metas
    .filter((m) => {
      const file = join(root, 'src', 'engines', engineOf(m.id), 'checks', `${slugOf(m.id)}.ts`);
      const rules = join(root, 'src', 'engines', engineOf(m.id), 'rules');
      return !existsSync(file) && !existsSync(rules);
    })
    .map((m) => `${m.id}: no src/engines/${engineOf(m.id)}/checks/${slugOf(m.id)}.ts`);
}

/** Checks without a docs page, or whose page lacks the required headings in order. */
export function docsProblems(metas: readonly CheckMeta[], root: string): string[] {
  const problems: string[] = [];
  for (const m of metas) {
    const rel = join('docs', 'checks', engineOf(m.id), `${slugOf(m.id)}.md`);
    const page = join(root, rel);
    if (!existsSync(page)) {
      problems.push(`${m.id}: missing ${rel}`);
      continue;
    }
    const headings = readFileSync(page, 'utf8')
      .split('\n')
      .filter((l) => /^##\s/.test(l))
      .map((l) => l.replace(/^##\s+/, '').trim());
    const found = REQUIRED_HEADINGS.map((h) => headings.indexOf(h));
    const lacking = REQUIRED_HEADINGS.filter((_, i) => found[i]! < 0);
    if (lacking.length > 0) problems.push(`${m.id}: ${rel} lacks headings ${lacking.join(', ')}`);
    else if (found.some((v, i) => i > 0 && v < found[i - 1]!)) problems.push(`${m.id}: ${rel} headings out of order`);
  }
  return problems;
}

/** Checks that no test table or annotated fixture of their engine names. */
export function testProblems(metas: readonly CheckMeta[], root: string): string[] {
  const byEngine = new Map<string, string>();
  const problems: string[] = [];
  for (const m of metas) {
    const engine = engineOf(m.id);
    if (!byEngine.has(engine)) {
      // The engine's own folder, plus every end-to-end test under test/ (fixture servers live there).
      const texts = [...filesUnder(join(root, 'src', 'engines', engine)), ...filesUnder(join(root, 'test'))]
        .filter((f) => /\.test\.ts$/.test(f) || /[\\/]fixtures[\\/]/.test(f))
        .map((f) => readFileSync(f, 'utf8'));
      byEngine.set(engine, texts.join('\n'));
    }
    const slugTest = join(root, 'src', 'engines', engine, 'checks', `${slugOf(m.id)}.test.ts`);
    if (!existsSync(slugTest) && !byEngine.get(engine)!.includes(m.id)) problems.push(`${m.id}: no test table or fixture names it`);
  }
  return problems;
}

/** Messages declared in meta that the check's file never uses. */
export function messageProblems(metas: readonly CheckMeta[], root: string): string[] {
  const problems: string[] = [];
  for (const m of metas) {
    const file = join(root, 'src', 'engines', engineOf(m.id), 'checks', `${slugOf(m.id)}.ts`);
    if (!existsSync(file)) continue;
    const src = readFileSync(file, 'utf8');
    for (const key of Object.keys(m.messages)) {
      if (src.split(key).length - 1 < 2) problems.push(`${m.id}: message "${key}" is never used`);
    }
  }
  return problems;
}
