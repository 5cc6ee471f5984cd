// The rule test runner (like Semgrep's): every fixture under fixtures/ is analysed, together with the
// other files of its directory (so cross-file flows are real), and the lines that fire must be
// exactly the lines annotated `expect: <check>` (the annotation sits on the line above).
// `ok: <check>` marks a safe look-alike that must stay silent; `todo-expect:` a known gap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyse } from './engine.js';
import type { SourceFile } from './engine.js';
import checks from './checks/index.js';

const root = fileURLToPath(new URL('./fixtures', import.meta.url));

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) filesUnder(full, out);
    else if (/\.(js|ts|tsx|py|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

/** `file:line check` strings the annotations ask for. */
function expectations(file: string, text: string): { expect: Set<string>; ok: Set<string> } {
  const expect = new Set<string>();
  const ok = new Set<string>();
  const lines = text.split('\n');
  lines.forEach((l, i) => {
    const m = /(?:\/\/|#)\s*(expect|ok|todo-expect):\s*([\w/,\s-]+)$/.exec(l.trim());
    if (!m) return;
    // the annotated line is the next line that is not itself an annotation
    let j = i + 1;
    while (j < lines.length && /^\s*(\/\/|#)\s*(expect|ok|todo-expect):/.test(lines[j]!)) j++;
    for (const id of m[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
      const key = `${file}:${j + 1} ${id}`;
      if (m[1] === 'expect') expect.add(key);
      else if (m[1] === 'ok') ok.add(key);
    }
  });
  return { expect, ok };
}

const groups = new Map<string, string[]>();
for (const f of filesUnder(root)) {
  const rel = relative(root, f).split('\\').join('/');
  const group = rel.split('/')[0]!;
  const list = groups.get(group) ?? [];
  list.push(f);
  groups.set(group, list);
}

for (const [group, paths] of groups) {
  test(`fixtures/${group}: exactly the annotated lines fire`, async () => {
    const files: SourceFile[] = paths.map((p) => ({ path: relative(root, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
    const res = await analyse(files, { checks });
    const want = new Set<string>();
    const okSet = new Set<string>();
    for (const f of files) {
      const e = expectations(f.path, f.text);
      for (const x of e.expect) want.add(x);
      for (const x of e.ok) okSet.add(x);
    }
    const got = new Set<string>();
    for (const f of res.findings) if (f.location.kind === 'file') got.add(`${f.location.file}:${f.location.startLine} ${f.checkId}`);
    const missing = [...want].filter((x) => !got.has(x)).sort();
    const unexpected = [...got].filter((x) => !want.has(x)).sort();
    const okViolated = [...okSet].filter((x) => got.has(x));
    assert.deepEqual({ missing, unexpected, okViolated }, { missing: [], unexpected: [], okViolated: [] });
    assert.equal(res.notifications.filter((n) => n.level !== 'note').length, 0, JSON.stringify(res.notifications));
  });
}
