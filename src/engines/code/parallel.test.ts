// Worker threads must not change the analysis: every fixture group, and all of them together (so
// the work is split over many chunks and cross-file flows span chunks done by different threads),
// gives the same findings, in the same order, and the same notes, with workers on and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import checks from './checks/index.js';
import { analyse } from './engine.js';
import type { AnalyseResult, SourceFile } from './engine.js';

const root = fileURLToPath(new URL('./fixtures', import.meta.url));

function filesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) filesUnder(full, out);
    else if (/\.(js|ts|tsx|py|mjs)$/.test(name)) out.push(full);
  }
  return out;
}

const shape = (r: AnalyseResult) => ({
  findings: r.findings.map((f) => ({ id: f.checkId, fp: f.fingerprint, loc: f.location, trace: f.evidence?.trace })),
  notes: r.notifications.map((n) => `${n.level} ${n.subject} ${n.message}`),
  stats: { ...r.stats, parseWorkers: 0, filesParsedInWorkers: 0 },
  routes: r.routes.map((x) => `${x.method} ${x.path} ${x.file}:${x.line} ${x.guards.map((g) => g.name).join(',')}`),
});

test('worker threads on and off give identical findings on every fixture, in the same order', async () => {
  const files: SourceFile[] = filesUnder(root).map((p) => ({ path: relative(root, p).split('\\').join('/'), text: readFileSync(p, 'utf8') }));
  // a file that fails to parse and one skipped as minified, so notes go through the workers too
  files.splice(3, 0, { path: 'zz/broken.py', text: 'def f(:\n  pass\n' }, { path: 'zz/bundle.min.js', text: `${'var a=1;'.repeat(200)}\n` });
  const off = await analyse(files, { checks, parallel: 'off' });
  const on = await analyse(files, { checks, parallel: 'on' });
  assert.ok(off.findings.length > 50, `fixtures give findings (${off.findings.length})`);
  assert.equal(off.notifications.length, 2);
  assert.deepEqual(shape(on), shape(off));
  // the workers really did part of the work
  assert.equal(off.stats.parseWorkers, 0);
  assert.ok(on.stats.parseWorkers! >= 1);
  assert.ok(on.stats.filesParsedInWorkers! > 0, `files parsed in workers: ${on.stats.filesParsedInWorkers}`);
  // and per fixture group, as the fixture runner analyses them
  const groups = new Map<string, SourceFile[]>();
  for (const f of files) { const g = f.path.split('/')[0]!; groups.set(g, [...(groups.get(g) ?? []), f]); }
  for (const [, group] of groups) {
    const a = await analyse(group, { checks, parallel: 'off' });
    const b = await analyse(group, { checks, parallel: 'on' });
    assert.deepEqual(shape(b), shape(a));
  }
});
